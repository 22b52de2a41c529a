/* SIMD levels: CPU detection, the per-level tables and the public entry
 * points that call through the active one (see fastrosa/simd.h). */
#include "fastrosa/simd.h"
#include "fastrosa/db.h"
#include "fastrosa/decompose.h"
#include "fastrosa/filter.h"
#include "fastrosa/median.h"
#include "fastrosa/pitch.h"
#include "fastrosa/spectrum.h"
#include "simd_table.h"

#if defined(FR_SIMD_X86) && (defined(__x86_64__) || defined(_M_X64))
#define N_BUILT 3
#else
#undef FR_SIMD_X86
#define N_BUILT 1
#endif

/* Every level's functions, declared from the entries. */
#define FR_SIMD_ENTRY(ret, name, params) ret FR_CAT(FR_PFN(name), FR_SIMD_SFX) params;
#define FR_SIMD_PUBLIC(ret, name, params, args) FR_SIMD_ENTRY(ret, name, params)
#define FR_SIMD_LEVEL_OPEN
#define FR_SIMD_LEVEL_CLOSE
#include "simd_entries_levels.h"
#undef FR_SIMD_LEVEL_OPEN
#undef FR_SIMD_LEVEL_CLOSE
#undef FR_SIMD_ENTRY
#undef FR_SIMD_PUBLIC

/* One table per built level, in level order. */
#define FR_SIMD_ENTRY(ret, name, params) .FR_PFN(name) = FR_CAT(FR_PFN(name), FR_SIMD_SFX),
#define FR_SIMD_PUBLIC(ret, name, params, args) FR_SIMD_ENTRY(ret, name, params)
#define FR_SIMD_LEVEL_OPEN {
#define FR_SIMD_LEVEL_CLOSE },
static const fr_simd_table tables[N_BUILT] = {
#include "simd_entries_levels.h"
};
#undef FR_SIMD_LEVEL_OPEN
#undef FR_SIMD_LEVEL_CLOSE
#undef FR_SIMD_ENTRY
#undef FR_SIMD_PUBLIC

/* The public functions: one call through the active table each. */
#define FR_SIMD_ENTRY(ret, name, params)
#define FR_SIMD_PUBLIC(ret, name, params, args) \
    ret FR_PFN(name) params { return FR_SIMD()->FR_PFN(name) args; }
#include "simd_entries_both.h"
#undef FR_SIMD_ENTRY
#undef FR_SIMD_PUBLIC

/* Until fr_simd_select runs, the baseline: correct on every CPU. */
static fr_simd_state own_state = {&tables[0], FR_SIMD_BASELINE};
fr_simd_state *fr_simd_state_in_use = &own_state;

void *fr_simd_state_own(void) { return &own_state; }
void fr_simd_state_use(void *state) { fr_simd_state_in_use = (fr_simd_state *)state; }

/* CPU features, from cpuid and the OS's enabled register state (XCR0). */
#ifdef FR_SIMD_X86
#if defined(_MSC_VER) && !defined(__clang__)
#include <immintrin.h>
#include <intrin.h>
static void cpuid(int leaf, int sub, unsigned r[4]) {
    int a[4];
    __cpuidex(a, leaf, sub);
    for (int i = 0; i < 4; i++) r[i] = (unsigned)a[i];
}
static unsigned long long xcr0(void) { return _xgetbv(0); }
#else
#include <cpuid.h>
static void cpuid(int leaf, int sub, unsigned r[4]) {
    r[0] = r[1] = r[2] = r[3] = 0;
    if ((unsigned)leaf <= __get_cpuid_max(0, 0)) __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
}
static unsigned long long xcr0(void) {
    unsigned lo, hi;
    __asm__ volatile(".byte 0x0f, 0x01, 0xd0" : "=a"(lo), "=d"(hi) : "c"(0)); /* xgetbv */
    return ((unsigned long long)hi << 32) | lo;
}
#endif
#ifdef __APPLE__
#include <sys/sysctl.h>
/* macOS enables the AVX-512 state on a thread's first use, so XCR0 does not
 * show it beforehand; the kernel reports the feature instead. */
static int darwin_has(const char *name) {
    int v = 0;
    size_t len = sizeof v;
    return sysctlbyname(name, &v, &len, NULL, 0) == 0 && v;
}
#endif

static int detect(void) {
    unsigned l1[4], l7[4];
    cpuid(1, 0, l1);
    cpuid(7, 0, l7);
    const unsigned ecx1 = l1[2], ebx7 = l7[1];
    const int osxsave = (ecx1 >> 27) & 1, avx = (ecx1 >> 28) & 1, fma = (ecx1 >> 12) & 1;
    if (!(osxsave && avx && fma && ((ebx7 >> 5) & 1))) return FR_SIMD_BASELINE;
    const unsigned long long x = xcr0();
    if ((x & 0x6) != 0x6) return FR_SIMD_BASELINE; /* SSE and AVX state */
    /* AVX-512 F (16), DQ (17), CD (28), BW (30), VL (31) */
    const unsigned want = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);
    if ((ebx7 & want) != want) return FR_SIMD_AVX2;
#ifdef __APPLE__
    if (!darwin_has("hw.optional.avx512f")) return FR_SIMD_AVX2;
#else
    if ((x & 0xe0) != 0xe0) return FR_SIMD_AVX2; /* opmask and ZMM state */
#endif
    return FR_SIMD_AVX512;
}
#else
static int detect(void) { return FR_SIMD_BASELINE; }
#endif

int fr_simd_best(void) {
    static int best = -1;
    if (best < 0) best = detect(); /* idempotent: a race writes the same value */
    return best;
}

int fr_simd_select(int cap) {
    int level = fr_simd_best();
    if (cap < level) level = cap < 0 ? FR_SIMD_BASELINE : cap;
    fr_simd_state_in_use->table = &tables[level];
    fr_simd_state_in_use->level = level;
    return level;
}

int fr_simd_level(void) { return fr_simd_state_in_use->level; }

const char *fr_simd_name(int level) {
    switch (level) {
    case FR_SIMD_BASELINE: return "baseline";
    case FR_SIMD_AVX2: return "avx2";
    case FR_SIMD_AVX512: return "avx512";
    default: return 0;
    }
}
