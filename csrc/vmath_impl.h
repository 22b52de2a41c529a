/* Vectorisable exp and log for the per-level kernels (included by a
 * NAME.simd.c after simd_level.h): fdlibm's polynomials (e_exp.c, e_log.c)
 * written with +, -, *, / and integer bit operations only (no libm, no
 * fused multiply-add: -ffp-contract=off), so that loops calling them
 * vectorise and every lane of every level rounds the same way: the same
 * bits at every level, within 1 ulp of libm's exp and log; log1p and expm1
 * follow from them (Goldberg's and Kahan's corrections, a few ulp). */
#ifndef FASTROSA_VMATH_IMPL_H
#define FASTROSA_VMATH_IMPL_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t FR_LV(bits)(double x) {
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline double FR_LV(from_bits)(uint64_t u) {
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Natural logarithm: x = 2^k * m, m in [sqrt(2)/2, sqrt(2)), log(m) from
 * fdlibm's minimax series in s = (m-1)/(m+1); subnormal x scaled by 2^54
 * first; 0 -> -inf, +inf -> +inf, x < 0 or NaN -> NaN. */
static inline double FR_LV(vlog)(double x) {
    const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01,
                 Lg3 = 2.857142874366239149e-01, Lg4 = 2.222219843214978396e-01,
                 Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                 Lg7 = 1.479819860511658591e-01;
    uint64_t u = FR_LV(bits)(x < DBL_MIN ? x * 0x1p54 : x);
    /* the biased exponent as a double, exactly: (2^52 + e) - 2^52 */
    double k = FR_LV(from_bits)((u >> 52) | 0x4330000000000000ULL) - 0x1p52 - 1023.0;
    k -= x < DBL_MIN ? 54.0 : 0.0;
    double m = FR_LV(from_bits)((u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
    k += m > 1.41421356237309504880 ? 1.0 : 0.0;
    m *= m > 1.41421356237309504880 ? 0.5 : 1.0;
    double f = m - 1.0;
    double s = f / (2.0 + f), z = s * s, w = z * z;
    double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
    double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
    double R = t2 + t1, hfsq = 0.5 * f * f;
    double r = k * ln2_hi - ((hfsq - (s * (hfsq + R) + k * ln2_lo)) - f);
    r = x == INFINITY ? x : r;
    r = x == 0 ? -INFINITY : r;
    return (x < 0 || x != x) ? NAN : r;
}

/* Exponential: x = k*ln2 + r, |r| <= ln2/2, exp(r) from fdlibm's rational
 * form, times 2^k as two powers of two (so subnormal results round once);
 * overflow -> +inf, underflow -> 0, NaN -> NaN. k by the round-to-nearest
 * of adding 1.5*2^52, read back from the sum's low bits. */
static inline double FR_LV(vexp)(double x) {
    const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10,
                 inv_ln2 = 1.44269504088896338700e+00, shift = 0x1.8p52;
    const double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03,
                 P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06,
                 P5 = 4.13813679705723846039e-08;
    double xc = x > 709.8 ? 709.8 : x;
    xc = xc < -745.2 ? -745.2 : xc;
    double kd = xc * inv_ln2 + shift;
    int64_t ki = (int64_t)(FR_LV(bits)(kd) - FR_LV(bits)(shift));
    kd -= shift;
    double hi = xc - kd * ln2_hi, lo = kd * ln2_lo;
    double r = hi - lo, t = r * r;
    double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    /* 2^k = 2^k1 * 2^k2, k1 = floor((k + 2048) / 2) - 1024, both normal */
    uint64_t kp = (uint64_t)(ki + 2048);
    uint64_t k1 = (kp >> 1) - 1024;
    uint64_t k2 = (uint64_t)ki - k1;
    double s1 = FR_LV(from_bits)((k1 + 1023) << 52), s2 = FR_LV(from_bits)((k2 + 1023) << 52);
    return y * s1 * s2;
}

/* log(1 + v) = log(u) * v / (u - 1) with u = 1 + v rounded (Goldberg). */
static inline double FR_LV(vlog1p)(double v) {
    double u = 1.0 + v;
    double r = FR_LV(vlog)(u) * (v / (u - 1.0));
    r = u == 1.0 ? v : r;
    return v == INFINITY ? v : r;
}

/* exp(x) - 1 = (u - 1) * x / log(u) from u = exp(x) rounded (Kahan). u
 * comes from a separate loop: GCC 12 does not vectorise exp and log
 * composed in one loop body. */
static inline double FR_LV(expm1_from)(double u, double x) {
    double um1 = u - 1.0;
    double r = um1 * (x / FR_LV(vlog)(u));
    r = u == 1.0 ? x : r;
    r = um1 == -1.0 ? -1.0 : r;
    return u == INFINITY ? u : r;
}

static inline uint32_t FR_LV(bitsf)(float x) {
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline float FR_LV(from_bitsf)(uint32_t u) {
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Natural logarithm in float32 (Cephes' logf): x = 2^k * m, m in
 * [sqrt(2)/2, sqrt(2)), log(m) from a degree-9 polynomial in m - 1 with no
 * division, so a vector of the level's width holds twice vlog's lanes;
 * within 1 ulp of a correctly rounded logf; subnormal x scaled by 2^25
 * first; 0 -> -inf, +inf -> +inf, x < 0 or NaN -> NaN. */
static inline float FR_LV(vlogf)(float x) {
    uint32_t u = FR_LV(bitsf)(x < FLT_MIN ? x * 0x1p25f : x);
    float k = (float)(int32_t)((u >> 23) & 0xff) - 127.0f;
    k -= x < FLT_MIN ? 25.0f : 0.0f;
    float m = FR_LV(from_bitsf)((u & 0x007fffffu) | 0x3f800000u);
    k += m > 1.41421356f ? 1.0f : 0.0f;
    m *= m > 1.41421356f ? 0.5f : 1.0f;
    const float f = m - 1.0f, z = f * f;
    float p = 7.0376836292e-2f;
    p = p * f - 1.1514610310e-1f;
    p = p * f + 1.1676998740e-1f;
    p = p * f - 1.2420140846e-1f;
    p = p * f + 1.4249322787e-1f;
    p = p * f - 1.6668057665e-1f;
    p = p * f + 2.0000714765e-1f;
    p = p * f - 2.4999993993e-1f;
    p = p * f + 3.3333331174e-1f;
    float r = f * z * p + k * -2.12194440e-4f;
    r = (f + (r - 0.5f * z)) + k * 0.693359375f;
    r = x == INFINITY ? x : r;
    r = x == 0 ? -INFINITY : r;
    return (x < 0 || x != x) ? NAN : r;
}

#endif
