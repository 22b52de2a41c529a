/* The split and merge passes of a real FFT computed as a half-length complex
 * FFT (see fftw.c), for one precision; see template.h. h = n/2 throughout.
 *
 * Forward (split): on entry X[0..h) holds Z = FFT_h(z), z[j] = x[2j] + i x[2j+1].
 * On exit X[0..h] holds the real FFT of x: with A = Z[k], B = conj(Z[h-k]),
 * E = (A + B)/2, O = -i (A - B)/2 and w[k] = e^{-2 pi i k/n},
 *     X[k] = E + w[k] O,    X[h-k] = conj(E - w[k] O),
 * computed in place pairwise; X[0] and X[h] are the sum and difference of
 * Z[0]'s parts, and for even h the middle bin is X[h/2] = conj(Z[h/2]).
 *
 * Inverse (merge): on entry X[0..h] is a half spectrum. On exit X[0..h) holds
 * Z' with A = X[k], B = conj(X[h-k]), E = A + B, O = i (A - B):
 *     Z'[k] = E + conj(w[k]) O,    Z'[h-k] = conj(E - conj(w[k]) O),
 * so that the unnormalised backward FFT_h of Z' is n x (even samples in the
 * real parts, odd in the imaginary), FFTW's c2r scaling. The imaginary parts
 * of X[0] and X[h] are ignored, as c2r does. The same pair kernel serves both:
 * E = se (A + B), O = -i sd (A - B), with (se, sd) = (1/2, 1/2) forward and
 * (1, -1) inverse, and the inverse's twiddles stored conjugated.
 * Compiled once per SIMD level (rfft.simd.c). */
#include "fastrosa/template.h"

/* One pair, k counted from lo = X, hi = X + h (so Z[h-k] is at hi - k). */
static inline void FR_FN(split_pair)(T *lo, T *hi, const T *w, T se, T sd) {
    T ar = lo[0], ai = lo[1], br = hi[0], bi = -hi[1];
    T er = se * (ar + br), ei = se * (ai + bi);
    T orr = sd * (ai - bi), oi = sd * (br - ar); /* O = -i sd (A - B) */
    T pr = w[0] * orr - w[1] * oi, pi = w[0] * oi + w[1] * orr; /* w O */
    lo[0] = er + pr;
    lo[1] = ei + pi;
    hi[0] = er - pr;
    hi[1] = pi - ei;
}

#if defined(__GNUC__) && !defined(__clang__)
/* GCC's vector extensions at the level's native width (simd_level.h):
 * SPLIT_C complex numbers per vector, the pair's mirrored half reversed
 * with __builtin_shuffle (compilers do not vectorise the reversed,
 * interleaved access of the plain loop). Clang spells the shuffle
 * differently (__builtin_shufflevector) and MSVC has neither: they take the
 * plain loop below (the same formulas, element by element, so the same
 * bits). */
#define SPLIT_L (FR_VBYTES / (int)sizeof(T)) /* reals per vector */
#define SPLIT_C (SPLIT_L / 2)
typedef T FR_FN(vec) __attribute__((vector_size(FR_VBYTES)));
#if FR_SINGLE
typedef int32_t FR_FN(ivec) __attribute__((vector_size(FR_VBYTES)));
#else
typedef int64_t FR_FN(ivec) __attribute__((vector_size(FR_VBYTES)));
#endif
#if FR_VBYTES * 8 / FR_PRECISION == 2 /* two reals: one complex number */
#define REV {0, 1}
#define SWAP {1, 0}
#define DUP_RE {0, 0}
#define DUP_IM {1, 1}
#define CONJ {1, -1}
#elif FR_VBYTES * 8 / FR_PRECISION == 4
#define REV {2, 3, 0, 1}
#define SWAP {1, 0, 3, 2}
#define DUP_RE {0, 0, 2, 2}
#define DUP_IM {1, 1, 3, 3}
#define CONJ {1, -1, 1, -1}
#elif FR_VBYTES * 8 / FR_PRECISION == 8
#define REV {6, 7, 4, 5, 2, 3, 0, 1}
#define SWAP {1, 0, 3, 2, 5, 4, 7, 6}
#define DUP_RE {0, 0, 2, 2, 4, 4, 6, 6}
#define DUP_IM {1, 1, 3, 3, 5, 5, 7, 7}
#define CONJ {1, -1, 1, -1, 1, -1, 1, -1}
#else
#define REV {14, 15, 12, 13, 10, 11, 8, 9, 6, 7, 4, 5, 2, 3, 0, 1}
#define SWAP {1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14}
#define DUP_RE {0, 0, 2, 2, 4, 4, 6, 6, 8, 8, 10, 10, 12, 12, 14, 14}
#define DUP_IM {1, 1, 3, 3, 5, 5, 7, 7, 9, 9, 11, 11, 13, 13, 15, 15}
#define CONJ {1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1}
#endif

static void FR_FN(rfft_split_pairs)(T *lo, T *hi, ptrdiff_t count, const T *w, T se, T sd) {
    typedef FR_FN(vec) V;
    typedef FR_FN(ivec) I;
    const I rev = REV, swap = SWAP, dup_re = DUP_RE, dup_im = DUP_IM;
    const V conj = CONJ, vse = (V){0} + se, vsd = (V){0} + sd;
    ptrdiff_t k = 1;
    for (; k + SPLIT_C - 1 <= count; k += SPLIT_C) {
        V a, b, wv;
        T *pl = lo + 2 * k, *ph = hi - 2 * (k + SPLIT_C - 1);
        memcpy(&a, pl, sizeof a);
        memcpy(&b, ph, sizeof b);
        memcpy(&wv, w + 2 * k, sizeof wv);
        b = __builtin_shuffle(b, rev) * conj;     /* conj(Z[h-k]), k ascending */
        V e = vse * (a + b), d = vsd * (a - b);
        V o = __builtin_shuffle(d, swap) * conj;  /* -i d */
        V p = __builtin_shuffle(wv, dup_re) * o +
              __builtin_shuffle(wv, dup_im) * __builtin_shuffle(o, swap) * -conj;
        V xk = e + p, xm = (e - p) * conj;
        memcpy(pl, &xk, sizeof xk);
        xm = __builtin_shuffle(xm, rev);
        memcpy(ph, &xm, sizeof xm);
    }
    for (; k <= count; k++) FR_FN(split_pair)(lo + 2 * k, hi - 2 * k, w + 2 * k, se, sd);
}
#undef SPLIT_L
#undef SPLIT_C
#undef REV
#undef SWAP
#undef DUP_RE
#undef DUP_IM
#undef CONJ
#else
static void FR_FN(rfft_split_pairs)(T *lo, T *hi, ptrdiff_t count, const T *w, T se, T sd) {
    for (ptrdiff_t k = 1; k <= count; k++)
        FR_FN(split_pair)(lo + 2 * k, hi - 2 * k, w + 2 * k, se, sd);
}
#endif

void FR_FN(fr_rfft_split)(CT *X, ptrdiff_t h, const CT *w) {
    T z0r = X[0].re, z0i = X[0].im;
    X[0].re = z0r + z0i;
    X[0].im = 0;
    X[h].re = z0r - z0i;
    X[h].im = 0;
    if (h % 2 == 0) X[h / 2].im = -X[h / 2].im;
    FR_FN(rfft_split_pairs)((T *)X, (T *)(X + h), (h - 1) / 2, (const T *)w, (T)0.5, (T)0.5);
}

/* The inverse's merge pass; w holds conj(e^{-2 pi i k/n}), k = 0..n/4. */
void FR_FN(fr_irfft_merge)(CT *X, ptrdiff_t h, const CT *w) {
    T x0 = X[0].re, xh = X[h].re;
    X[0].re = x0 + xh;
    X[0].im = x0 - xh;
    if (h % 2 == 0) {
        X[h / 2].re = 2 * X[h / 2].re;
        X[h / 2].im = -2 * X[h / 2].im;
    }
    FR_FN(rfft_split_pairs)((T *)X, (T *)(X + h), (h - 1) / 2, (const T *)w, (T)1, (T)-1);
}
