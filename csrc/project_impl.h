/* Body of the dense projection out = W S (fastrosa/pitch.h, fr_project)
 * for one precision and SIMD level; see template.h and simd_level.h.
 *
 * Register blocks are written in vectors of the level's native width
 * (FR_VBYTES): PB bands by PV vectors of frames when frames are contiguous,
 * NF frames by one vector of bands when bins are. PB, PV and NF are chosen
 * per level so that the accumulators, the loaded operands and a temporary
 * fit the level's registers (16 vector registers for SSE2, NEON has 32 but
 * the same blocks serve it, AVX2 16, AVX-512 32). Every output is
 * sum_k W[c][k] * S[k][t] accumulated over k in order from 0, as the plain
 * loops at the edges do: the same bits whatever the blocking, so at every
 * level. */
#include "fastrosa/template.h"

#undef VL
#undef PB
#undef PV
#undef PT
#undef NF
#define VL (FR_VBYTES / (int)sizeof(T)) /* lanes per vector */
#if FR_VBYTES >= 64
#define PB 6
#define PV 4 /* 24 accumulators of 32 registers */
#else
#define PB 6
#define PV 2 /* 12 accumulators of 16 registers */
#endif
#define PT (PV * VL) /* frames per block */
#define NF 8         /* frames per block when bins are contiguous */

#if FR_HAVE_VECTOR_EXT
typedef T FR_FN(pvec) __attribute__((vector_size(FR_VBYTES)));

/* Loads and stores by value: no array of vectors has its address taken, so
 * GCC keeps the blocks in registers. */
static inline FR_FN(pvec) FR_FN(pload)(const T *p) {
    FR_FN(pvec) v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void FR_FN(pstore)(T *p, FR_FN(pvec) v) { memcpy(p, &v, sizeof v); }

/* acc[c][t] = sum_k Wt[k][c0 + c] * S[k*ldk + t] for a PB x PT block, in
 * registers, to out[c*ldo + t] for the first nc bands; Wt is W transposed
 * (n_freq rows of n_bands, zero beyond the last band). */
static void FR_FN(project_block)(const T *restrict Wt, ptrdiff_t n_bands, ptrdiff_t n_freq,
                                 const T *restrict S, ptrdiff_t ldk, T *restrict out,
                                 ptrdiff_t ldo, ptrdiff_t nc) {
    typedef FR_FN(pvec) V;
    V acc[PB][PV];
    for (int c = 0; c < PB; c++)
        for (int v = 0; v < PV; v++) acc[c][v] = (V){0};
    for (ptrdiff_t k = 0; k < n_freq; k++) {
        V s[PV];
        const T *restrict w = Wt + k * n_bands;
        for (int v = 0; v < PV; v++) s[v] = FR_FN(pload)(S + k * ldk + v * VL);
        for (int c = 0; c < PB; c++) {
            const V wc = w[c] - (V){0};
            for (int v = 0; v < PV; v++) acc[c][v] += wc * s[v];
        }
    }
    for (int c = 0; c < PB; c++)
        if (c < nc)
            for (int v = 0; v < PV; v++) FR_FN(pstore)(out + c * ldo + v * VL, acc[c][v]);
}

/* Frames stored frame by frame (bins contiguous, stft's memory): NF frames
 * at a time, VL bands per vector, Wp = W transposed with its rows padded to
 * nbp (a multiple of VL) by zeros. Frames t0 .. t0 + nt - 1 (nt <= NF) at
 * S + t * ld_frame; band c of frame t to out[c * ldo + t]. */
#define HAVE_PROJECT_FRAMES 1
static void FR_FN(project_frames)(const T *restrict Wp, ptrdiff_t nbp, ptrdiff_t n_bands,
                                  ptrdiff_t n_freq, const T *restrict S, ptrdiff_t ld_frame,
                                  ptrdiff_t nt, T *restrict out, ptrdiff_t ldo) {
    typedef FR_FN(pvec) V;
    const T *restrict s[NF];
    for (int t = 0; t < NF; t++) s[t] = S + (t < nt ? t : 0) * ld_frame;
    for (ptrdiff_t g = 0; g < nbp; g += VL) {
        V a[NF];
        for (int t = 0; t < NF; t++) a[t] = (V){0};
        for (ptrdiff_t k = 0; k < n_freq; k++) {
            const V w = FR_FN(pload)(Wp + k * nbp + g);
            for (int t = 0; t < NF; t++) a[t] += s[t][k] * w;
        }
        for (int t = 0; t < NF; t++) {
            T lanes[VL];
            FR_FN(pstore)(lanes, a[t]);
            if (t < nt)
                for (ptrdiff_t c = g; c < n_bands && c < g + VL; c++) out[c * ldo + t] = lanes[c - g];
        }
    }
}
#else
/* Without vector extensions (MSVC): the same blocks as plain arrays. */
static void FR_FN(project_block)(const T *restrict Wt, ptrdiff_t n_bands, ptrdiff_t n_freq,
                                 const T *restrict S, ptrdiff_t ldk, T *restrict out,
                                 ptrdiff_t ldo, ptrdiff_t nc) {
    T acc[PB][PT];
    for (int c = 0; c < PB; c++)
        for (int t = 0; t < PT; t++) acc[c][t] = 0;
    for (ptrdiff_t k = 0; k < n_freq; k++) {
        const T *restrict s = S + k * ldk;
        const T *restrict w = Wt + k * n_bands;
        for (int c = 0; c < PB; c++)
            for (int t = 0; t < PT; t++) acc[c][t] += w[c] * s[t];
    }
    for (int c = 0; c < nc; c++)
        for (int t = 0; t < PT; t++) out[c * ldo + t] = acc[c][t];
}
#endif
/* The same for a partial block (nc bands, nt frames) at the edges. */
static void FR_FN(project_edge)(const T *restrict Wt, ptrdiff_t n_bands, ptrdiff_t n_freq,
                                const T *restrict S, ptrdiff_t ldk, T *restrict out,
                                ptrdiff_t ldo, ptrdiff_t nc, ptrdiff_t nt) {
    for (ptrdiff_t c = 0; c < nc; c++)
        for (ptrdiff_t t = 0; t < nt; t++) {
            T acc = 0;
            for (ptrdiff_t k = 0; k < n_freq; k++) acc += Wt[k * n_bands + c] * S[k * ldk + t];
            out[c * ldo + t] = acc;
        }
}

typedef struct {
    const T *Wt, *Wp; /* Wp: the frame-major path's weights, or NULL */
    ptrdiff_t nbw, nbp, n_bands, n_freq, lds, ld_bin, ld_frame, n_frames, n_blocks, ldout;
    const T *S;
    T *out;
} FR_FN(project_ctx);

/* Items [begin, end) of the flattened (row, block of frames) index. */
static int FR_FN(project_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(project_ctx) *c = (const FR_FN(project_ctx) *)arg;
    const ptrdiff_t n_freq = c->n_freq, n_frames = c->n_frames, n_bands = c->n_bands;
    T *blk = NULL;
    if (!c->Wp && c->ld_frame != 1) { /* frames gathered PT at a time into a (n_freq, PT) block */
        blk = (T *)malloc((size_t)(n_freq > 0 ? n_freq : 1) * PT * sizeof(T));
        if (!blk) return FR_ERR_ALLOC;
    }
    for (ptrdiff_t i = begin; i < end; i++) {
        const ptrdiff_t r = i / c->n_blocks, b = i % c->n_blocks;
        const T *Sr = c->S + r * c->lds;
        T *Or = c->out + r * c->ldout;
#ifdef HAVE_PROJECT_FRAMES
        if (c->Wp) {
            const ptrdiff_t t0 = b * NF;
            FR_FN(project_frames)(c->Wp, c->nbp, n_bands, n_freq, Sr + t0 * c->ld_frame,
                                  c->ld_frame, n_frames - t0 < NF ? n_frames - t0 : NF, Or + t0,
                                  n_frames);
            continue;
        }
#endif
        const ptrdiff_t t0 = b * PT, nt = n_frames - t0 < PT ? n_frames - t0 : PT;
        const T *src = Sr + t0;
        ptrdiff_t ldk = c->ld_bin;
        if (blk) {
            /* bin by bin across the block's frames: nt read streams, one
             * contiguous write (the other order writes a cache line per value) */
            const T *restrict f = Sr + t0 * c->ld_frame;
            for (ptrdiff_t k = 0; k < n_freq; k++)
                for (ptrdiff_t t = 0; t < nt; t++) blk[k * PT + t] = f[t * c->ld_frame + k * c->ld_bin];
            src = blk;
            ldk = PT;
        }
        for (ptrdiff_t c0 = 0; c0 < n_bands; c0 += PB) {
            const ptrdiff_t nc = n_bands - c0 < PB ? n_bands - c0 : PB;
            T *o = Or + c0 * n_frames + t0;
            if (nt == PT)
                FR_FN(project_block)(c->Wt + c0, c->nbw, n_freq, src, ldk, o, n_frames, nc);
            else
                FR_FN(project_edge)(c->Wt + c0, c->nbw, n_freq, src, ldk, o, n_frames, nc, nt);
        }
    }
    free(blk);
    return FR_OK;
}

int FR_FN(fr_project)(const T *restrict W, ptrdiff_t n_bands, ptrdiff_t n_freq,
                      const T *restrict S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_bin,
                      ptrdiff_t ld_frame, ptrdiff_t n_frames, T *restrict out, ptrdiff_t ldout,
                      int n_threads) {
    FR_FN(project_ctx) c;
    T *Wt, *Wp = NULL;
    if (n_bands < 0 || n_freq < 0 || n_rows < 0 || n_frames < 0) return FR_ERR_SIZE;
    if (n_bands == 0 || n_rows == 0 || n_frames == 0) return FR_OK;
    /* W transposed, its rows padded with zero bands to whole blocks of PB */
    const ptrdiff_t nbw = (n_bands + PB - 1) / PB * PB;
    Wt = (T *)calloc((size_t)(n_freq > 0 ? n_freq : 1) * (size_t)nbw, sizeof(T));
    if (!Wt) return FR_ERR_ALLOC;
    {
        /* Weights below 2^-60 of the largest magnitude count as zero: a
         * product of one with any S is below the float resolution of the
         * sum it joins (chroma filterbanks' tails reach 1e-32), and such
         * products are subnormal, which costs a microcode assist of ~100
         * cycles each on x86. Not applied when W holds inf or NaN. */
        double big = 0;
        int nan = 0;
        for (ptrdiff_t i = 0; i < n_bands * n_freq; i++) {
            const double a = fabs((double)W[i]);
            big = a > big ? a : big;
            nan |= a != a;
        }
        const double negligible = !nan && big <= DBL_MAX ? big * 0x1p-60 : 0.0;
        for (ptrdiff_t b = 0; b < n_bands; b++)
            for (ptrdiff_t k = 0; k < n_freq; k++) {
                const T w = W[b * n_freq + k];
                Wt[k * nbw + b] = fabs((double)w) < negligible ? (T)0 : w;
            }
    }
    c.nbp = 0;
    ptrdiff_t block = PT;
#ifdef HAVE_PROJECT_FRAMES
    if (ld_frame != 1 && ld_bin == 1) {
        const ptrdiff_t nbp = (n_bands + VL - 1) / VL * VL;
        Wp = (T *)calloc((size_t)(n_freq > 0 ? n_freq : 1) * (size_t)nbp, sizeof(T));
        if (!Wp) {
            free(Wt);
            return FR_ERR_ALLOC;
        }
        for (ptrdiff_t k = 0; k < n_freq; k++)
            for (ptrdiff_t b = 0; b < n_bands; b++) Wp[k * nbp + b] = Wt[k * nbw + b];
        c.nbp = nbp;
        block = NF;
    }
#endif
    c.Wt = Wt; c.Wp = Wp; c.nbw = nbw; c.n_bands = n_bands; c.n_freq = n_freq; c.lds = lds;
    c.ld_bin = ld_bin; c.ld_frame = ld_frame; c.n_frames = n_frames; c.ldout = ldout;
    c.n_blocks = (n_frames + block - 1) / block; c.S = S; c.out = out;
    /* each output value is one block's sum, whichever thread computes it */
    if ((double)n_rows * (double)n_frames * (double)n_freq * (double)n_bands < (double)(1 << 22))
        n_threads = 1;
    const int st = fr_parallel_for(n_rows * c.n_blocks, n_threads, FR_FN(project_range), &c);
    free(Wp);
    free(Wt);
    return st;
}


#undef VL
#undef PB
#undef PV
#undef PT
#undef NF
#undef HAVE_PROJECT_FRAMES
