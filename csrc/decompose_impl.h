/* Body of the mask kernels for one precision; see template.h. */
#include "fastrosa/template.h"

#if FR_SINGLE
#define FR_TINY FLT_MIN
#define FR_POW powf
#define FR_SQRT sqrtf
#else
#define FR_TINY DBL_MIN
#define FR_POW pow
#define FR_SQRT sqrt
#endif

/* a^p as NumPy evaluates an array to a scalar power (exact squares, roots
 * and identities for 2, 0.5 and 1; pow at the array's precision otherwise). */
static inline T FR_FN(power)(T a, T p) {
    if (p == (T)2) return a * a;
    if (p == (T)1) return a;
    if (p == (T)0.5) return FR_SQRT(a);
    return FR_POW(a, p);
}

/* One element of librosa.util.softmask for finite power p. */
static inline T FR_FN(soft1)(T x, T x_ref, T p, T zero_value) {
    T z = (x >= x_ref || x != x) ? x : x_ref; /* np.maximum: NaN wins */
    if (z < FR_TINY) return zero_value;
    T a = FR_FN(power)(x / z, p), b = FR_FN(power)(x_ref / z, p);
    return a / (a + b);
}

typedef struct {
    const T *x, *x_ref, *mag;
    const CT *D;
    T *out_h, *out_p;
    CT *cout_h, *cout_p;
    double margin_h, margin_p, power;
    int split_zeros, hard;
} FR_FN(mask_ctx);

static int FR_FN(softmask_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(mask_ctx) *c = (const FR_FN(mask_ctx) *)arg;
    const T p = (T)c->power, zv = c->split_zeros ? (T)0.5 : (T)0;
    const T *restrict x = c->x, *restrict xr = c->x_ref;
    T *restrict o = c->out_h;
    for (ptrdiff_t i = begin; i < end; i++) o[i] = FR_FN(soft1)(x[i], xr[i], p, zv);
    return FR_OK;
}

int FR_FN(fr_softmask)(const T *x, const T *x_ref, ptrdiff_t n, double power, int split_zeros,
                       T *out, int n_threads) {
    FR_FN(mask_ctx) c = {0};
    if (n < 0) return FR_ERR_SIZE;
    c.x = x;
    c.x_ref = x_ref;
    c.out_h = out;
    c.power = power;
    c.split_zeros = split_zeros;
    if (n_threads > n / MIN_PER_THREAD) n_threads = (int)(n / MIN_PER_THREAD);
    return fr_parallel_for(n, n_threads, FR_FN(softmask_range), &c);
}

static int FR_FN(hpss_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(mask_ctx) *c = (const FR_FN(mask_ctx) *)arg;
    const T p = (T)c->power, zv = c->split_zeros ? (T)0.5 : (T)0;
    const T mh = (T)c->margin_h, mp = (T)c->margin_p;
    const T *restrict harm = c->x, *restrict perc = c->x_ref, *restrict mag = c->mag;
    const CT *restrict D = c->D;
    for (ptrdiff_t i = begin; i < end; i++) {
        T h = harm[i], q = perc[i], m_h, m_p;
        if (c->hard) {
            m_h = (T)(h > q * mh);
            m_p = (T)(q > h * mp);
        } else {
            m_h = FR_FN(soft1)(h, q * mh, p, zv);
            m_p = FR_FN(soft1)(q, h * mp, p, zv);
        }
        if (!mag) {
            c->out_h[i] = m_h;
            c->out_p[i] = m_p;
        } else if (!D) {
            c->out_h[i] = mag[i] * m_h;
            c->out_p[i] = mag[i] * m_p;
        } else {
            /* magphase: phase = D / |D|, or 1 where |D| is 0 */
            T a = mag[i], re = (T)1, im = (T)0;
            if (a != (T)0) {
                re = D[i].re / a;
                im = D[i].im / a;
            }
            T sh = a * m_h, sp = a * m_p;
            c->cout_h[i].re = sh * re;
            c->cout_h[i].im = sh * im;
            c->cout_p[i].re = sp * re;
            c->cout_p[i].im = sp * im;
        }
    }
    return FR_OK;
}

int FR_FN(fr_hpss_masks)(const T *harm, const T *perc, ptrdiff_t n, double margin_h,
                         double margin_p, double power, int split_zeros, const T *mag,
                         const CT *D, T *out_h, T *out_p, CT *cout_h, CT *cout_p,
                         int n_threads) {
    FR_FN(mask_ctx) c;
    if (n < 0) return FR_ERR_SIZE;
    c.x = harm;
    c.x_ref = perc;
    c.mag = mag;
    c.D = D;
    c.out_h = out_h;
    c.out_p = out_p;
    c.cout_h = cout_h;
    c.cout_p = cout_p;
    c.margin_h = margin_h;
    c.margin_p = margin_p;
    c.power = power;
    c.split_zeros = split_zeros;
    c.hard = !isfinite(power);
    if (n_threads > n / MIN_PER_THREAD) n_threads = (int)(n / MIN_PER_THREAD);
    return fr_parallel_for(n, n_threads, FR_FN(hpss_range), &c);
}

#undef FR_TINY
#undef FR_POW
#undef FR_SQRT
