/* C-level checks of the decibel kernels against libm (see test_kernels.c for
 * how to build and run). */
#include "fastrosa/db.h"
#include "check.h"

#include <float.h>
#include <math.h>
#include <stdio.h>


enum { N = 4099 };

/* Every binade from the smallest normal number to the largest, against
 * 10*log10 in long double: within 4e-7 dB per 100 dB in float, 1e-14 in double. */
static void test_accuracy(void) {
    static float xf[N], of[N];
    static double xd[N], od[N];
    for (int i = 0; i < N; i++) {
        xd[i] = exp(log(DBL_MIN) + (log(DBL_MAX) - log(DBL_MIN)) * i / (N - 1) * 0.999);
        xf[i] = (float)exp(log(FLT_MIN) + (log(FLT_MAX) - log(FLT_MIN)) * i / (N - 1) * 0.999);
    }
    CHECK(fr_power_to_db_f32(xf, N, FLT_MIN, 0.0, -1.0, of) == FR_OK);
    CHECK(fr_power_to_db_f64(xd, N, DBL_MIN, 0.0, -1.0, od) == FR_OK);
    for (int i = 0; i < N; i++) {
        long double wf = 10.0L * log10l((long double)xf[i]), wd = 10.0L * log10l((long double)xd[i]);
        CHECK(fabsl(of[i] - wf) <= 4e-7L * (1 + fabsl(wf)));
        CHECK(fabsl(od[i] - wd) <= 1e-14L * (1 + fabsl(wd)));
    }
}

/* amin floor, reference, top_db clip, NaN and infinity, subnormal amin. */
static void test_edges(void) {
    double x[6] = {0.0, 1e-12, 1.0, 100.0, INFINITY, -3.0}, o[6];
    CHECK(fr_power_to_db_f64(x, 4, 1e-10, 0.0, -1.0, o) == FR_OK);
    CHECK(fabs(o[0] + 100) < 1e-12 && fabs(o[1] + 100) < 1e-12 && o[2] == 0 && fabs(o[3] - 20) < 1e-12);
    CHECK(fr_power_to_db_f64(x, 4, 1e-10, 20.0, 50.0, o) == FR_OK); /* max 0 dB, floor -50 */
    CHECK(fabs(o[0] + 50) < 1e-12 && fabs(o[2] + 20) < 1e-12 && fabs(o[3]) < 1e-12);
    CHECK(fr_power_to_db_f64(x, 6, 1e-10, 0.0, -1.0, o) == FR_OK);
    CHECK(isinf(o[4]) && o[4] > 0 && fabs(o[5] + 100) < 1e-12);
    CHECK(fr_power_to_db_f64(x, 6, 1e-10, 0.0, 80.0, o) == FR_OK); /* floor is +inf */
    for (int i = 0; i < 6; i++) CHECK(isinf(o[i]) && o[i] > 0);
    float y[3] = {1.0f, NAN, 10.0f}, p[3];
    CHECK(fr_power_to_db_f32(y, 3, 1e-10, 0.0, -1.0, p) == FR_OK);
    CHECK(p[0] == 0.0f && isnan(p[1]) && fabsf(p[2] - 10.0f) < 1e-5f);
    CHECK(fr_power_to_db_f32(y, 3, 1e-10, 0.0, 80.0, p) == FR_OK); /* NaN max: all NaN */
    CHECK(isnan(p[0]) && isnan(p[1]) && isnan(p[2]));
    double tiny[2] = {0.0, 1e-300}, q[2];
    CHECK(fr_power_to_db_f64(tiny, 2, 1e-320, 0.0, -1.0, q) == FR_OK);
    CHECK(fabs(q[0] - 10 * log10(1e-320)) < 1e-9 && fabs(q[1] + 3000) < 1e-9);
    CHECK(fr_power_to_db_f64(x, 1, 0.0, 0.0, -1.0, o) == FR_ERR_VALUE);
    CHECK(fr_power_to_db_f64(x, -1, 1.0, 0.0, -1.0, o) == FR_ERR_SIZE);
}

static void run(void) {
    test_accuracy();
    test_edges();
}

int main(void) { return run_at_every_level("db kernels", run); }
