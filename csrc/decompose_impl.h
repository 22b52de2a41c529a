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

/* One element of librosa.util.softmask for finite power p. With Z =
 * max(X, X_ref), one of X/Z and X_ref/Z is exactly 1 (and so is its power),
 * which saves a division and a power; the result is NumPy's to the bit.
 * Written without branches so that the loops calling it vectorise. */
static inline T FR_FN(soft1)(T x, T x_ref, T p, T zero_value) {
    const int x_big = x >= x_ref;
    T z = (x_big | (x != x)) ? x : x_ref; /* np.maximum: NaN wins */
    const int bad = z < FR_TINY;
    T small = x_big ? x_ref : x;
    T ratio = FR_FN(power)(small / (bad ? (T)1 : z), p);
    /* the larger one's ratio z / z: exactly 1, except NaN where z is inf */
    const T one = z - z + (T)1;
    T a = x_big ? one : ratio, b = x_big ? ratio : one;
    /* zero_value / 1 where bad: the selects go into the operands of one
     * division, which (unlike a selected quotient) vectorises */
    return (bad ? zero_value : a) / (bad ? (T)1 : a + b);
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

/* Both masks of element i: soft, or hard (harm > perc * margin) when hard. */
static inline void FR_FN(masks1)(T h, T q, T mh, T mp, T p, T zv, int hard, T *m_h, T *m_p) {
    if (hard) {
        *m_h = (T)(h > q * mh);
        *m_p = (T)(q > h * mp);
    } else {
        *m_h = FR_FN(soft1)(h, q * mh, p, zv);
        *m_p = FR_FN(soft1)(q, h * mp, p, zv);
    }
}

/* The loops of hpss_range for one output kind; p2 marks power 2, so that
 * the common case needs no call to pow. */
#define FR_MASK_LOOP(...)                                                            \
    do {                                                                             \
        if (c->hard) {                                                               \
            for (ptrdiff_t i = begin; i < end; i++) {                                \
                T m_h, m_p;                                                          \
                FR_FN(masks1)(harm[i], perc[i], mh, mp, p, zv, 1, &m_h, &m_p);       \
                __VA_ARGS__                                                          \
            }                                                                        \
        } else if (p == (T)2) {                                                      \
            for (ptrdiff_t i = begin; i < end; i++) {                                \
                T m_h, m_p;                                                          \
                FR_FN(masks1)(harm[i], perc[i], mh, mp, (T)2, zv, 0, &m_h, &m_p);    \
                __VA_ARGS__                                                          \
            }                                                                        \
        } else {                                                                     \
            for (ptrdiff_t i = begin; i < end; i++) {                                \
                T m_h, m_p;                                                          \
                FR_FN(masks1)(harm[i], perc[i], mh, mp, p, zv, 0, &m_h, &m_p);       \
                __VA_ARGS__                                                          \
            }                                                                        \
        }                                                                            \
    } while (0)

/* The mask loops vectorise at every SIMD level (-fno-trapping-math lets
 * their selects around divisions become blends), element by element the
 * same operations at every level. */
static int FR_FN(hpss_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(mask_ctx) *c = (const FR_FN(mask_ctx) *)arg;
    const T p = (T)c->power, zv = c->split_zeros ? (T)0.5 : (T)0;
    const T mh = (T)c->margin_h, mp = (T)c->margin_p;
    const T *restrict harm = c->x, *restrict perc = c->x_ref, *restrict mag = c->mag;
    const CT *restrict D = c->D;
    T *restrict out_h = c->out_h, *restrict out_p = c->out_p;
    CT *restrict cout_h = c->cout_h, *restrict cout_p = c->cout_p;
    if (!mag) {
        FR_MASK_LOOP(out_h[i] = m_h; out_p[i] = m_p;);
    } else if (!D) {
        FR_MASK_LOOP(out_h[i] = mag[i] * m_h; out_p[i] = mag[i] * m_p;);
    } else {
        /* magphase: phase = D / |D|, or 1 + 0j where |D| is 0; out = (|D| * M) * phase.
         * In blocks: the masks first (a loop that vectorises); then |D| and
         * its products with the masks, each written twice (once per part);
         * then one contiguous loop over the interleaved real and imaginary
         * parts, which vectorises too. Each part gets the division and
         * products it would get element by element: the same bits. */
        enum { NB = 256 };
        T mask_h[NB], mask_p[NB], a2[2 * NB], sh2[2 * NB], sp2[2 * NB];
        for (ptrdiff_t b0 = begin; b0 < end; b0 += NB) {
            const ptrdiff_t b1 = end - b0 < NB ? end : b0 + NB, nb = b1 - b0;
            {
                T *restrict bh = mask_h - b0, *restrict bp = mask_p - b0;
                const ptrdiff_t begin = b0, end = b1;
                FR_MASK_LOOP(bh[i] = m_h; bp[i] = m_p;);
            }
            for (ptrdiff_t i = 0; i < nb; i++) {
                const T a = mag[b0 + i], sh = a * mask_h[i], sp = a * mask_p[i];
                a2[2 * i] = a2[2 * i + 1] = a;
                sh2[2 * i] = sh2[2 * i + 1] = sh;
                sp2[2 * i] = sp2[2 * i + 1] = sp;
            }
            const T *restrict d = (const T *)(D + b0);
            T *restrict oh = (T *)(cout_h + b0), *restrict op = (T *)(cout_p + b0);
            for (int j = 0; j < 2 * (int)nb; j++) {
                const T a = a2[j], dj = d[j]; /* read either way: a blend, not a masked load */
                const int zero = a == (T)0;
                const T den = zero ? (T)1 : a;
                const T part = zero ? (T)(~j & 1) : dj; /* 1 + 0j where |D| is 0 */
                const T r = part / den;
                oh[j] = sh2[j] * r;
                op[j] = sp2[j] * r;
            }
        }
    }
    return FR_OK;
}

#undef FR_MASK_LOOP

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
