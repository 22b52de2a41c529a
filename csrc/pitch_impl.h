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

#undef FR_NEXTDOWN
#if FR_SINGLE
#define FR_NEXTDOWN(x) nextafterf(x, -INFINITY)
#else
#define FR_NEXTDOWN(x) nextafter(x, -INFINITY)
#endif

/* |x|, as np.abs (S may be any real spectrogram; librosa takes np.abs(S)). */
static inline T FR_FN(mag_of)(T x) {
    return (T)fabs((double)x);
}

/* M = S * (S > ref), as NumPy computes it (so NaN stays NaN). */
static inline T FR_FN(masked)(T s, double r) {
    return s * (T)((double)s > r);
}

/* Whether bin k of a frame (values xm, x0, xp of bins k-1, k, k+1; xp = x0
 * for the last bin) is a peak against the reference rt; if so, its pitch and
 * magnitude. */
static inline int FR_FN(peak_at)(T xm, T x0, T xp, int last, double rt, ptrdiff_t k, double sr,
                                 double n_fft, T *p, T *mv) {
    const T m0 = FR_FN(masked)(x0, rt);
    int peak = m0 > FR_FN(masked)(xm, rt);
    if (peak && !last) peak = m0 >= FR_FN(masked)(xp, rt);
    if (!peak) return 0;
    T d, grad;
    if (last) { /* the stencil's border, and gradient's one-sided edge */
        d = 0;
        grad = x0 - xm;
    } else {
        d = FR_FN(parabolic_shift)(xm, x0, xp);
        grad = (xp - xm) / (T)2;
    }
    *p = (T)((((double)k + (double)d) * sr) / n_fft);
    *mv = x0 + (T)((T)0.5 * grad) * d;
    return 1;
}

/* The reference of one frame from its maximum (NaN propagates as in np.max). */
static inline double FR_FN(frame_ref)(T mx, double threshold, int thr_in_t) {
    return thr_in_t ? (double)((T)threshold * mx) : threshold * (double)mx;
}

typedef struct {
    const T *S;
    ptrdiff_t n_rows, lds, ld_bin, ld_frame, n_freq, n_frames;
    const double *ref;
    ptrdiff_t ldref;
    double threshold, sr, n_fft;
    int thr_in_t, compact;
    ptrdiff_t k_lo, k_hi;
    T *pitch, *mag;
    ptrdiff_t ldout;
    ptrdiff_t *count_at, *end_at; /* per chunk, indexed by its first frame */
} FR_FN(pip_ctx);

/* Contiguous values in piptrack's scans as the bits of their absolute
 * values: for those, integer order is the order of the values, with NaN
 * above +inf; integer maxima and comparisons vectorise at every level
 * without any relaxed floating-point rules. */
#undef FR_ABS_MASK
#if FR_SINGLE
typedef uint32_t FR_FN(bits);
#define FR_ABS_MASK 0x7fffffffu
#else
typedef uint64_t FR_FN(bits);
#define FR_ABS_MASK 0x7fffffffffffffffull
#endif
static inline FR_FN(bits) FR_FN(abs_bits)(T x) {
    FR_FN(bits) b;
    memcpy(&b, &x, sizeof b);
    return b & FR_ABS_MASK;
}

/* The largest |s[k]| of n >= 1 contiguous values, or NaN if one is NaN (as
 * np.max of np.abs). */
static inline T FR_FN(max_contig)(const T *restrict s, ptrdiff_t n) {
    FR_FN(bits) m = 0;
    for (ptrdiff_t k = 0; k < n; k++) {
        const FR_FN(bits) b = FR_FN(abs_bits)(s[k]);
        m = b > m ? b : m;
    }
    T r;
    memcpy(&r, &m, sizeof r);
    return r != r ? (T)NAN : r;
}

/* bins per chunk of piptrack's scan for bins above the reference */
#undef SCAN
#define SCAN 16

/* Frames [t0, t1) of every row. Compact output goes to the chunk's own
 * stretch, from n_rows * (k_hi - k_lo) * t0 on (the most its frames can
 * give); fr_piptrack packs the stretches after. */
static int FR_FN(piptrack_range)(void *arg, ptrdiff_t t0, ptrdiff_t t1) {
    const FR_FN(pip_ctx) *c = (const FR_FN(pip_ctx) *)arg;
    const ptrdiff_t n_freq = c->n_freq, n_frames = c->n_frames, ldb = c->ld_bin;
    const ptrdiff_t k_lo = c->k_lo, k_hi = c->k_hi, nt = t1 - t0;
    const double threshold = c->threshold, sr = c->sr, n_fft = c->n_fft;
    const int thr_in_t = c->thr_in_t, compact = c->compact;
    T *restrict cpitch = c->pitch, *restrict cmag = c->mag;
    ptrdiff_t count = 0;
    if (compact) {
        const ptrdiff_t base = c->n_rows * (k_hi - k_lo) * t0;
        cpitch += base;
        cmag += base;
    }
    if (c->ld_frame != 1) {
        /* frame by frame: each frame's bins in turn (stft's frame-major memory) */
        for (ptrdiff_t r = 0; r < c->n_rows; r++) {
            T *pr = c->pitch + r * c->ldout, *mr = c->mag + r * c->ldout; /* full output */
            for (ptrdiff_t t = t0; t < t1; t++) {
                const T *restrict s = c->S + r * c->lds + t * c->ld_frame;
                double rt;
                if (!c->ref && ldb == 1) {
                    rt = FR_FN(frame_ref)(FR_FN(max_contig)(s, n_freq), threshold, thr_in_t);
                } else if (!c->ref) {
                    /* the maximum in four lanes (it is exact in any order);
                     * a NaN anywhere makes the reference NaN, as np.max */
                    T m4[4];
                    int nan = s[0] != s[0];
                    for (int u = 0; u < 4; u++) m4[u] = FR_FN(mag_of)(s[0]);
                    ptrdiff_t k = 1;
                    for (; k + 4 <= n_freq; k += 4)
                        for (int u = 0; u < 4; u++) {
                            const T v = FR_FN(mag_of)(s[(k + u) * ldb]);
                            nan |= v != v;
                            m4[u] = v > m4[u] ? v : m4[u];
                        }
                    for (; k < n_freq; k++) {
                        const T v = FR_FN(mag_of)(s[k * ldb]);
                        nan |= v != v;
                        m4[0] = v > m4[0] ? v : m4[0];
                    }
                    T m = m4[0];
                    for (int u = 1; u < 4; u++) m = m4[u] > m ? m4[u] : m;
                    if (nan) m = (T)NAN;
                    rt = FR_FN(frame_ref)(m, threshold, thr_in_t);
                } else {
                    rt = c->ref[r * c->ldref + t];
                }
                /* contiguous bins: chunks with no bin above the reference
                 * (the test below) skipped by a loop that vectorises, against
                 * rt rounded down to T (so that no chunk is skipped wrongly) */
                T rt_lo = (T)rt;
                if ((double)rt_lo > rt) rt_lo = FR_NEXTDOWN(rt_lo);
                const int skip = ldb == 1 && rt_lo >= 0; /* not NaN */
                const FR_FN(bits) rt_bits = skip ? FR_FN(abs_bits)(rt_lo) : 0;
                for (ptrdiff_t k = k_lo; k < k_hi; k++) {
                    if (skip && (k - k_lo) % SCAN == 0 && k + SCAN <= k_hi) {
                        FR_FN(bits) top = 0;
                        for (int j = 0; j < SCAN; j++) {
                            const FR_FN(bits) b = FR_FN(abs_bits)(s[k + j]);
                            top = b > top ? b : top;
                        }
                        const int any = top > rt_bits;
                        if (!any) {
                            k += SCAN - 1;
                            continue;
                        }
                    }
                    /* a peak needs S[k] above the reference (else its masked
                     * value is 0, or NaN, and nothing is below it) */
                    if (!((double)FR_FN(mag_of)(s[k * ldb]) > rt)) continue;
                    const int last = (k == n_freq - 1);
                    const T xm = FR_FN(mag_of)(s[(k - 1) * ldb]);
                    const T x0 = FR_FN(mag_of)(s[k * ldb]);
                    const T xp = last ? x0 : FR_FN(mag_of)(s[(k + 1) * ldb]);
                    T p, mv;
                    if (!FR_FN(peak_at)(xm, x0, xp, last, rt, k, sr, n_fft, &p, &mv)) continue;
                    if (compact) {
                        cpitch[count] = p;
                        cmag[count] = mv;
                    } else {
                        pr[k * n_frames + t] = p;
                        mr[k * n_frames + t] = mv;
                    }
                    count++;
                }
            }
        }
        c->count_at[t0] = count;
        c->end_at[t0] = t1;
        return FR_OK;
    }
    double *rbuf = NULL;
    T *mx = NULL;
    if (!c->ref) {
        rbuf = (double *)malloc((size_t)nt * sizeof(double));
        mx = (T *)malloc((size_t)nt * sizeof(T));
        if (!rbuf || !mx) {
            free(rbuf);
            free(mx);
            return FR_ERR_ALLOC;
        }
    }
    for (ptrdiff_t r = 0; r < c->n_rows; r++) {
        const T *Sr = c->S + r * c->lds + t0;
        T *pr = c->pitch + r * c->ldout + t0, *mr = c->mag + r * c->ldout + t0; /* full output */
        const double *rr;
        if (!c->ref) {
            /* threshold * max over bins, per frame (NaN propagates as in np.max) */
            for (ptrdiff_t t = 0; t < nt; t++) mx[t] = FR_FN(mag_of)(Sr[t]);
            for (ptrdiff_t k = 1; k < n_freq; k++) {
                const T *row = Sr + k * ldb;
                for (ptrdiff_t t = 0; t < nt; t++) {
                    const T v = FR_FN(mag_of)(row[t]);
                    mx[t] = (v > mx[t] || v != v) ? v : mx[t];
                }
            }
            for (ptrdiff_t t = 0; t < nt; t++)
                rbuf[t] = FR_FN(frame_ref)(mx[t], threshold, thr_in_t);
            rr = rbuf;
        } else {
            rr = c->ref + r * c->ldref + t0;
        }
        for (ptrdiff_t k = k_lo; k < k_hi; k++) {
            const T *sm = Sr + (k - 1) * ldb, *s0 = Sr + k * ldb;
            const int last = (k == n_freq - 1);
            const T *sp = last ? s0 : s0 + ldb;
            T *po = pr + k * n_frames, *mo = mr + k * n_frames;
            for (ptrdiff_t t = 0; t < nt; t++) {
                if (!((double)FR_FN(mag_of)(s0[t]) > rr[t])) continue; /* see above */
                const T xm = FR_FN(mag_of)(sm[t]), x0 = FR_FN(mag_of)(s0[t]);
                const T xp = FR_FN(mag_of)(sp[t]);
                T p, mv;
                if (!FR_FN(peak_at)(xm, x0, xp, last, rr[t], k, sr, n_fft, &p, &mv)) continue;
                if (compact) {
                    cpitch[count] = p;
                    cmag[count] = mv;
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
    c->count_at[t0] = count;
    c->end_at[t0] = t1;
    return FR_OK;
}

int FR_FN(fr_piptrack)(const T *restrict S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_bin,
                       ptrdiff_t ld_frame, ptrdiff_t n_freq, ptrdiff_t n_frames,
                       const double *restrict ref, ptrdiff_t ldref, double threshold,
                       int thr_in_t, ptrdiff_t k_lo, ptrdiff_t k_hi, double sr, double n_fft,
                       int compact, T *restrict pitch, T *restrict mag, ptrdiff_t ldout,
                       ptrdiff_t *n_peaks, int n_threads) {
    FR_FN(pip_ctx) c;
    int st;
    if (n_rows < 0 || n_frames < 0 || n_freq < 2) return FR_ERR_SIZE;
    *n_peaks = 0;
    if (n_rows == 0 || n_frames == 0) return FR_OK;
    if (k_lo < 1) k_lo = 1; /* bin 0 is never a local maximum */
    if (k_hi > n_freq) k_hi = n_freq;
    if (k_hi < k_lo) k_hi = k_lo;
    c.S = S; c.n_rows = n_rows; c.lds = lds; c.ld_bin = ld_bin; c.ld_frame = ld_frame;
    c.n_freq = n_freq; c.n_frames = n_frames; c.ref = ref; c.ldref = ldref;
    c.threshold = threshold; c.sr = sr; c.n_fft = n_fft; c.thr_in_t = thr_in_t;
    c.compact = compact; c.k_lo = k_lo; c.k_hi = k_hi; c.pitch = pitch; c.mag = mag;
    c.ldout = ldout;
    c.count_at = (ptrdiff_t *)malloc((size_t)(2 * n_frames) * sizeof(ptrdiff_t));
    if (!c.count_at) return FR_ERR_ALLOC;
    c.end_at = c.count_at + n_frames;
    if ((double)n_rows * (double)n_frames * (double)n_freq < (double)(1 << 18)) n_threads = 1;
    st = fr_parallel_for(n_frames, n_threads, FR_FN(piptrack_range), &c);
    if (st == FR_OK) {
        /* the chunks in frame order; compact stretches packed together */
        ptrdiff_t total = 0;
        for (ptrdiff_t t0 = 0; t0 < n_frames; t0 = c.end_at[t0]) {
            const ptrdiff_t m = c.count_at[t0], base = n_rows * (k_hi - k_lo) * t0;
            if (compact && m > 0 && base != total) {
                memmove(pitch + total, pitch + base, (size_t)m * sizeof(T));
                memmove(mag + total, mag + base, (size_t)m * sizeof(T));
            }
            total += m;
        }
        *n_peaks = total;
    }
    free(c.count_at);
    return st;
}

int FR_FN(fr_tuning_counts)(const T *restrict x, ptrdiff_t n, const double *restrict edges,
                            ptrdiff_t n_edges, int64_t *restrict counts) {
    if (n < 0 || n_edges < 2) return FR_ERR_SIZE;
    for (ptrdiff_t i = 0; i < n_edges - 1; i++) {
        counts[i] = 0;
        if (!(edges[i] <= edges[i + 1])) return FR_ERR_SIZE;
    }
    const double lo = edges[0], hi = edges[n_edges - 1];
    const ptrdiff_t last = n_edges - 2; /* the last bin */
    const double scale = hi > lo ? (double)(n_edges - 1) / (hi - lo) : 0.0;
    for (ptrdiff_t i = 0; i < n; i++) {
        /* np.mod(x, 1.0) in T: fmod(x, 1) = x - trunc(x), exactly; NumPy
         * moves a negative remainder up by the divisor. Then the upper half
         * down by one, in T. */
        const T xi = x[i];
        T r = fabs((double)xi) < 4e15 ? xi - (T)(int64_t)xi : xi - (T)trunc((double)xi);
        if (r < 0) r += (T)1;
        if (r >= (T)0.5) r -= (T)1;
        const double v = (double)r;
        if (!(v >= lo && v <= hi)) continue; /* outside, or NaN */
        /* the last edge <= v (the last bin takes its right edge too): a guess
         * from evenly spaced edges, then moved to the true bin */
        ptrdiff_t a = (ptrdiff_t)((v - lo) * scale);
        if (a > last) a = last;
        if (a < 0) a = 0;
        while (a > 0 && edges[a] > v) a--;
        while (a < last && edges[a + 1] <= v) a++;
        counts[a]++;
    }
    return FR_OK;
}

/* Frames per block of fr_project_bands: the accumulators of one band for a
 * block fit in registers/L1, and a frames-major block transposed to bins-major
 * (n_freq x PBLOCK values) stays in L2. */
#undef PBLOCK
#define PBLOCK 64

typedef struct {
    const T *S;
    ptrdiff_t lds, n_freq, n_frames, n_blocks, ldout;
    int frames_major;
    const FR_PFN(fr_bands) *bands;
    T *out;
} FR_FN(pband_ctx);

/* Blocks [begin, end) of PBLOCK frames (block b of row b / n_blocks). */
static int FR_FN(pband_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(pband_ctx) *c = (const FR_FN(pband_ctx) *)arg;
    const ptrdiff_t n_freq = c->n_freq, n_frames = c->n_frames;
    const FR_PFN(fr_bands) *b = c->bands;
    T *scratch = NULL;
    if (c->frames_major) {
        scratch = (T *)malloc((size_t)n_freq * PBLOCK * sizeof(T));
        if (!scratch) return FR_ERR_ALLOC;
    }
    for (ptrdiff_t blk = begin; blk < end; blk++) {
        const ptrdiff_t r = blk / c->n_blocks, t0 = (blk % c->n_blocks) * PBLOCK;
        const ptrdiff_t nt = n_frames - t0 < PBLOCK ? n_frames - t0 : PBLOCK;
        const T *Sr = c->S + r * c->lds;
        const T *blkS; /* bins-major: bin k of frame t0 + t at blkS[k * ld + t] */
        ptrdiff_t ld;
        if (c->frames_major) {
            /* in tiles of 32 bins: bin after bin at a stride of PBLOCK values
             * would cycle through a few cache sets and miss on every store */
            for (ptrdiff_t k0 = 0; k0 < n_freq; k0 += 32) {
                const ptrdiff_t k1 = n_freq - k0 < 32 ? n_freq : k0 + 32;
                for (ptrdiff_t t = 0; t < nt; t++) {
                    const T *restrict f = Sr + (t0 + t) * n_freq;
                    for (ptrdiff_t k = k0; k < k1; k++) scratch[k * PBLOCK + t] = f[k];
                }
            }
            blkS = scratch;
            ld = PBLOCK;
        } else {
            blkS = Sr + t0;
            ld = n_frames;
        }
        /* the frames holding a NaN or an infinity: first and last such bin */
        ptrdiff_t bad_lo[PBLOCK], bad_hi[PBLOCK];
        unsigned char bad[PBLOCK] = {0}, any = 0;
        for (ptrdiff_t k = 0; k < n_freq; k++) {
            const T *s = blkS + k * ld;
            for (ptrdiff_t t = 0; t < nt; t++) bad[t] |= (unsigned char)(s[t] - s[t] != 0);
        }
        for (ptrdiff_t t = 0; t < nt; t++) any |= bad[t];
        if (any) {
            for (ptrdiff_t t = 0; t < nt; t++) {
                bad_lo[t] = n_freq;
                bad_hi[t] = -1;
                if (!bad[t]) continue;
                for (ptrdiff_t k = 0; k < n_freq; k++) {
                    const T v = blkS[k * ld + t];
                    if (v - v != 0) {
                        if (k < bad_lo[t]) bad_lo[t] = k;
                        bad_hi[t] = k;
                    }
                }
            }
        }
        T *o = c->out + r * c->ldout + t0;
        for (ptrdiff_t m = 0; m < b->n_bands; m++) {
            const T *restrict wm = b->weights + b->offset[m];
            T acc[PBLOCK];
            for (ptrdiff_t t = 0; t < PBLOCK; t++) acc[t] = 0;
            for (ptrdiff_t k = b->lo[m]; k < b->hi[m]; k++) {
                const T w = wm[k - b->lo[m]];
                const T *restrict s = blkS + k * ld;
                for (ptrdiff_t t = 0; t < nt; t++) acc[t] += w * s[t];
            }
            T *restrict om = o + m * n_frames;
            for (ptrdiff_t t = 0; t < nt; t++) om[t] = acc[t];
            if (any)
                for (ptrdiff_t t = 0; t < nt; t++)
                    if (bad[t] && (bad_lo[t] < b->lo[m] || bad_hi[t] >= b->hi[m])) om[t] = (T)NAN;
        }
    }
    free(scratch);
    return FR_OK;
}

int FR_FN(fr_project_bands)(const T *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t n_freq,
                            ptrdiff_t n_frames, int frames_major, const FR_PFN(fr_bands) *bands,
                            T *out, ptrdiff_t ldout, int n_threads) {
    FR_FN(pband_ctx) c;
    if (n_rows < 0 || n_freq < 0 || n_frames < 0 || bands->n_bands < 0) return FR_ERR_SIZE;
    for (ptrdiff_t m = 0; m < bands->n_bands; m++)
        if (bands->lo[m] < 0 || bands->hi[m] > n_freq || bands->lo[m] > bands->hi[m])
            return FR_ERR_SIZE;
    if (n_rows == 0 || n_frames == 0 || bands->n_bands == 0) return FR_OK;
    c.S = S;
    c.lds = lds;
    c.n_freq = n_freq;
    c.n_frames = n_frames;
    c.n_blocks = (n_frames + PBLOCK - 1) / PBLOCK;
    c.ldout = ldout;
    c.frames_major = frames_major;
    c.bands = bands;
    c.out = out;
    /* threads pay off past some hundred thousand values */
    if ((double)n_rows * (double)n_freq * (double)n_frames < (double)(1 << 18)) n_threads = 1;
    return fr_parallel_for(n_rows * c.n_blocks, n_threads, FR_FN(pband_range), &c);
}
