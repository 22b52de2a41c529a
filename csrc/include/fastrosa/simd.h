/* Run-time choice of instruction set for hot loops.
 *
 * Release builds target the baseline ISA only (no -march=native), so wheels
 * run on any x86-64. FR_TARGET_CLONES marks a function that GCC/Clang compile
 * once per listed target; the dynamic loader picks the best clone for the CPU
 * it runs on (an ifunc). That needs ELF with glibc's ifunc support, so
 * elsewhere (macOS, Windows, musl, other architectures) the macro is empty and
 * the baseline build is used.
 */
#ifndef FASTROSA_SIMD_H
#define FASTROSA_SIMD_H

#include <limits.h> /* defines __GLIBC__ (through features.h) on glibc */

#if defined(__x86_64__) && defined(__ELF__) && defined(__GLIBC__) && !defined(__clang__) && \
    defined(__GNUC__) && __GNUC__ >= 8 && !defined(FASTROSA_NO_TARGET_CLONES)
#define FR_TARGET_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define FR_TARGET_CLONES
#endif

#endif
