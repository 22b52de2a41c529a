/* Body of the zero-crossing kernels for one precision; see template.h. */
#include "fastrosa/template.h"

/* The sign class of one sample after thresholding, as librosa compares them:
 * signbit when zero_pos, else -1/0/+1; NaN_CLASS marks a NaN that compares
 * unequal to everything (np.sign(nan) != anything). */
static inline int FR_FN(sign_class)(T v, T thr, int zero_pos) {
    if (-thr <= v && v <= thr) return 0;
    if (zero_pos) return signbit(v) ? 1 : 0;
    if (v != v) return NAN_CLASS;
    return (v > 0) - (v < 0);
}

static inline int FR_FN(crosses)(int a, int b) {
    return a != b || a == NAN_CLASS;
}

int FR_FN(fr_zero_crossings)(const T *restrict x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n,
                             double threshold, int zero_pos, int pad,
                             unsigned char *restrict out, ptrdiff_t ldout) {
    const T thr = (T)threshold;
    if (n_rows < 0 || n < 0) return FR_ERR_SIZE;
    for (ptrdiff_t r = 0; r < n_rows && n > 0; r++) {
        const T *xr = x + r * ldx;
        unsigned char *o = out + r * ldout;
        int prev = FR_FN(sign_class)(xr[0], thr, zero_pos);
        o[0] = (unsigned char)(pad != 0);
        for (ptrdiff_t i = 1; i < n; i++) {
            int cur = FR_FN(sign_class)(xr[i], thr, zero_pos);
            o[i] = (unsigned char)FR_FN(crosses)(prev, cur);
            prev = cur;
        }
    }
    return FR_OK;
}

/* Crossings at samples lo..hi (each against the one before it), lo >= 1.
 * For finite x and thr >= 0 the sign class reduces to comparisons, which
 * the compiler vectorises; otherwise use the general rule. */
static ptrdiff_t FR_FN(count_crossings)(const T *restrict x, ptrdiff_t lo, ptrdiff_t hi,
                                        T thr, int zero_pos) {
    int c = 0;
    if (!(thr >= 0)) {
        int prev = FR_FN(sign_class)(x[lo - 1], thr, zero_pos);
        for (ptrdiff_t i = lo; i <= hi; i++) {
            int cur = FR_FN(sign_class)(x[i], thr, zero_pos);
            c += FR_FN(crosses)(prev, cur);
            prev = cur;
        }
    } else if (zero_pos) {
        for (ptrdiff_t i = lo; i <= hi; i++) c += (x[i] < -thr) != (x[i - 1] < -thr);
    } else {
        for (ptrdiff_t i = lo; i <= hi; i++)
            c += ((x[i] > thr) - (x[i] < -thr)) != ((x[i - 1] > thr) - (x[i - 1] < -thr));
    }
    return c;
}

int FR_FN(fr_zcr)(const T *restrict x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n,
                  ptrdiff_t frame_length, ptrdiff_t hop, ptrdiff_t start, ptrdiff_t n_frames,
                  double threshold, int zero_pos, int pad, double *restrict out, ptrdiff_t ldout) {
    const T thr = (T)threshold;
    if (n_rows < 0 || n < 1 || frame_length < 1 || hop < 1 || n_frames < 0) return FR_ERR_SIZE;
    for (ptrdiff_t r = 0; r < n_rows; r++) {
        const T *xr = x + r * ldx;
        double *o = out + r * ldout;
        /* count = C(b_t) - C(a_t), with C(q) the crossings at samples 1..q,
         * a_t = clamp(first sample of frame t), b_t = clamp(last sample).
         * Both sequences increase with t: walk the signal once, stopping at
         * each boundary to record the running count. */
        ptrdiff_t ta = 0, tb = 0, pos = 0; /* C(pos) == count */
        long long count = 0;
        while (tb < n_frames) {
            ptrdiff_t a = start + ta * hop, b = start + tb * hop + frame_length - 1;
            a = a < 0 ? 0 : (a > n - 1 ? n - 1 : a);
            b = b < 0 ? 0 : (b > n - 1 ? n - 1 : b);
            ptrdiff_t next = (ta < n_frames && a <= b) ? a : b;
            if (next > pos) {
                count += FR_FN(count_crossings)(xr, pos + 1, next, thr, zero_pos);
                pos = next;
            }
            if (ta < n_frames && a <= b) {
                o[ta++] = -(double)count;
            } else {
                o[tb] = (o[tb] + (double)count + (pad != 0)) / (double)frame_length;
                tb++;
            }
        }
    }
    return FR_OK;
}
