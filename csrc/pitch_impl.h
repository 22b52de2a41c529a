/* Body of the pitch-tracking kernels for one precision; see template.h. */
#include "fastrosa/template.h"

#undef FR_NEXTAFTER
#if FR_SINGLE
#define FR_NEXTAFTER nextafterf
#else
#define FR_NEXTAFTER nextafter
#endif

/* The parabolic shift of librosa's numba stencil: the sums of neighbours in
 * T, the rest in double (numba types 2 * x and x / 2 as float64), rounded to
 * T once at the end. 0 when the vertex lies a bin or more away. */
static inline T FR_FN(parabolic_shift)(T xm, T x0, T xp) {
    const double a = (double)(T)(xp + xm) - 2.0 * (double)x0;
    const double b = (double)(T)(xp - xm) / 2.0;
    if (fabs(b) >= fabs(a)) return (T)0;
    return (T)(-b / a);
}

/* |x|, as np.abs (S may be any real spectrogram; librosa takes np.abs(S)). */
static inline T FR_FN(mag_of)(T x) {
#if FR_SINGLE
    return fabsf(x);
#else
    return fabs(x);
#endif
}

/* The largest T not above the double r (-inf when there is none, NaN for
 * NaN): for every T s, (double)s > r exactly when s > below(r), so that the
 * comparisons of a frame run in T. */
static inline T FR_FN(below)(double r) {
    T f = (T)r;
    if ((double)f > r) f = FR_NEXTAFTER(f, -(T)INFINITY);
    return f;
}

/* M = S * (S > ref) as NumPy computes it (so NaN and inf * 0 give NaN), with
 * rb = below(ref). */
static inline T FR_FN(masked)(T s, T rb) {
    return s * (T)(s > rb);
}

/* flag[t] = 1 where bin k (values x0, neighbours xm below and xp above; xp
 * unused for the last bin) of frame t is a local maximum of M: M[k] > M[k-1]
 * and, unless last, M[k] >= M[k+1]. No branches: the loop vectorises (one
 * clone per instruction set, simd.h). */
FR_TARGET_CLONES
static void FR_FN(peak_flags)(const T *restrict sm, const T *restrict s0, const T *restrict sp,
                              const T *restrict rb, ptrdiff_t n, int last,
                              unsigned char *restrict flag) {
    for (ptrdiff_t t = 0; t < n; t++) {
        const T m0 = FR_FN(masked)(FR_FN(mag_of)(s0[t]), rb[t]);
        const T mm = FR_FN(masked)(FR_FN(mag_of)(sm[t]), rb[t]);
        const T mp = FR_FN(masked)(FR_FN(mag_of)(sp[t]), rb[t]);
        flag[t] = (unsigned char)((m0 > mm) & (last | (m0 >= mp)));
    }
}

int FR_FN(fr_piptrack)(const T *restrict S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t n_freq,
                       ptrdiff_t n_frames, const double *restrict ref, ptrdiff_t ldref,
                       double threshold, int thr_in_t, ptrdiff_t k_lo, ptrdiff_t k_hi,
                       double sr, double n_fft, int compact, T *restrict pitch,
                       T *restrict mag, ptrdiff_t ldout, ptrdiff_t *n_peaks) {
    ptrdiff_t count = 0;
    T *rbuf = NULL, *mx = NULL;
    unsigned char *flag = NULL;
    if (n_rows < 0 || n_frames < 0 || n_freq < 2) return FR_ERR_SIZE;
    if (k_lo < 1) k_lo = 1; /* bin 0 is never a local maximum */
    if (k_hi > n_freq) k_hi = n_freq;
    if (k_hi < k_lo) k_hi = k_lo;
    {
        const size_t n = (size_t)(n_frames > 0 ? n_frames : 1);
        rbuf = (T *)malloc(n * sizeof(T));
        mx = (T *)malloc(n * sizeof(T));
        flag = (unsigned char *)malloc(n + 8);
        if (!rbuf || !mx || !flag) {
            free(rbuf);
            free(mx);
            free(flag);
            return FR_ERR_ALLOC;
        }
    }
    for (ptrdiff_t r = 0; r < n_rows; r++) {
        const T *Sr = S + r * lds;
        T *pr = pitch + r * ldout, *mr = mag + r * ldout; /* full output only */
        if (!ref) {
            /* threshold * max over bins, per frame (NaN propagates as in np.max) */
            for (ptrdiff_t t = 0; t < n_frames; t++) mx[t] = FR_FN(mag_of)(Sr[t]);
            for (ptrdiff_t k = 1; k < n_freq; k++) {
                const T *row = Sr + k * n_frames;
                for (ptrdiff_t t = 0; t < n_frames; t++) {
                    const T s = FR_FN(mag_of)(row[t]);
                    mx[t] = (s > mx[t] || s != s) ? s : mx[t];
                }
            }
            for (ptrdiff_t t = 0; t < n_frames; t++)
                rbuf[t] = FR_FN(below)(thr_in_t ? (double)((T)threshold * mx[t])
                                                : threshold * (double)mx[t]);
        } else {
            for (ptrdiff_t t = 0; t < n_frames; t++) rbuf[t] = FR_FN(below)(ref[r * ldref + t]);
        }
        for (ptrdiff_t k = k_lo; k < k_hi; k++) {
            const T *sm = Sr + (k - 1) * n_frames, *s0 = Sr + k * n_frames;
            const int last = (k == n_freq - 1);
            const T *sp = last ? s0 : s0 + n_frames;
            T *po = pr + k * n_frames, *mo = mr + k * n_frames;
            FR_FN(peak_flags)(sm, s0, sp, rbuf, n_frames, last, flag);
            memset(flag + n_frames, 0, 8);
            for (ptrdiff_t t0 = 0; t0 < n_frames; t0 += 8) {
                uint64_t any;
                memcpy(&any, flag + t0, sizeof any); /* peaks are rare: skip 8 at a time */
                if (!any) continue;
                for (ptrdiff_t t = t0; t < t0 + 8 && t < n_frames; t++) {
                    if (!flag[t]) continue;
                    const T xm = FR_FN(mag_of)(sm[t]), x0 = FR_FN(mag_of)(s0[t]);
                    const T xp = FR_FN(mag_of)(sp[t]);
                    T d, grad;
                    if (last) { /* the stencil's border, and gradient's one-sided edge */
                        d = 0;
                        grad = x0 - xm;
                    } else {
                        d = FR_FN(parabolic_shift)(xm, x0, xp);
                        grad = (xp - xm) / (T)2;
                    }
                    const T p = (T)((((double)k + (double)d) * sr) / n_fft);
                    const T mv = x0 + (T)((T)0.5 * grad) * d;
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
    }
    free(rbuf);
    free(mx);
    free(flag);
    *n_peaks = count;
    return FR_OK;
}

/* Register blocks of the projection: PB bands by PT frames of accumulators. */
#undef PB
#undef PT
#if defined(__GNUC__) && !defined(__clang__)
/* GCC's vector extensions: PB = 6 bands by one 64-byte vector of frames
 * (16 float32 or 8 float64), lowered to whatever SIMD the run-time clone has
 * (simd.h): 6 AVX-512 registers, 12 AVX2 ones, 24 SSE2 ones. Each
 * accumulator adds w * s over k in order, as the plain loop below does (the
 * clones may fuse the multiply-add). Measured on a 1025 x 1293 float32
 * spectrogram onto 12 chroma bands, one thread: 0.45 ms AVX-512 against
 * 1.27 ms for the plain 4 x 8 block of the baseline ISA. */
#define PB 6
#define PT (64 / (int)sizeof(T))
typedef T FR_FN(pvec) __attribute__((vector_size(64)));

FR_TARGET_CLONES
static void FR_FN(project_block)(const T *restrict Wt, ptrdiff_t n_bands, ptrdiff_t n_freq,
                                 const T *restrict S, ptrdiff_t n_frames, T *restrict out) {
    typedef FR_FN(pvec) V;
    V acc[PB];
    for (int c = 0; c < PB; c++) acc[c] = (V){0};
    for (ptrdiff_t k = 0; k < n_freq; k++) {
        V s;
        const T *restrict w = Wt + k * n_bands;
        memcpy(&s, S + k * n_frames, sizeof s);
        for (int c = 0; c < PB; c++) acc[c] += w[c] * s;
    }
    for (int c = 0; c < PB; c++) memcpy(out + c * n_frames, &acc[c], sizeof acc[c]);
}
#else
#define PB 4
#define PT (FR_SINGLE ? 8 : 4)

/* acc[c][t] = sum_k Wt[k][c0 + c] * S[k][t0 + t] for a full PB x PT block,
 * in registers; Wt is W transposed (n_freq, n_bands). */
static void FR_FN(project_block)(const T *restrict Wt, ptrdiff_t n_bands, ptrdiff_t n_freq,
                                 const T *restrict S, ptrdiff_t n_frames, T *restrict out) {
    T acc[PB][PT];
    for (int c = 0; c < PB; c++)
        for (int t = 0; t < PT; t++) acc[c][t] = 0;
    for (ptrdiff_t k = 0; k < n_freq; k++) {
        const T *restrict s = S + k * n_frames;
        const T *restrict w = Wt + k * n_bands;
        for (int c = 0; c < PB; c++)
            for (int t = 0; t < PT; t++) acc[c][t] += w[c] * s[t];
    }
    for (int c = 0; c < PB; c++)
        for (int t = 0; t < PT; t++) out[c * n_frames + t] = acc[c][t];
}
#endif

/* The same for a partial block (nc bands, nt frames) at the edges. */
static void FR_FN(project_edge)(const T *restrict Wt, ptrdiff_t n_bands, ptrdiff_t n_freq,
                                const T *restrict S, ptrdiff_t n_frames, T *restrict out,
                                ptrdiff_t nc, ptrdiff_t nt) {
    for (ptrdiff_t c = 0; c < nc; c++)
        for (ptrdiff_t t = 0; t < nt; t++) {
            T acc = 0;
            for (ptrdiff_t k = 0; k < n_freq; k++) acc += Wt[k * n_bands + c] * S[k * n_frames + t];
            out[c * n_frames + t] = acc;
        }
}

int FR_FN(fr_project)(const T *restrict W, ptrdiff_t n_bands, ptrdiff_t n_freq,
                      const T *restrict S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t n_frames,
                      T *restrict out, ptrdiff_t ldout) {
    T *Wt;
    if (n_bands < 0 || n_freq < 0 || n_rows < 0 || n_frames < 0) return FR_ERR_SIZE;
    if (n_bands == 0 || n_rows == 0 || n_frames == 0) return FR_OK;
    Wt = (T *)malloc((size_t)(n_freq > 0 ? n_freq : 1) * (size_t)n_bands * sizeof(T));
    if (!Wt) return FR_ERR_ALLOC;
    for (ptrdiff_t c = 0; c < n_bands; c++)
        for (ptrdiff_t k = 0; k < n_freq; k++) Wt[k * n_bands + c] = W[c * n_freq + k];
    for (ptrdiff_t r = 0; r < n_rows; r++) {
        const T *Sr = S + r * lds;
        T *Or = out + r * ldout;
        for (ptrdiff_t t0 = 0; t0 < n_frames; t0 += PT) {
            const ptrdiff_t nt = n_frames - t0 < PT ? n_frames - t0 : PT;
            for (ptrdiff_t c0 = 0; c0 < n_bands; c0 += PB) {
                const ptrdiff_t nc = n_bands - c0 < PB ? n_bands - c0 : PB;
                T *o = Or + c0 * n_frames + t0;
                if (nt == PT && nc == PB)
                    FR_FN(project_block)(Wt + c0, n_bands, n_freq, Sr + t0, n_frames, o);
                else
                    FR_FN(project_edge)(Wt + c0, n_bands, n_freq, Sr + t0, n_frames, o, nc, nt);
            }
        }
    }
    free(Wt);
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
    const FR_FN(fr_bands) *bands;
    T *out;
} FR_FN(pband_ctx);

/* Blocks [begin, end) of PBLOCK frames (block b of row b / n_blocks). */
static int FR_FN(pband_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(pband_ctx) *c = (const FR_FN(pband_ctx) *)arg;
    const ptrdiff_t n_freq = c->n_freq, n_frames = c->n_frames;
    const FR_FN(fr_bands) *b = c->bands;
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
            for (ptrdiff_t t = 0; t < nt; t++) {
                const T *f = Sr + (t0 + t) * n_freq;
                for (ptrdiff_t k = 0; k < n_freq; k++) scratch[k * PBLOCK + t] = f[k];
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
                            ptrdiff_t n_frames, int frames_major, const FR_FN(fr_bands) *bands,
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
