/* C-level checks of the median filter and the HPSS masks, without Python:
 * the filter against a brute-force sort of each reflected window (both axes,
 * every width from 1 to 100, so both window structures), and the masks'
 * analytic values. Build and run as test_kernels.c says. */
#include "fastrosa/decompose.h"
#include "fastrosa/median.h"
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static ptrdiff_t reflect(ptrdiff_t j, ptrdiff_t n) {
    j %= 2 * n;
    if (j < 0) j += 2 * n;
    return j < n ? j : 2 * n - 1 - j;
}

/* Output i of line `line` (along `axis`) by sorting its window. */
static double brute(const double *x, ptrdiff_t rows, ptrdiff_t cols, int axis, ptrdiff_t line,
                    ptrdiff_t i, ptrdiff_t k, double *w) {
    ptrdiff_t n = axis ? cols : rows;
    for (ptrdiff_t t = 0; t < k; t++) {
        ptrdiff_t j = reflect(i - k / 2 + t, n);
        w[t] = axis ? x[line * cols + j] : x[j * cols + line];
    }
    qsort(w, (size_t)k, sizeof(double), cmp_double);
    return w[k / 2];
}

static void test_median_brute(void) {
    enum { R = 23, C = 37, KMAX = 100 };
    static double x[R * C], out[R * C], w[KMAX];
    srand(3);
    for (int i = 0; i < R * C; i++) x[i] = (double)(rand() % 7); /* many ties */
    for (int axis = 0; axis < 2; axis++) {
        for (ptrdiff_t k = 1; k <= KMAX; k++) {
            CHECK(fr_median_filter_f64(x, 1, R, C, axis, k, out, 2) == FR_OK);
            int bad = 0;
            for (ptrdiff_t r = 0; r < R; r++)
                for (ptrdiff_t c = 0; c < C; c++)
                    bad += out[r * C + c] != (axis ? brute(x, R, C, 1, r, c, k, w)
                                                   : brute(x, R, C, 0, c, r, k, w));
            CHECK(bad == 0);
        }
    }
    CHECK(fr_median_filter_f64(x, 1, R, C, 1, 0, out, 1) == FR_ERR_SIZE);
    CHECK(fr_median_filter_f64(x, 1, R, C, 2, 3, out, 1) == FR_ERR_SIZE);
}

/* Shapes around the lane counts (16 float, 8 double lines per block; blocks
 * of fewer than a quarter of that go one line at a time), values with ties,
 * -0.0 and 0.0, infinities and denormals: every SIMD level gives the same
 * bits, equal to the brute-force values (the level run_at_every_level set
 * is restored at the end). */
static void test_median_levels(void) {
    const int active = fr_simd_level();
    static const float special[] = {0.0f, -0.0f, 1.0f, -1.0f, INFINITY, -INFINITY, 1e-40f, -1e-40f, 2.0f};
    static const ptrdiff_t shapes[][2] = {{1, 1}, {1, 40}, {40, 1}, {3, 17}, {17, 3}, {33, 35},
                                          {19, 50}, {50, 19}, {5, 70}, {70, 9}};
    enum { N = 70 * 70, KMAX = 70 };
    static float x[2 * N], ref[2 * N], got[2 * N];
    static double xd[2 * N], refd[2 * N], gotd[2 * N], w[KMAX];
    srand(5);
    for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
        const ptrdiff_t R = shapes[s][0], C = shapes[s][1];
        for (int i = 0; i < 2 * R * C; i++) {
            x[i] = special[rand() % 9];
            xd[i] = x[i];
        }
        for (int axis = 0; axis < 2; axis++) {
            for (ptrdiff_t k = 1; k <= KMAX; k += 1 + (k > 40) * 6) {
                int bad = 0;
                for (int level = fr_simd_best(); level >= 0; level--) {
                    fr_simd_select(level);
                    CHECK(fr_median_filter_f32(x, 2, R, C, axis, k, got, 1) == FR_OK);
                    CHECK(fr_median_filter_f64(xd, 2, R, C, axis, k, gotd, 2) == FR_OK);
                    if (level == fr_simd_best()) {
                        memcpy(ref, got, sizeof(float) * 2 * R * C);
                        memcpy(refd, gotd, sizeof(double) * 2 * R * C);
                        for (ptrdiff_t m = 0; m < 2; m++)
                            for (ptrdiff_t r = 0; r < R; r++)
                                for (ptrdiff_t c = 0; c < C; c++) {
                                    const double *xm = xd + m * R * C;
                                    double b = axis ? brute(xm, R, C, 1, r, c, k, w)
                                                    : brute(xm, R, C, 0, c, r, k, w);
                                    bad += refd[m * R * C + r * C + c] != b;
                                    bad += ref[m * R * C + r * C + c] != (float)b;
                                }
                    } else {
                        bad += memcmp(ref, got, sizeof(float) * 2 * R * C) != 0;
                        bad += memcmp(refd, gotd, sizeof(double) * 2 * R * C) != 0;
                    }
                }
                CHECK(bad == 0);
            }
        }
    }
    fr_simd_select(active);
}

/* Lines holding NaN: no crash, and every output is a value of its line. */
static void test_median_nan(void) {
    enum { R = 20, C = 21 };
    static float x[R * C], out[R * C];
    srand(7);
    for (int i = 0; i < R * C; i++) x[i] = rand() % 5 == 0 ? NAN : (float)(rand() % 4);
    for (int axis = 0; axis < 2; axis++)
            for (ptrdiff_t k = 1; k <= 66; k += 5) {
                CHECK(fr_median_filter_f32(x, 1, R, C, axis, k, out, 1) == FR_OK);
                int bad = 0;
                for (int r = 0; r < R; r++)
                    for (int c = 0; c < C; c++) {
                        float o = out[r * C + c];
                        int found = 0;
                        for (int t = 0; t < (axis ? C : R); t++) {
                            float v = axis ? x[r * C + t] : x[t * C + c];
                            found |= memcmp(&v, &o, sizeof(float)) == 0;
                        }
                        bad += !found;
                    }
                CHECK(bad == 0);
            }
}

/* harm = 3, perc = 1, power 2: masks 9/10 and 1/10; zeros split at 0.5. */
static void test_masks(void) {
    float h[2] = {3.0f, 0.0f}, p[2] = {1.0f, 0.0f}, mh[2], mp[2];
    CHECK(fr_hpss_masks_f32(h, p, 2, 1.0, 1.0, 2.0, 1, NULL, NULL, mh, mp, NULL, NULL, 1) == FR_OK);
    CHECK(fabsf(mh[0] - 0.9f) < 1e-7f && fabsf(mp[0] - 0.1f) < 1e-7f);
    CHECK(mh[1] == 0.5f && mp[1] == 0.5f);
    CHECK(fr_hpss_masks_f32(h, p, 2, 1.0, 1.0, INFINITY, 0, NULL, NULL, mh, mp, NULL, NULL, 1) == FR_OK);
    CHECK(mh[0] == 1.0f && mp[0] == 0.0f && mh[1] == 0.0f && mp[1] == 0.0f);
}

static void run(void) {
    test_median_brute();
    test_median_levels();
    test_median_nan();
    test_masks();
}

int main(void) { return run_at_every_level("median/mask kernels", run); }
