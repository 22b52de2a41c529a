/* C-level checks of the pitch kernels (csrc/pitch.c): an exact parabola,
 * the threshold, the edges, and the projection against a naive product. */
#include "fastrosa/pitch.h"
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#define NF 16
#define NT 3

/* One frame holds a parabola with its vertex at bin 6.25: the peak is bin 6,
 * the shift 0.25, the interpolated magnitude the vertex value. Frame 1 is
 * silent; frame 2 has a peak below the threshold and one in the last bin. */
static void test_piptrack(void) {
    double S[NF * NT] = {0}, pitch[NF * NT] = {0}, mag[NF * NT] = {0}, cp[NF * NT], cm[NF * NT];
    ptrdiff_t n = -1;
    for (int k = 0; k < NF; k++) {
        double x = k - 6.25;
        S[k * NT + 0] = x * x < 9 ? 9 - x * x : 0; /* vertex value 9 */
    }
    S[3 * NT + 2] = 0.5;
    S[(NF - 2) * NT + 2] = 4.0;
    S[(NF - 1) * NT + 2] = 10.0;
    CHECK(fr_piptrack_f64(S, 1, NF * NT, NT, 1, NF, NT, NULL, 0, 0.1, 0, 0, NF, 1000.0, 100.0, 0,
                          pitch, mag, NF * NT, &n, 1) == FR_OK);
    CHECK(n == 2);
    CHECK(fabs(pitch[6 * NT] - 6.25 * 10.0) < 1e-12);
    CHECK(fabs(mag[6 * NT] - 9.0) < 1e-12); /* S + 0.5 * grad * shift: the vertex */
    CHECK(pitch[(NF - 1) * NT + 2] == 150.0 && mag[(NF - 1) * NT + 2] == 10.0);
    CHECK(pitch[3 * NT + 2] == 0.0);
    for (int k = 0; k < NF; k++) CHECK(pitch[k * NT + 1] == 0.0 && mag[k * NT + 1] == 0.0);
    /* compact output, and a frequency range that excludes the last bin */
    CHECK(fr_piptrack_f64(S, 1, NF * NT, NT, 1, NF, NT, NULL, 0, 0.1, 0, 2, NF - 1, 1000.0, 100.0, 1,
                          cp, cm, 0, &n, 1) == FR_OK);
    CHECK(n == 1 && cp[0] == pitch[6 * NT] && cm[0] == mag[6 * NT]);
    CHECK(fr_piptrack_f64(S, 1, NF * NT, NT, 1, 1, NT, NULL, 0, 0.1, 0, 0, 1, 1.0, 1.0, 0,
                          pitch, mag, NF * NT, &n, 1) == FR_ERR_SIZE);
    /* the same spectrogram stored frame by frame: the same full output, and
     * the same peaks (here one) in compact form */
    {
        double Ft[NF * NT], p2[NF * NT] = {0}, m2[NF * NT] = {0};
        ptrdiff_t n2 = -1;
        for (int k = 0; k < NF; k++)
            for (int t = 0; t < NT; t++) Ft[t * NF + k] = S[k * NT + t];
        CHECK(fr_piptrack_f64(S, 1, NF * NT, NT, 1, NF, NT, NULL, 0, 0.1, 0, 0, NF, 1000.0, 100.0,
                              0, pitch, mag, NF * NT, &n, 1) == FR_OK);
        CHECK(fr_piptrack_f64(Ft, 1, NF * NT, 1, NF, NF, NT, NULL, 0, 0.1, 0, 0, NF, 1000.0,
                              100.0, 0, p2, m2, NF * NT, &n2, 1) == FR_OK);
        CHECK(n2 == n && memcmp(p2, pitch, sizeof(p2)) == 0 && memcmp(m2, mag, sizeof(m2)) == 0);
        CHECK(fr_piptrack_f64(Ft, 1, NF * NT, 1, NF, NF, NT, NULL, 0, 0.1, 0, 2, NF - 1, 1000.0,
                              100.0, 1, cp, cm, 0, &n2, 1) == FR_OK);
        CHECK(n2 == 1 && cp[0] == pitch[6 * NT] && cm[0] == mag[6 * NT]);
    }
}

static int cmp_float(const void *a, const void *b) {
    const float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* A spectrogram large enough to be split over threads, in both layouts: the
 * full output is the same bits for 1..3 threads, and the compact output the
 * same multiset of values (its order may change). */
static void test_piptrack_threads(void) {
    enum { K = 257, T = 1100, R = 2 };
    const ptrdiff_t N = (ptrdiff_t)R * K * T;
    float *S = malloc(sizeof(float) * N), *Ft = malloc(sizeof(float) * N);
    float *p1 = calloc(N, sizeof(float)), *m1 = calloc(N, sizeof(float));
    float *p2 = malloc(sizeof(float) * N), *m2 = malloc(sizeof(float) * N);
    float *c1 = malloc(sizeof(float) * N), *c2 = malloc(sizeof(float) * N);
    ptrdiff_t n1 = -1, n2 = -1;
    srand(3);
    for (ptrdiff_t i = 0; i < N; i++) S[i] = (float)rand() / RAND_MAX;
    for (int r = 0; r < R; r++)
        for (int k = 0; k < K; k++)
            for (int t = 0; t < T; t++) Ft[(ptrdiff_t)r * K * T + t * K + k] = S[(ptrdiff_t)r * K * T + k * T + t];
    CHECK(fr_piptrack_f32(S, R, K * T, T, 1, K, T, NULL, 0, 0.1, 1, 3, 200, 22050.0, 512.0, 0,
                          p1, m1, K * T, &n1, 1) == FR_OK);
    CHECK(fr_piptrack_f32(S, R, K * T, T, 1, K, T, NULL, 0, 0.1, 1, 3, 200, 22050.0, 512.0, 1,
                          c1, c2, 0, &n2, 1) == FR_OK);
    CHECK(n1 == n2 && n1 > 1000);
    qsort(c1, (size_t)n1, sizeof(float), cmp_float);
    for (int layout = 0; layout < 2; layout++)
        for (int threads = 1; threads <= 3; threads++) {
            const float *X = layout ? Ft : S;
            const ptrdiff_t ldb = layout ? 1 : T, ldf = layout ? K : 1;
            memset(p2, 0, sizeof(float) * N);
            memset(m2, 0, sizeof(float) * N);
            CHECK(fr_piptrack_f32(X, R, K * T, ldb, ldf, K, T, NULL, 0, 0.1, 1, 3, 200, 22050.0,
                                  512.0, 0, p2, m2, K * T, &n2, threads) == FR_OK);
            CHECK(n2 == n1);
            CHECK(memcmp(p2, p1, sizeof(float) * N) == 0 && memcmp(m2, m1, sizeof(float) * N) == 0);
            CHECK(fr_piptrack_f32(X, R, K * T, ldb, ldf, K, T, NULL, 0, 0.1, 1, 3, 200, 22050.0,
                                  512.0, 1, c2, m2, 0, &n2, threads) == FR_OK);
            CHECK(n2 == n1);
            qsort(c2, (size_t)n2, sizeof(float), cmp_float);
            CHECK(memcmp(c2, c1, sizeof(float) * (size_t)n1) == 0);
        }
    free(S); free(Ft); free(p1); free(m1); free(p2); free(m2); free(c1); free(c2);
}

/* The blocked projection equals the naive sum over bins in order. */
static void test_project(void) {
    enum { B = 7, K = 33, F = 21, R = 2 };
    float W[B * K], S[R * K * F], out[R * B * F];
    srand(1);
    for (int i = 0; i < B * K; i++) W[i] = (float)rand() / RAND_MAX;
    for (int i = 0; i < R * K * F; i++) S[i] = (float)rand() / RAND_MAX;
    CHECK(fr_project_f32(W, B, K, S, R, K * F, F, 1, F, out, B * F, 1) == FR_OK);
    for (int r = 0; r < R; r++)
        for (int c = 0; c < B; c++)
            for (int t = 0; t < F; t++) {
                float acc = 0;
                for (int k = 0; k < K; k++) acc += W[c * K + k] * S[r * K * F + k * F + t];
                CHECK(out[r * B * F + c * F + t] == acc);
            }
    /* frame-major rows (bins contiguous within a frame) give the same bits */
    {
        float Ft[R * K * F], o2[R * B * F];
        for (int r = 0; r < R; r++)
            for (int k = 0; k < K; k++)
                for (int t = 0; t < F; t++) Ft[r * K * F + t * K + k] = S[r * K * F + k * F + t];
        CHECK(fr_project_f32(W, B, K, Ft, R, K * F, 1, K, F, o2, B * F, 1) == FR_OK);
        CHECK(memcmp(o2, out, sizeof(o2)) == 0);
    }
    /* more threads than one, on work past the single-thread threshold: the same bits */
    {
        enum { B2 = 12, K2 = 257, F2 = 700 };
        float *W2 = malloc(sizeof(float) * B2 * K2), *S2 = malloc(sizeof(float) * K2 * F2);
        float *o1 = malloc(sizeof(float) * B2 * F2), *o3 = malloc(sizeof(float) * B2 * F2);
        for (int i = 0; i < B2 * K2; i++) W2[i] = (float)rand() / RAND_MAX;
        for (int i = 0; i < K2 * F2; i++) S2[i] = (float)rand() / RAND_MAX;
        for (int fm = 0; fm < 2; fm++) { /* C order, then frame-major */
            const ptrdiff_t ldb = fm ? 1 : F2, ldf = fm ? K2 : 1;
            CHECK(fr_project_f32(W2, B2, K2, S2, 1, K2 * F2, ldb, ldf, F2, o1, B2 * F2, 1) == FR_OK);
            CHECK(fr_project_f32(W2, B2, K2, S2, 1, K2 * F2, ldb, ldf, F2, o3, B2 * F2, 2) == FR_OK);
            CHECK(memcmp(o1, o3, sizeof(float) * B2 * F2) == 0);
        }
        free(W2); free(S2); free(o1); free(o3);
    }
}

/* pitch_tuning's histogram: residuals of x mod 1, the upper half moved down,
 * binned against direct counts; NaN and out-of-range values are dropped. */
static void test_tuning_counts(void) {
    enum { E = 11 };
    double edges[E], x[8] = {3.0, -3.25, 0.5, 0.05, 12.95, -0.0, NAN, 7.499999};
    int64_t counts[E - 1];
    for (int i = 0; i < E; i++) edges[i] = -0.5 + i * 0.1;
    CHECK(fr_tuning_counts_f64(x, 8, edges, E, counts) == FR_OK);
    /* residuals: 0, -0.25 (0.75 - 1), -0.5, 0.05, -0.05, 0, NaN, 0.499999 */
    int64_t want[E - 1] = {1, 0, 1, 0, 1, 3, 0, 0, 0, 1};
    for (int i = 0; i < E - 1; i++) CHECK(counts[i] == want[i]);
    edges[3] = 0.9; /* decreasing edges are refused */
    CHECK(fr_tuning_counts_f64(x, 8, edges, E, counts) == FR_ERR_SIZE);
}

/* The banded projection, both memory orders, equals the naive sum over each
 * band's bins in order; blocks of frames with a partial last one; non-finite
 * values give the dense product's NaN pattern; bad bands are refused. */
static void test_project_bands(void) {
    enum { M = 5, K = 40, F = 150, R = 2 };
    static float S[R * K * F], Sf[R * K * F], out[R * M * F], outf[R * M * F];
    ptrdiff_t lo[M] = {0, 3, 10, 20, 39}, hi[M] = {4, 12, 25, 40, 40}, off[M];
    float w[64];
    ptrdiff_t total = 0;
    for (int m = 0; m < M; m++) {
        off[m] = total;
        total += hi[m] - lo[m];
    }
    srand(2);
    for (int i = 0; i < total; i++) w[i] = (float)rand() / RAND_MAX;
    for (int i = 0; i < R * K * F; i++) S[i] = (float)rand() / RAND_MAX;
    for (int r = 0; r < R; r++) /* the same values, each frame contiguous */
        for (int k = 0; k < K; k++)
            for (int t = 0; t < F; t++) Sf[r * K * F + t * K + k] = S[r * K * F + k * F + t];
    S[1 * F + 7] = INFINITY;         /* bin 1 of frame 7: only band 0 holds it */
    Sf[7 * K + 1] = INFINITY;
    S[30 * F + 100] = NAN;           /* NaN: every band of frame 100 */
    Sf[100 * K + 30] = NAN;
    fr_bands_f32 b = {M, lo, hi, off, w};
    CHECK(fr_project_bands_f32(S, R, K * F, K, F, 0, &b, out, M * F, 2) == FR_OK);
    CHECK(fr_project_bands_f32(Sf, R, K * F, K, F, 1, &b, outf, M * F, 1) == FR_OK);
    for (int r = 0; r < R; r++)
        for (int m = 0; m < M; m++)
            for (int t = 0; t < F; t++) {
                float acc = 0, got = out[r * M * F + m * F + t];
                for (ptrdiff_t k = lo[m]; k < hi[m]; k++)
                    acc += w[off[m] + k - lo[m]] * S[r * K * F + k * F + t];
                if (r == 0 && t == 7) acc = m == 0 ? INFINITY : NAN;
                if (r == 0 && t == 100) acc = NAN;
                CHECK(isnan(acc) ? isnan(got) : got == acc);
                CHECK(isnan(acc) ? isnan(outf[r * M * F + m * F + t])
                                 : outf[r * M * F + m * F + t] == acc);
            }
    hi[1] = K + 1;
    CHECK(fr_project_bands_f32(S, R, K * F, K, F, 0, &b, out, M * F, 1) == FR_ERR_SIZE);
}

static void run(void) {
    test_piptrack();
    test_piptrack_threads();
    test_project();
    test_project_bands();
    test_tuning_counts();
}

int main(void) { return run_at_every_level("pitch kernels", run); }
