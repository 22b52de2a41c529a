/* C-level checks of the kernels, without Python: analytic cases and a
 * round trip, so a bug can be pinned to the C layer. Build and run with
 *   cmake -S . -B build/ctest -DFASTROSA_CTESTS=ON [-DFASTROSA_SANITIZE=ON]
 *   cmake --build build/ctest && FASTROSA_FFTW_LIBS=dbl.so:flt.so ctest --test-dir build/ctest
 * The FFT checks are skipped when FASTROSA_FFTW_LIBS is not set. */
#include "fastrosa/decompose.h"
#include "fastrosa/fft.h"
#include "fastrosa/spectrum.h"
#include "fastrosa/zcr.h"
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* A square wave of period 8 crosses zero twice per period. */
static void test_zcr_square(void) {
    enum { N = 256, L = 32, HOP = 16 };
    double x[N], out[N];
    unsigned char z[N];
    for (int i = 0; i < N; i++) x[i] = (i / 4) % 2 ? -1.0 : 1.0;
    ptrdiff_t n_frames = 1 + (N - L) / HOP;
    CHECK(fr_zcr_f64(x, 1, N, N, L, HOP, 0, n_frames, 1e-10, 1, 0, out, n_frames) == FR_OK);
    for (ptrdiff_t t = 0; t < n_frames; t++) CHECK(fabs(out[t] - 7.0 / 32.0) < 1e-15 || fabs(out[t] - 8.0 / 32.0) < 1e-15);
    CHECK(fr_zero_crossings_f64(x, 1, N, N, 1e-10, 1, 1, z, N) == FR_OK);
    int count = 0;
    for (int i = 1; i < N; i++) count += z[i];
    CHECK(z[0] == 1 && count == N / 4 - 1);
    /* centred frames beyond both ends: edge repetition never crosses */
    CHECK(fr_zcr_f64(x, 1, N, N, L, HOP, -L / 2, 3, 1e-10, 1, 0, out, 3) == FR_OK);
    CHECK(fr_zcr_f64(x, 1, N, 1, L, HOP, -L / 2, 2, 1e-10, 1, 0, out, 2) == FR_OK);
    CHECK(out[0] == 0.0 && out[1] == 0.0);
    CHECK(fr_zcr_f64(x, 1, N, 0, L, HOP, 0, 1, 0.0, 1, 0, out, 1) == FR_ERR_SIZE);
}

/* stft of a windowed cosine at bin k peaks at k; istft(stft(x)) == x. */
static void test_stft_roundtrip(void) {
    enum { N = 1 << 17, NFFT = 512, HOP = 128, F = NFFT / 2 + 1 }; /* threads split it */
    const double pi = 3.14159265358979323846;
    float *x = malloc(sizeof(float) * N), *y = calloc(N, sizeof(float));
    float w[NFFT];
    ptrdiff_t n_frames = 1 + (N - NFFT) / HOP;
    fr_cfloat *S = malloc(sizeof(fr_cfloat) * F * n_frames);
    for (int i = 0; i < N; i++) x[i] = (float)cos(2 * pi * 20 * i / NFFT);
    for (int j = 0; j < NFFT; j++) w[j] = (float)(0.5 - 0.5 * cos(2 * pi * j / NFFT));
    for (int threads = 1; threads <= 3; threads++) {
        CHECK(fr_stft_f32(x, 1, N, n_frames, HOP, w, NFFT, S, F * n_frames, threads) == FR_OK);
        int best = 0;
        for (int k = 1; k < F; k++)
            if (hypot(S[k].re, S[k].im) > hypot(S[best].re, S[best].im)) best = k;
        CHECK(best == 20);
    }
    /* |X|^2 in the same pass equals the squared STFT; one all-ones band sums it */
    {
        float *P = malloc(sizeof(float) * F * n_frames), total = 0, band[1];
        ptrdiff_t lo = 0, hi = F, off = 0;
        float *ones = malloc(sizeof(float) * F);
        for (int k = 0; k < F; k++) ones[k] = 1.0f;
        fr_bands_f32 b = {1, &lo, &hi, &off, ones};
        CHECK(fr_stft_power_f32(x, 1, N, n_frames, HOP, w, NFFT, 2.0, NULL, P, F * n_frames, n_frames, 1) == FR_OK);
        for (int k = 0; k < F; k++) {
            float want = S[k].re * S[k].re + S[k].im * S[k].im;
            CHECK(fabsf(P[k * n_frames] - want) <= 1e-5f * (1.0f + want));
            total += P[k * n_frames];
        }
        CHECK(fr_stft_power_f32(x, 1, N, 1, HOP, w, NFFT, 2.0, &b, band, 1, 1, 1) == FR_OK);
        CHECK(fabsf(band[0] - total) <= 1e-4f * total);
        hi = F + 1; /* a band past the last bin is refused */
        CHECK(fr_stft_power_f32(x, 1, N, 1, HOP, w, NFFT, 2.0, &b, band, 1, 1, 1) == FR_ERR_SIZE);
        free(P);
        free(ones);
    }
    memset(y, 0, sizeof(float) * N);
    CHECK(fr_istft_f32(S, 1, F * n_frames, F, 1, n_frames, NFFT, HOP, w, 0, y, N, N, 1) == FR_OK);
    double err = 0;
    for (int i = NFFT; i < N - NFFT; i++) {
        /* not fmax(): GCC 12's aarch64 vectoriser crashes on that reduction */
        const double d = fabs(y[i] - x[i]);
        err = d > err ? d : err;
    }
    CHECK(err < 1e-5);
    /* the same frames stored bin by bin, or in reverse order read with a
     * negative frame stride, split over 1..3 threads, centred or not, give
     * the same bits; two rows are independent */
    {
        fr_cfloat *T = malloc(sizeof(fr_cfloat) * F * n_frames);
        fr_cfloat *R = malloc(sizeof(fr_cfloat) * F * n_frames);
        float *y1 = malloc(sizeof(float) * N), *y2 = malloc(sizeof(float) * 2 * N);
        for (ptrdiff_t t = 0; t < n_frames; t++)
            for (int k = 0; k < F; k++) {
                T[k * n_frames + t] = S[t * F + k];
                R[(n_frames - 1 - t) * F + k] = S[t * F + k];
            }
        memset(y1, 0, sizeof(float) * N);
        CHECK(fr_istft_f32(S, 1, 0, F, 1, n_frames, NFFT, HOP, w, NFFT / 2, y1, N, N - 7, 1) ==
              FR_OK);
        for (int threads = 1; threads <= 3; threads++) {
            memset(y2, 0, sizeof(float) * 2 * N);
            CHECK(fr_istft_f32(T, 1, 0, 1, n_frames, n_frames, NFFT, HOP, w, 0, y2, N, N,
                               threads) == FR_OK);
            CHECK(memcmp(y2, y, sizeof(float) * N) == 0);
            memset(y2, 0, sizeof(float) * 2 * N);
            CHECK(fr_istft_f32(R + (n_frames - 1) * F, 1, 0, -F, 1, n_frames, NFFT, HOP, w, 0,
                               y2, N, N, threads) == FR_OK);
            CHECK(memcmp(y2, y, sizeof(float) * N) == 0);
            memset(y2, 0, sizeof(float) * 2 * N);
            CHECK(fr_istft_f32(T, 2, 0, 1, n_frames, n_frames, NFFT, HOP, w, NFFT / 2, y2, N,
                               N - 7, threads) == FR_OK);
            CHECK(memcmp(y2, y1, sizeof(float) * (N - 7)) == 0);
            CHECK(memcmp(y2 + N, y1, sizeof(float) * (N - 7)) == 0);
        }
        CHECK(fr_istft_f32(T, 1, 0, 1, n_frames, n_frames, NFFT, 0, w, 0, y2, N, N, 1) ==
              FR_ERR_SIZE);
        free(T);
        free(R);
        free(y1);
        free(y2);
    }
    CHECK(fr_stft_f32(x, 1, N, n_frames, 0, w, NFFT, S, F, 1) == FR_ERR_SIZE);
    free(x); free(y); free(S);
}

/* The real FFT (in float, a half-length complex FFT plus a split pass for
 * even n) against a direct DFT in long double, and its inverse back to the
 * signal, for every n from 1 to 70 and 2048. */
static void test_rfft_direct(void) {
    static double x[2048];
    static float xf[2048];
    for (int n = 1; n <= 2048; n = n < 70 ? n + 1 : 4096) {
        const fr_plan *pd, *pf;
        CHECK(fr_plan_rfft(n, 0, &pd) == FR_OK && fr_plan_rfft(n, 1, &pf) == FR_OK);
        double *bd = (double *)fr_fftw_malloc((size_t)n * sizeof(double));
        float *bf = (float *)fr_fftw_malloc((size_t)n * sizeof(float));
        fr_cdouble *od = (fr_cdouble *)fr_fftw_malloc((size_t)(n / 2 + 1) * sizeof(fr_cdouble));
        fr_cfloat *of = (fr_cfloat *)fr_fftw_malloc((size_t)(n / 2 + 1) * sizeof(fr_cfloat));
        for (int i = 0; i < n; i++) bf[i] = xf[i] = (float)(x[i] = sin(1.3 * i) + 0.1 * i - 1.0);
        for (int i = 0; i < n; i++) bd[i] = x[i];
        fr_rfft_exec_f64(pd, bd, od);
        fr_rfft_exec_f32(pf, bf, of);
        long double scale = 0, ed = 0, ef = 0;
        for (int k = 0; k <= n / 2; k++) {
            long double re = 0, im = 0;
            for (int j = 0; j < n; j++) {
                long double a = -2.0L * 3.14159265358979323846L * (long double)((long)j * k % n) / n;
                re += x[j] * cosl(a);
                im += x[j] * sinl(a);
            }
            scale = fmaxl(scale, fabsl(re) + fabsl(im));
            ed = fmaxl(ed, fabsl(od[k].re - re) + fabsl(od[k].im - im));
            ef = fmaxl(ef, fabsl(of[k].re - re) + fabsl(of[k].im - im));
        }
        CHECK(ed <= 1e-13L * scale);
        CHECK(ef <= 2e-6L * scale);
        /* and back: the unnormalised inverse gives n x */
        const fr_plan *qd, *qf;
        CHECK(fr_plan_irfft(n, 0, &qd) == FR_OK && fr_plan_irfft(n, 1, &qf) == FR_OK);
        fr_irfft_exec_f64(qd, od, bd);
        fr_irfft_exec_f32(qf, of, bf);
        long double xmax = 0, rd = 0, rf = 0;
        for (int j = 0; j < n; j++) {
            xmax = fmaxl(xmax, fabsl((long double)x[j]));
            rd = fmaxl(rd, fabsl(bd[j] / n - (long double)x[j]));
            rf = fmaxl(rf, fabsl(bf[j] / n - (long double)xf[j]));
        }
        CHECK(rd <= 1e-13L * xmax);
        CHECK(rf <= 2e-6L * xmax);
        fr_fftw_free(bd);
        fr_fftw_free(bf);
        fr_fftw_free(od);
        fr_fftw_free(of);
    }
}

/* fr_hpss_istft equals fr_hpss_masks then fr_istft of each output, bit for
 * bit, for 1 to 3 threads, with a frame and a bin left silent. */
static void test_hpss_istft(void) {
    enum { NFFT = 256, HOP = 64, F = NFFT / 2 + 1, T = 300, LEN = NFFT + HOP * (T - 1) - NFFT };
    const double pi = 3.14159265358979323846;
    float *harm = malloc(sizeof(float) * F * T), *perc = malloc(sizeof(float) * F * T);
    float *mag = malloc(sizeof(float) * F * T), w[NFFT];
    fr_cfloat *D = malloc(sizeof(fr_cfloat) * F * T), *H = malloc(sizeof(fr_cfloat) * F * T);
    fr_cfloat *P = malloc(sizeof(fr_cfloat) * F * T);
    float *yh = calloc(LEN, sizeof(float)), *yp = calloc(LEN, sizeof(float));
    float *fh = malloc(sizeof(float) * LEN), *fp = malloc(sizeof(float) * LEN);
    srand(5);
    for (int i = 0; i < F * T; i++) {
        D[i].re = (float)rand() / RAND_MAX - 0.5f;
        D[i].im = (float)rand() / RAND_MAX - 0.5f;
        if (i / F == 7 || i % F == 3) D[i].re = D[i].im = 0.0f;
        mag[i] = hypotf(D[i].re, D[i].im);
        harm[i] = (float)rand() / RAND_MAX * mag[i];
        perc[i] = (float)rand() / RAND_MAX;
        if (i / F == 7) harm[i] = perc[i] = 0.0f;
    }
    for (int j = 0; j < NFFT; j++) w[j] = (float)(0.5 - 0.5 * cos(2 * pi * j / NFFT));
    CHECK(fr_hpss_masks_f32(harm, perc, F * T, 1.0, 1.0, 2.0, 1, mag, D, NULL, NULL, H, P, 1) ==
          FR_OK);
    CHECK(fr_istft_f32(H, 1, 0, F, 1, T, NFFT, HOP, w, NFFT / 2, yh, 0, LEN, 1) == FR_OK);
    CHECK(fr_istft_f32(P, 1, 0, F, 1, T, NFFT, HOP, w, NFFT / 2, yp, 0, LEN, 1) == FR_OK);
    for (int threads = 1; threads <= 3; threads++) {
        memset(fh, 0, sizeof(float) * LEN);
        memset(fp, 0, sizeof(float) * LEN);
        CHECK(fr_hpss_istft_f32(harm, perc, mag, D, T, NFFT, HOP, 1.0, 1.0, 2.0, 1, w, NFFT / 2,
                                fh, fp, LEN, threads) == FR_OK);
        CHECK(memcmp(fh, yh, sizeof(float) * LEN) == 0);
        CHECK(memcmp(fp, yp, sizeof(float) * LEN) == 0);
    }
    CHECK(fr_hpss_istft_f32(harm, perc, mag, D, T, NFFT, HOP, 1.0, 1.0, INFINITY, 1, w,
                            NFFT / 2, fh, fp, LEN, 1) == FR_ERR_SIZE);
    free(harm);
    free(perc);
    free(mag);
    free(D);
    free(H);
    free(P);
    free(yh);
    free(yp);
    free(fh);
    free(fp);
}

/* fr_stft_csr equals the CSR product of fr_stft's spectra (the same sums,
 * in the same order), for every thread count; magnitudes likewise; a
 * basis entry past the last bin is refused. */
static void test_stft_csr(void) {
    enum { N = 1 << 15, NFFT = 256, HOP = 64, F = NFFT / 2 + 1, B = 5 };
    double *x = malloc(sizeof(double) * N), w[NFFT];
    ptrdiff_t n_frames = 1 + (N - NFFT) / HOP;
    fr_cdouble *S = malloc(sizeof(fr_cdouble) * F * n_frames);
    fr_cdouble *out = malloc(sizeof(fr_cdouble) * B * n_frames);
    double *mag = malloc(sizeof(double) * B * n_frames);
    ptrdiff_t indptr[B + 1] = {0, 3, 3, 7, 8, 12}, indices[12] = {1, 2, 3, 10, 11, 12, 13, 0,
                                                                  40, 60, 100, 128};
    fr_cdouble data[12];
    for (int j = 0; j < 12; j++) data[j] = (fr_cdouble){0.5 + 0.1 * j, 0.3 - 0.07 * j};
    for (int i = 0; i < N; i++) x[i] = sin(0.37 * i) + 0.25 * cos(0.011 * i * i);
    for (int j = 0; j < NFFT; j++) w[j] = 1.0;
    fr_csr_f64 basis = {B, indptr, indices, data};
    CHECK(fr_stft_f64(x, 1, N, n_frames, HOP, w, NFFT, S, F * n_frames, 1) == FR_OK);
    for (int threads = 1; threads <= 3; threads++) {
        CHECK(fr_stft_csr_f64(x, 1, N, n_frames, HOP, w, NFFT, &basis, 0, out, 0, n_frames, 1,
                              threads) == FR_OK);
        CHECK(fr_stft_csr_f64(x, 1, N, n_frames, HOP, w, NFFT, &basis, 1, mag, 0, n_frames, 1,
                              threads) == FR_OK);
        for (ptrdiff_t t = 0; t < n_frames; t++) {
            for (int b = 0; b < B; b++) {
                double re = 0, im = 0, m = 0;
                for (ptrdiff_t j = indptr[b]; j < indptr[b + 1]; j++) {
                    const fr_cdouble a = data[j], z = S[t * F + indices[j]];
                    re += a.re * z.re - a.im * z.im;
                    im += a.re * z.im + a.im * z.re;
                    m += hypot(a.re, a.im) * hypot(z.re, z.im);
                }
                CHECK(out[b * n_frames + t].re == re && out[b * n_frames + t].im == im);
                CHECK(fabs(mag[b * n_frames + t] - m) <= 1e-12 * (1.0 + m));
            }
        }
    }
    indices[11] = F; /* past the last bin */
    CHECK(fr_stft_csr_f64(x, 1, N, n_frames, HOP, w, NFFT, &basis, 0, out, 0, n_frames, 1, 1) ==
          FR_ERR_SIZE);
    free(x);
    free(S);
    free(out);
    free(mag);
}

static void run(void) {
    test_zcr_square();
    if (fftw_from_env()) {
        test_stft_roundtrip();
        test_stft_csr();
        test_rfft_direct();
        test_hpss_istft();
        fr_fftw_clear_plans();
    } else {
        fprintf(stderr, "FASTROSA_FFTW_LIBS not set: FFT checks skipped\n");
    }
}

int main(void) { return run_at_every_level("stft kernels", run); }
