/* C-level checks of the rhythm kernels, without Python: analytic cases.
 * Built and run by ctest with the other C tests (see test_kernels.c). */
#include "fastrosa/rhythm.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;
#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                          \
        }                                                                        \
    } while (0)

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

int main(void) {
    test_flux_step();
    test_peak_pick_spikes();
    test_beat_track_train();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("rhythm kernels: all checks passed\n");
    return 0;
}
