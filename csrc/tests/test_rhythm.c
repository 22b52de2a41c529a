/* C-level checks of the rhythm kernels, without Python: analytic cases.
 * Built and run by ctest with the other C tests (see test_kernels.c). */
#include "fastrosa/rhythm.h"
#include "fastrosa/fft.h"
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* A step up in one bin of four gives a flux of 1/4 (mean) and 0 (median). */
static void test_flux_step(void) {
    enum { F = 4, T = 6 };
    double S[F * T] = {0}, out[T - 1];
    for (int t = 3; t < T; t++) S[2 * T + t] = 1.0;
    ptrdiff_t lo = 0, hi = F;
    CHECK(fr_onset_flux_f64(S, NULL, 1, F * T, F, T, 1, 1, &lo, &hi, 1, FR_AGG_MEAN, out, T - 1) == FR_OK);
    for (int t = 0; t < T - 1; t++) CHECK(out[t] == (t == 2 ? 0.25 : 0.0));
    CHECK(fr_onset_flux_f64(S, NULL, 1, F * T, F, T, 1, 1, &lo, &hi, 1, FR_AGG_MEDIAN, out, T - 1) == FR_OK);
    for (int t = 0; t < T - 1; t++) CHECK(out[t] == 0.0);
    /* a 3-bin maximum filter spreads the step to bins 1..3: the reference of
     * bin 1 at frame t >= 3 is 1, so no flux anywhere but bin 2's own step
     * (whose reference at frame 2 is still 0) and bins 1 and 3's */
    CHECK(fr_onset_flux_f64(S, NULL, 1, F * T, F, T, 1, 3, &lo, &hi, 1, FR_AGG_MEAN, out, T - 1) == FR_OK);
    CHECK(out[2] == 0.25 && out[3] == 0.0);
    CHECK(fr_onset_flux_f64(S, NULL, 1, F * T, F, T, 0, 1, &lo, &hi, 1, FR_AGG_MEAN, out, T - 1) == FR_ERR_SIZE);
}

/* Isolated unit spikes every 10 samples are all peaks. */
static void test_peak_pick_spikes(void) {
    enum { N = 100 };
    float x[N] = {0};
    unsigned char p[N];
    for (int i = 5; i < N; i += 10) x[i] = 1.0f;
    CHECK(fr_peak_pick_f32(x, 1, N, N, 3, 3, 3, 5, 0.5f, 2, p, N) == FR_OK);
    for (int i = 0; i < N; i++) CHECK(p[i] == (i % 10 == 5));
    CHECK(fr_peak_pick_f32(x, 1, N, N, 3, 0, 3, 5, 0.5f, 2, p, N) == FR_ERR_SIZE);
}

/* An impulse train of period 20 frames tracked at 20 frames per beat gives
 * beats on the impulses. */
static void test_beat_track_train(void) {
    enum { N = 400 };
    double e[N] = {0}, fpb = 20.0;
    unsigned char beats[N];
    for (int i = 10; i < N; i += 20) e[i] = 1.0;
    CHECK(fr_beat_track_f64(e, 1, N, N, &fpb, 1, 1, 100.0f, 1, beats, N) == FR_OK);
    int count = 0;
    for (int i = 0; i < N; i++) {
        if (beats[i]) {
            CHECK(i % 20 == 10);
            count++;
        }
    }
    CHECK(count >= 15);
    CHECK(fr_beat_track_f64(e, 1, N, 1, &fpb, 1, 1, 100.0f, 1, beats, N) == FR_ERR_SIZE);
}

/* Median flux with many exact zeros: each frame's median against a sort,
 * for odd and even bin counts, over more frames than one block. */
static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_flux_median_zeros(void) {
    enum { F = 9, T = 150 };
    static double S[F * T], out[T - 1], col[F];
    unsigned v = 12345;
    for (int i = 0; i < F * T; i++) {
        v = v * 1103515245u + 12345u;
        S[i] = (double)((v >> 16) % 3); /* many equal neighbours: zero flux */
    }
    for (ptrdiff_t nb = 1; nb <= F; nb++) {
        ptrdiff_t lo = 0, hi = nb;
        CHECK(fr_onset_flux_f64(S, NULL, 1, F * T, F, T, 1, 1, &lo, &hi, 1, FR_AGG_MEDIAN, out,
                                T - 1) == FR_OK);
        for (int t = 0; t < T - 1; t++) {
            for (int f = 0; f < nb; f++) {
                double d = S[f * T + t + 1] - S[f * T + t];
                col[f] = d < 0 ? 0 : d;
            }
            qsort(col, (size_t)nb, sizeof(double), cmp_double);
            double want = nb % 2 ? col[nb / 2] : (col[nb / 2 - 1] + col[nb / 2]) / 2;
            CHECK(out[t] == want);
        }
    }
    S[3 * T + 40] = NAN;
    ptrdiff_t lo = 0, hi = F;
    CHECK(fr_onset_flux_f64(S, NULL, 1, F * T, F, T, 1, 1, &lo, &hi, 1, FR_AGG_MEDIAN, out,
                            T - 1) == FR_OK);
    CHECK(isnan(out[39]) && isnan(out[40]) && !isnan(out[41]));
}

/* The time-averaged tempogram equals the mean of the tempogram's frames, and
 * is the same for 1 and 3 threads. */
static void test_tempogram_mean(void) {
    enum { W = 48, NF = 300, P = 96, R = 2 };
    const ptrdiff_t len = NF + W - 1;
    double *x = (double *)malloc(R * len * sizeof(double));
    double *tg = (double *)malloc(R * W * NF * sizeof(double));
    double w[W], m1[R * W], m3[R * W];
    for (int j = 0; j < W; j++) w[j] = 0.5 - 0.5 * cos(2 * M_PI * j / W);
    for (ptrdiff_t i = 0; i < R * len; i++)
        x[i] = (i % 7 == 0 || i % 11 == 3) ? 1.0 + (double)(i % 5) : 0.0;
    for (ptrdiff_t i = 0; i < 60; i++) x[len + i] = 0.0; /* silent frames in row 1 */
    CHECK(fr_tempogram_f64(x, R, len, NF, w, W, P, 1, tg, W * NF, 1) == FR_OK);
    CHECK(fr_tempogram_mean_f64(x, R, len, NF, w, W, P, m1, W, 1) == FR_OK);
    CHECK(fr_tempogram_mean_f64(x, R, len, NF, w, W, P, m3, W, 3) == FR_OK);
    for (int r = 0; r < R; r++)
        for (int k = 0; k < W; k++) {
            double s = 0;
            for (int t = 0; t < NF; t++) s += tg[r * W * NF + k * NF + t];
            CHECK(fabs(m1[r * W + k] - s / NF) < 1e-12);
            CHECK(m1[r * W + k] == m3[r * W + k]);
        }
    CHECK(fr_tempogram_mean_f64(x, R, len, NF, w, W, 2 * W - 2, m1, W, 1) == FR_ERR_SIZE);
    free(x);
    free(tg);
}

static void run(void) {
    if (fftw_from_env()) {
        test_tempogram_mean();
        fr_fftw_clear_plans();
    } else {
        fprintf(stderr, "FASTROSA_FFTW_LIBS not set: tempogram checks skipped\n");
    }
    test_flux_median_zeros();
    test_flux_step();
    test_peak_pick_spikes();
    test_beat_track_train();
}

int main(void) { return run_at_every_level("rhythm kernels", run); }
