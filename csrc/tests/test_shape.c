/* C-level checks of the spectral shape kernels: the per-frame reducers over a
 * stored spectrogram against direct formulas, the same reducers fused with
 * the STFT against the stored path, contrast's band extremes against a sort,
 * and RMS of a constant. The fused checks are skipped when
 * FASTROSA_FFTW_LIBS (dbl.so:flt.so) is not set. */
#include "fastrosa/fft.h"
#include "fastrosa/shape.h"
#include "fastrosa/spectrum.h"
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


enum { NF = 33, NT = 70 }; /* bins, frames (more than one gather block) */

static double lcg(unsigned *state) {
    *state = *state * 1664525u + 1013904223u;
    return (double)(*state >> 8) / 16777216.0;
}

/* Reducers over a stored (bins, frames) spectrogram, against direct sums. */
static void test_spec_reduce(void) {
    double S[NF * NT], f[NF], sufmin[NF], out[NT];
    unsigned seed = 7;
    for (int k = 0; k < NF; k++) f[k] = 100.0 * k;
    for (int i = 0; i < NF * NT; i++) S[i] = lcg(&seed);
    for (int k = 0; k < NF; k++) S[k * NT + 5] = 0.0; /* a silent frame */
    fr_reducer red = {0};
    red.freq = f;

    red.kind = FR_REDUCE_CENTROID;
    CHECK(fr_spec_reduce_f64(S, 1, NF * NT, NT, 1, NF, NT, &red, out, NT, NT, 2) == FR_OK);
    for (int t = 0; t < NT; t++) {
        double L = 0, m = 0;
        for (int k = 0; k < NF; k++) L += S[k * NT + t], m += f[k] * S[k * NT + t];
        CHECK(fabs(out[t] - (t == 5 ? 0.0 : m / L)) < 1e-9);
    }
    CHECK(out[5] == 0.0);

    red.kind = FR_REDUCE_BANDWIDTH;
    for (int pi = 0; pi < 3; pi++) {
        const double ps[3] = {2.0, 1.0, 3.5};
        red.p = ps[pi];
        red.norm = pi != 1;
        CHECK(fr_spec_reduce_f64(S, 1, NF * NT, NT, 1, NF, NT, &red, out, NT, NT, 1) == FR_OK);
        for (int t = 0; t < NT; t += 7) {
            double L = 0, m = 0, acc = 0;
            for (int k = 0; k < NF; k++) L += S[k * NT + t], m += f[k] * S[k * NT + t];
            const double c = L > 0 ? m / L : 0.0;
            for (int k = 0; k < NF; k++) acc += S[k * NT + t] * pow(fabs(f[k] - c), red.p);
            if (red.norm && L > 0) acc /= L;
            CHECK(fabs(out[t] - pow(acc, 1.0 / red.p)) < 1e-9 * (1.0 + out[t]));
        }
    }

    /* rolloff: freq holds suffix minima (here the frequencies themselves) */
    for (int k = 0; k < NF; k++) sufmin[k] = f[k];
    red.kind = FR_REDUCE_ROLLOFF;
    red.freq = sufmin;
    red.roll_percent = 0.85;
    CHECK(fr_spec_reduce_f64(S, 1, NF * NT, NT, 1, NF, NT, &red, out, NT, NT, 1) == FR_OK);
    for (int t = 0; t < NT; t++) {
        double total = 0, run = 0;
        int k0 = 0;
        for (int k = 0; k < NF; k++) total += S[k * NT + t];
        for (k0 = 0; k0 < NF; k0++)
            if ((run += S[k0 * NT + t]) >= 0.85 * total) break;
        CHECK(out[t] == f[k0]);
    }
    CHECK(out[5] == 0.0); /* silence: the lowest frequency */

    /* flatness: 1 for a flat spectrum, in every summation order */
    red.kind = FR_REDUCE_FLATNESS;
    red.amin = 1e-10;
    for (int mode = FR_SUM_DOUBLE; mode <= FR_SUM_PAIRWISE; mode++) {
        double flat[NF * 3];
        red.sum_mode = mode;
        for (int i = 0; i < NF * 3; i++) flat[i] = 0.25;
        CHECK(fr_spec_reduce_f64(flat, 1, NF * 3, 3, 1, NF, 3, &red, out, 3, 3, 1) == FR_OK);
        CHECK(fabs(out[0] - 1.0) < 1e-12);
        CHECK(fr_spec_reduce_f64(S, 1, NF * NT, NT, 1, NF, NT, &red, out, NT, NT, 1) == FR_OK);
        for (int t = 0; t < NT; t += 5) {
            double lg = 0, am = 0;
            for (int k = 0; k < NF; k++) {
                const double v = fmax(S[k * NT + t], 1e-10);
                lg += log(v), am += v;
            }
            CHECK(fabs(out[t] - exp(lg / NF) / (am / NF)) < 1e-9);
        }
    }
    CHECK(fr_spec_reduce_f64(S, 1, NF * NT, NT, 1, 0, NT, &red, out, NT, NT, 1) == FR_ERR_SIZE);

    /* the same spectrogram stored frame by frame (read in place) gives the
     * same bits for every kind, on one or two threads */
    {
        static double Ft[NF * NT], a[NT], b[NT];
        const int kinds[4] = {FR_REDUCE_CENTROID, FR_REDUCE_BANDWIDTH, FR_REDUCE_ROLLOFF,
                              FR_REDUCE_FLATNESS};
        for (int k = 0; k < NF; k++)
            for (int t = 0; t < NT; t++) Ft[t * NF + k] = S[k * NT + t];
        for (int i = 0; i < 4; i++) {
            red.kind = kinds[i];
            red.freq = kinds[i] == FR_REDUCE_ROLLOFF ? sufmin : f;
            red.p = 2.0; red.norm = 1; red.sum_mode = FR_SUM_PAIRWISE;
            for (int threads = 1; threads <= 2; threads++) {
                CHECK(fr_spec_reduce_f64(S, 1, NF * NT, NT, 1, NF, NT, &red, a, NT, NT, threads) == FR_OK);
                CHECK(fr_spec_reduce_f64(Ft, 1, NF * NT, 1, NF, NF, NT, &red, b, NT, NT, threads) == FR_OK);
                CHECK(memcmp(a, b, sizeof(a)) == 0);
            }
        }
    }
}

static int cmp_double(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Band valleys and peaks against a full sort, for small and large q. */
static void test_contrast(void) {
    double S[NF * NT], valley[3 * NT], peak[3 * NT], band[NF];
    ptrdiff_t start[4] = {0, 5, 5 + 12, 5 + 12 + 16}, idx[33], q[3];
    unsigned seed = 11;
    for (int i = 0; i < NF * NT; i++) S[i] = floor(lcg(&seed) * 20.0); /* with ties */
    for (int k = 0; k < 33; k++) idx[k] = k < 5 ? k : (k < 17 ? k - 2 : k - 17 + 15);
    for (int trial = 0; trial < 2; trial++) {
        q[0] = 1; q[1] = trial ? 9 : 2; q[2] = trial ? 16 : 3;
        CHECK(fr_contrast_f64(S, 1, NF * NT, NF, NT, 0, 3, start, idx, q, valley, peak, 3 * NT, 2) == FR_OK);
        for (int b = 0; b < 3; b++)
            for (int t = 0; t < NT; t++) {
                const ptrdiff_t m = start[b + 1] - start[b];
                double lo = 0, hi = 0;
                for (ptrdiff_t k = 0; k < m; k++) band[k] = S[idx[start[b] + k] * NT + t];
                qsort(band, (size_t)m, sizeof(double), cmp_double);
                for (ptrdiff_t k = 0; k < q[b]; k++) lo += band[k], hi += band[m - 1 - k];
                CHECK(fabs(valley[b * NT + t] - lo / q[b]) < 1e-12);
                CHECK(fabs(peak[b * NT + t] - hi / q[b]) < 1e-12);
            }
        /* the same spectra stored frame-major: the same bits */
        double ST[NF * NT], v2[3 * NT], p2[3 * NT];
        for (int k = 0; k < NF; k++)
            for (int t = 0; t < NT; t++) ST[t * NF + k] = S[k * NT + t];
        CHECK(fr_contrast_f64(ST, 1, NF * NT, NF, NT, 1, 3, start, idx, q, v2, p2, 3 * NT, 2) == FR_OK);
        CHECK(memcmp(v2, valley, sizeof v2) == 0 && memcmp(p2, peak, sizeof p2) == 0);
    }
    idx[0] = NF; /* a bin out of range is refused */
    CHECK(fr_contrast_f64(S, 1, NF * NT, NF, NT, 0, 3, start, idx, q, valley, peak, 3 * NT, 1) == FR_ERR_SIZE);
}

static int cmp_float(const void *a, const void *b) {
    const float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* Long runs of consecutive bins (the grouped selection), with distinct
 * values, few distinct values (more tied candidates than it ranks) and one
 * value, against a full sort: the same sums, in the same order. */
static void test_contrast_runs(void) {
    enum { F = 431, TF = 3 };
    static float S[F * TF], band[F];
    double valley[2 * TF], peak[2 * TF];
    ptrdiff_t start[3] = {0, 150, F}, idx[F], q[2] = {3, 9};
    unsigned seed = 5;
    for (int k = 0; k < F; k++) idx[k] = k;
    for (int kind = 0; kind < 3; kind++) {
        for (int i = 0; i < F * TF; i++)
            S[i] = kind == 0 ? (float)lcg(&seed) : kind == 1 ? (float)floor(lcg(&seed) * 3.0) : 0.5f;
        for (int trial = 0; trial < 3; trial++) {
            q[1] = trial == 0 ? 9 : trial == 1 ? 32 : 1; /* 1: 8 groups of 35 values */
            CHECK(fr_contrast_f32(S, 1, F * TF, F, TF, 0, 2, start, idx, q, valley, peak, 2 * TF, 1) == FR_OK);
            for (int b = 0; b < 2; b++)
                for (int t = 0; t < TF; t++) {
                    const ptrdiff_t m = start[b + 1] - start[b];
                    double lo = 0, hi = 0;
                    for (ptrdiff_t k = 0; k < m; k++) band[k] = S[(start[b] + k) * TF + t];
                    qsort(band, (size_t)m, sizeof(float), cmp_float);
                    for (ptrdiff_t k = 0; k < q[b]; k++) lo += band[k], hi += band[m - 1 - k];
                    CHECK(valley[b * TF + t] == (double)(float)(lo / (double)q[b]));
                    CHECK(peak[b * TF + t] == (double)(float)(hi / (double)q[b]));
                }
        }
    }
}

/* RMS of a constant is its magnitude; of one sample in a frame, |x| / sqrt(L). */
static void test_rms(void) {
    float x[100];
    double out[10];
    for (int i = 0; i < 100; i++) x[i] = -0.5f;
    CHECK(fr_rms_f32(x, 1, 100, 100, 10, 10, 0, 10, out, 10) == FR_OK);
    for (int t = 0; t < 10; t++) CHECK(fabs(out[t] - 0.5) < 1e-12);
    /* centred frames over implicit zeros: half of the first frame is padding */
    CHECK(fr_rms_f32(x, 1, 100, 100, 10, 5, -5, 3, out, 3) == FR_OK);
    CHECK(fabs(out[0] - 0.5 * sqrt(0.5)) < 1e-12 && fabs(out[1] - 0.5) < 1e-12);
    memset(x, 0, sizeof x);
    x[13] = 3.0f;
    for (int hop = 3; hop <= 10; hop += 7) { /* hop not dividing, and dividing, the frame */
        CHECK(fr_rms_f32(x, 1, 100, 100, 10, hop, 0, 5, out, 5) == FR_OK);
        for (int t = 0; t < 5; t++) {
            const double want = (t * hop <= 13 && 13 < t * hop + 10) ? 3.0 / sqrt(10.0) : 0.0;
            CHECK(fabs(out[t] - want) < 1e-12);
        }
    }
    CHECK(fr_rms_f32(x, 1, 100, 100, 0, 10, 0, 1, out, 1) == FR_ERR_SIZE);
}

/* The fused reducers equal the stored path over fr_stft_power's |X|. */
static void test_fused(void) {
    enum { N = 8192, NFFT = 512, HOP = 128, F = NFFT / 2 + 1 };
    const double pi = 3.14159265358979323846;
    const ptrdiff_t n_frames = 1 + (N - NFFT) / HOP;
    float *x = malloc(sizeof(float) * N), *P = malloc(sizeof(float) * F * n_frames), w[NFFT];
    double *a = malloc(sizeof(double) * n_frames), *b = malloc(sizeof(double) * n_frames);
    double f[F], sufmin[F], w64[NFFT];
    unsigned seed = 3;
    for (int i = 0; i < N; i++) x[i] = (float)(sin(2 * pi * 1000.0 * i / 22050.0) + 1e-4 * (lcg(&seed) - 0.5));
    for (int j = 0; j < NFFT; j++) w64[j] = 0.5 - 0.5 * cos(2 * pi * j / NFFT), w[j] = (float)w64[j];
    for (int k = 0; k < F; k++) f[k] = sufmin[k] = 22050.0 * k / NFFT;
    CHECK(fr_stft_power_f32(x, 1, N, n_frames, HOP, w, NFFT, 1.0, NULL, P, F * n_frames, n_frames, 1) == FR_OK);
    const int kinds[4] = {FR_REDUCE_CENTROID, FR_REDUCE_BANDWIDTH, FR_REDUCE_ROLLOFF, FR_REDUCE_FLATNESS};
    for (int i = 0; i < 4; i++) {
        fr_reducer red = {0};
        red.kind = kinds[i];
        red.freq = kinds[i] == FR_REDUCE_ROLLOFF ? sufmin : f;
        red.p = 2.0; red.norm = 1; red.roll_percent = 0.85; red.amin = 1e-10;
        red.sum_mode = FR_SUM_SEQUENTIAL;
        for (int threads = 1; threads <= 2; threads++) {
            CHECK(fr_stft_reduce_f32(x, 1, N, n_frames, HOP, w, NFFT, 1.0, &red, a, n_frames, n_frames, threads) == FR_OK);
            CHECK(fr_spec_reduce_f32(P, 1, F * n_frames, n_frames, 1, F, n_frames, &red, b, n_frames, n_frames, 1) == FR_OK);
            for (ptrdiff_t t = 0; t < n_frames; t++) CHECK(a[t] == b[t]);
        }
        if (kinds[i] == FR_REDUCE_CENTROID)
            for (ptrdiff_t t = 0; t < n_frames; t++) CHECK(fabs(a[t] - 1000.0) < 40.0);
    }
    /* contrast: fused valleys and peaks equal the stored kernel's */
    {
        ptrdiff_t start[3] = {0, 40, 40 + 217}, idx[257], q[2] = {2, 5};
        double *v = malloc(sizeof(double) * 2 * n_frames), *pk = malloc(sizeof(double) * 2 * n_frames);
        double *o = malloc(sizeof(double) * 4 * n_frames);
        for (int k = 0; k < 257; k++) idx[k] = k;
        fr_reducer red = {0};
        red.kind = FR_REDUCE_CONTRAST; red.freq = f;
        red.n_bands = 2; red.start = start; red.idx = idx; red.q = q;
        CHECK(fr_stft_reduce_f32(x, 1, N, n_frames, HOP, w, NFFT, 1.0, &red, o, 4 * n_frames, n_frames, 2) == FR_OK);
        CHECK(fr_contrast_f32(P, 1, F * n_frames, F, n_frames, 0, 2, start, idx, q, v, pk, 2 * n_frames, 1) == FR_OK);
        for (ptrdiff_t t = 0; t < 2 * n_frames; t++) CHECK(o[t] == v[t] && o[2 * n_frames + t] == pk[t]);
        idx[3] = F; /* a bin out of range is refused */
        CHECK(fr_stft_reduce_f32(x, 1, N, n_frames, HOP, w, NFFT, 1.0, &red, o, 4 * n_frames, n_frames, 1) == FR_ERR_SIZE);
        free(v); free(pk); free(o);
    }
    /* a refined rolloff differs from the plain one at most by a bin */
    fr_reducer red = {0};
    red.kind = FR_REDUCE_ROLLOFF; red.freq = sufmin; red.roll_percent = 0.5; red.window64 = w64;
    CHECK(fr_stft_reduce_f32(x, 1, N, n_frames, HOP, w, NFFT, 1.0, &red, a, n_frames, n_frames, 2) == FR_OK);
    red.window64 = NULL;
    CHECK(fr_stft_reduce_f32(x, 1, N, n_frames, HOP, w, NFFT, 1.0, &red, b, n_frames, n_frames, 2) == FR_OK);
    for (ptrdiff_t t = 0; t < n_frames; t++) CHECK(fabs(a[t] - b[t]) <= 22050.0 / NFFT + 1e-9);
    free(x); free(P); free(a); free(b);
}

static void run(void) {
    test_spec_reduce();
    test_contrast();
    test_contrast_runs();
    test_rms();
    if (fftw_from_env()) {
        test_fused();
        fr_fftw_clear_plans();
    } else {
        fprintf(stderr, "FASTROSA_FFTW_LIBS not set: fused checks skipped\n");
    }
}

int main(void) { return run_at_every_level("shape kernels", run); }
