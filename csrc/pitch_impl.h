/* Body of the pitch-tracking kernels for one precision; see template.h. */
#include "fastrosa/template.h"

/* The parabolic shift of librosa's numba stencil: the sums of neighbours in
 * T, the rest in double (numba types 2 * x and x / 2 as float64), rounded to
 * T once at the end. 0 when the vertex lies a bin or more away. */
static inline T FR_FN(parabolic_shift)(T xm, T x0, T xp) {
    const double a = (double)(T)(xp + xm) - 2.0 * (double)x0;
    const double b = (double)(T)(xp - xm) / 2.0;
    if (fabs(b) >= fabs(a)) return (T)0;
    return (T)(-b / a);
}

/* M = S * (S > ref), as NumPy computes it (so NaN stays NaN). */
static inline T FR_FN(masked)(T s, double r) {
    return s * (T)((double)s > r);
}

int FR_FN(fr_piptrack)(const T *restrict S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t n_freq,
                       ptrdiff_t n_frames, const double *restrict ref, ptrdiff_t ldref,
                       double threshold, int thr_in_t, ptrdiff_t k_lo, ptrdiff_t k_hi,
                       double sr, double n_fft, int compact, T *restrict pitch,
                       T *restrict mag, ptrdiff_t ldout, ptrdiff_t *n_peaks) {
    ptrdiff_t count = 0;
    double *rbuf = NULL;
    T *mx = NULL;
    if (n_rows < 0 || n_frames < 0 || n_freq < 2) return FR_ERR_SIZE;
    if (k_lo < 1) k_lo = 1; /* bin 0 is never a local maximum */
    if (k_hi > n_freq) k_hi = n_freq;
    if (k_hi < k_lo) k_hi = k_lo;
    if (!ref) {
        const size_t n = (size_t)(n_frames > 0 ? n_frames : 1);
        rbuf = (double *)malloc(n * sizeof(double));
        mx = (T *)malloc(n * sizeof(T));
        if (!rbuf || !mx) {
            free(rbuf);
            free(mx);
            return FR_ERR_ALLOC;
        }
    }
    for (ptrdiff_t r = 0; r < n_rows; r++) {
        const T *Sr = S + r * lds;
        T *pr = pitch + r * ldout, *mr = mag + r * ldout; /* full output only */
        const double *rr;
        if (!ref) {
            /* threshold * max over bins, per frame (NaN propagates as in np.max) */
            memcpy(mx, Sr, (size_t)n_frames * sizeof(T));
            for (ptrdiff_t k = 1; k < n_freq; k++) {
                const T *row = Sr + k * n_frames;
                for (ptrdiff_t t = 0; t < n_frames; t++) {
                    const T s = row[t];
                    mx[t] = (s > mx[t] || s != s) ? s : mx[t];
                }
            }
            for (ptrdiff_t t = 0; t < n_frames; t++)
                rbuf[t] = thr_in_t ? (double)((T)threshold * mx[t]) : threshold * (double)mx[t];
            rr = rbuf;
        } else {
            rr = ref + r * ldref;
        }
        if (!compact) {
            memset(pr, 0, (size_t)(k_lo * n_frames) * sizeof(T));
            memset(mr, 0, (size_t)(k_lo * n_frames) * sizeof(T));
            memset(pr + k_hi * n_frames, 0, (size_t)((n_freq - k_hi) * n_frames) * sizeof(T));
            memset(mr + k_hi * n_frames, 0, (size_t)((n_freq - k_hi) * n_frames) * sizeof(T));
        }
        for (ptrdiff_t k = k_lo; k < k_hi; k++) {
            const T *sm = Sr + (k - 1) * n_frames, *s0 = Sr + k * n_frames;
            const int last = (k == n_freq - 1);
            const T *sp = last ? s0 : s0 + n_frames;
            T *po = pr + k * n_frames, *mo = mr + k * n_frames;
            for (ptrdiff_t t = 0; t < n_frames; t++) {
                const double rt = rr[t];
                const T m0 = FR_FN(masked)(s0[t], rt);
                int peak = m0 > FR_FN(masked)(sm[t], rt);
                if (peak && !last) peak = m0 >= FR_FN(masked)(sp[t], rt);
                if (!peak) {
                    if (!compact) po[t] = mo[t] = 0;
                    continue;
                }
                T d, grad;
                if (last) { /* the stencil's border, and gradient's one-sided edge */
                    d = 0;
                    grad = s0[t] - sm[t];
                } else {
                    d = FR_FN(parabolic_shift)(sm[t], s0[t], sp[t]);
                    grad = (sp[t] - sm[t]) / (T)2;
                }
                const T p = (T)((((double)k + (double)d) * sr) / n_fft);
                const T mv = s0[t] + (T)((T)0.5 * grad) * d;
                if (compact) {
                    pitch[count] = p;
                    mag[count] = mv;
                } else {
                    po[t] = p;
                    mo[t] = mv;
                }
                count++;
            }
        }
    }
    free(rbuf);
    free(mx);
    *n_peaks = count;
    return FR_OK;
}

#define FR_PROJECT_BLOCK 256

int FR_FN(fr_project)(const T *restrict W, ptrdiff_t n_bands, ptrdiff_t n_freq,
                      const T *restrict S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t n_frames,
                      T *restrict out, ptrdiff_t ldout) {
    if (n_bands < 0 || n_freq < 0 || n_rows < 0 || n_frames < 0) return FR_ERR_SIZE;
    for (ptrdiff_t r = 0; r < n_rows; r++) {
        const T *Sr = S + r * lds;
        T *Or = out + r * ldout;
        for (ptrdiff_t t0 = 0; t0 < n_frames; t0 += FR_PROJECT_BLOCK) {
            const ptrdiff_t nb = n_frames - t0 < FR_PROJECT_BLOCK ? n_frames - t0 : FR_PROJECT_BLOCK;
            for (ptrdiff_t c = 0; c < n_bands; c++) memset(Or + c * n_frames + t0, 0, (size_t)nb * sizeof(T));
            for (ptrdiff_t k = 0; k < n_freq; k++) {
                const T *restrict row = Sr + k * n_frames + t0;
                for (ptrdiff_t c = 0; c < n_bands; c++) {
                    const T w = W[c * n_freq + k];
                    T *restrict acc = Or + c * n_frames + t0;
                    for (ptrdiff_t t = 0; t < nb; t++) acc[t] += w * row[t];
                }
            }
        }
    }
    return FR_OK;
}
