/* The C tests' harness: CHECK, FFTW from FASTROSA_FFTW_LIBS, and a runner
 * that repeats a program's checks at every SIMD level this CPU has. */
#ifndef FASTROSA_TEST_CHECK_H
#define FASTROSA_TEST_CHECK_H

#include "fastrosa/fft.h"
#include "fastrosa/simd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                              \
        }                                                                            \
    } while (0)

/* Opens FFTW from FASTROSA_FFTW_LIBS ("double.so:float.so"): 1 when loaded,
 * 0 when the variable is unset (the FFT checks are then skipped). */
static inline int fftw_from_env(void) {
    const char *libs = getenv("FASTROSA_FFTW_LIBS");
    char buf[4096];
    if (!libs) return 0;
    snprintf(buf, sizeof buf, "%s", libs);
    char *sep = strchr(buf, ':');
    if (!sep) {
        fprintf(stderr, "FASTROSA_FFTW_LIBS must be double.so:float.so\n");
        exit(2);
    }
    *sep = '\0';
    CHECK(fr_fftw_load(buf, sep + 1) == FR_OK);
    return fr_fftw_loaded();
}

/* Runs tests() at every SIMD level from the best this CPU has down to the
 * baseline (or only at the level FASTROSA_SIMD names, when set), reporting
 * each; returns the exit status. */
static int run_at_every_level(const char *name, void (*tests)(void)) {
    const char *only = getenv("FASTROSA_SIMD");
    for (int level = fr_simd_best(); level >= 0; level--) {
        if (only && *only && strcmp(only, fr_simd_name(level)) != 0) continue;
        const int before = failures;
        CHECK(fr_simd_select(level) == level && fr_simd_level() == level);
        tests();
        printf("%s at the %s level: %s\n", name, fr_simd_name(level),
               failures == before ? "all checks passed" : "FAILED");
    }
    if (failures) fprintf(stderr, "%s: %d check(s) failed\n", name, failures);
    return failures != 0;
}

#endif
