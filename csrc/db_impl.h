/* Body of the decibel kernels for one precision; see template.h. */
#include "fastrosa/template.h"

#undef UT
#undef ST
#undef MANT_BITS
#undef EXP_BIAS
#undef T_MIN
#undef T_MAX
#if FR_SINGLE
#define UT uint32_t
#define ST int32_t
#define MANT_BITS 23
#define EXP_BIAS 127
#define T_MIN FLT_MIN
#define T_MAX FLT_MAX
#else
#define UT uint64_t
#define ST int64_t
#define MANT_BITS 52
#define EXP_BIAS 1023
#define T_MIN DBL_MIN
#define T_MAX DBL_MAX
#endif

/* 10*log10(v) for a normal, finite, positive v, as e*10*log10(2) + 10*log10(m)
 * with v = m * 2^e, m in [sqrt(1/2), sqrt(2)), and ln(m) = 2*atanh(t),
 * t = (m-1)/(m+1), |t| <= 0.1716, from its odd series (truncation below
 * 3e-9 relative in float, 1e-18 in double). Branch-free so it vectorises. */
static inline T FR_FN(db10)(T v) {
    UT u;
    memcpy(&u, &v, sizeof u);
    int32_t e = (int32_t)(u >> MANT_BITS) - EXP_BIAS;
    u = (u & (((UT)1 << MANT_BITS) - 1)) | ((UT)EXP_BIAS << MANT_BITS);
    T m;
    memcpy(&m, &u, sizeof m);
    int big = m > (T)1.41421356237309504880;
    m *= big ? (T)0.5 : (T)1;
    T ef = (T)e + (big ? (T)1 : (T)0);
    T t = (m - 1) / (m + 1), s = t * t;
#if FR_SINGLE
    T p = (T)(1.0 / 9);
    p = p * s + (T)(1.0 / 7);
#else
    T p = (T)(1.0 / 21);
    p = p * s + (T)(1.0 / 19);
    p = p * s + (T)(1.0 / 17);
    p = p * s + (T)(1.0 / 15);
    p = p * s + (T)(1.0 / 13);
    p = p * s + (T)(1.0 / 11);
    p = p * s + (T)(1.0 / 9);
    p = p * s + (T)(1.0 / 7);
#endif
    p = p * s + (T)(1.0 / 5);
    p = p * s + (T)(1.0 / 3);
    p = p * s + 1;
    /* 10*log10(v) = e * 10*log10(2) + 2t*p * 10/ln(10) */
    return ef * (T)3.01029995663981195214 + t * p * (T)8.68588963806503655302;
}

/* dB values of x[0..n) into out. */
static void FR_FN(db_block)(const T *restrict x, ptrdiff_t n, T amin, T ref_db,
                            T *restrict out) {
    for (ptrdiff_t i = 0; i < n; i++) {
        T v = x[i];
        v = v < amin ? amin : v; /* NaN stays NaN, as np.maximum */
        T d = FR_FN(db10)(v);    /* computed for every lane, then selected: */
        out[i] = (v <= T_MAX ? d : v) - ref_db; /* +inf and NaN pass through */
    }
}

/* Maximum of out[0..n) (NaN when any value is NaN), as integer
 * reductions: a float's bits, with the magnitude bits flipped for negative
 * numbers, order as the floats do, and integer max/or reductions vectorise
 * without -ffast-math (a float max reduction does not, for NaN's sake). */
static T FR_FN(db_max)(const T *restrict out, ptrdiff_t n) {
    const UT abs_mask = ~(UT)0 >> 1, inf_bits = (UT)(2 * EXP_BIAS + 1) << MANT_BITS;
    ST key_max = -(ST)(abs_mask)-1;
    UT nan = 0;
    for (ptrdiff_t i = 0; i < n; i++) {
        UT u;
        memcpy(&u, &out[i], sizeof u);
        ST s = (ST)u;
        ST key = s ^ (ST)((UT)(s >> (sizeof(UT) * 8 - 1)) & abs_mask);
        key_max = key > key_max ? key : key_max;
        nan |= (UT)((u & abs_mask) > inf_bits);
    }
    if (nan) return (T)NAN;
    ST s = key_max ^ (ST)((UT)(key_max >> (sizeof(UT) * 8 - 1)) & abs_mask);
    UT u = (UT)s;
    T m;
    memcpy(&m, &u, sizeof m);
    return m;
}

/* First pass: dB values of x[0..n) and their maximum (NaN if any is NaN). */
static T FR_FN(db_pass)(const T *x, ptrdiff_t n, T amin, T ref_db, T *out) {
    FR_FN(db_block)(x, n, amin, ref_db, out);
    return FR_FN(db_max)(out, n);
}

/* The same with libm's log10, for amin below the smallest normal number
 * (subnormal inputs, where the polynomial's exponent split is invalid). */
static T FR_FN(db_pass_libm)(const T *restrict x, ptrdiff_t n, T amin, T ref_db,
                             T *restrict out) {
    T m = -(T)INFINITY;
    int any_nan = 0;
    for (ptrdiff_t i = 0; i < n; i++) {
        T v = x[i];
        v = v < amin ? amin : v;
        T r = (T)(10.0 * log10((double)v)) - ref_db;
        out[i] = r;
        m = r > m ? r : m;
        any_nan |= r != r;
    }
    return any_nan ? (T)NAN : m;
}

static void FR_FN(db_clip)(T *restrict out, ptrdiff_t n, T floor) {
    for (ptrdiff_t i = 0; i < n; i++) out[i] = out[i] < floor ? floor : out[i];
}

int FR_FN(fr_power_to_db)(const T *x, ptrdiff_t n, double amin, double ref_db, double top_db,
                          T *out) {
    if (n < 0) return FR_ERR_SIZE;
    if (!(amin > 0)) return FR_ERR_VALUE;
    if (n == 0) return FR_OK;
    const T a = (T)amin;
    T mx = a >= T_MIN ? FR_FN(db_pass)(x, n, a, (T)ref_db, out)
                      : FR_FN(db_pass_libm)(x, n, a, (T)ref_db, out);
    if (top_db >= 0) {
        if (mx != mx) {
            for (ptrdiff_t i = 0; i < n; i++) out[i] = (T)NAN;
        } else {
            FR_FN(db_clip)(out, n, (T)(mx - top_db));
        }
    }
    return FR_OK;
}
