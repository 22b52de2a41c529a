/* Body of the median filter for one precision; see template.h. */
#include "fastrosa/template.h"

/* The window: slots 0..k-1 hold the values of the last k inputs (slot t % k
 * for input t). lo is a max-heap of the r = k/2 smallest, hi a min-heap of
 * the other k - r; every element of lo is <= every element of hi, so hi's
 * root is the rank-r value. Heaps hold values and slot numbers side by side;
 * where[s] is the position of slot s: p >= 0 in hi, -1 - p in lo. */
typedef struct {
    T v;
    ptrdiff_t s;
} FR_FN(pair);

/* Order of (value, slot) pairs by value, NaN last, then by slot. */
static int FR_FN(pair_cmp)(const void *pa, const void *pb) {
    const FR_FN(pair) *a = (const FR_FN(pair) *)pa, *b = (const FR_FN(pair) *)pb;
    int an = a->v != a->v, bn = b->v != b->v;
    if (an != bn) return an - bn;
    if (a->v < b->v) return -1;
    if (a->v > b->v) return 1;
    return (a->s > b->s) - (a->s < b->s);
}

typedef struct {
    T *lo_v, *hi_v;
    ptrdiff_t *lo_s, *hi_s, *where;
    FR_FN(pair) *pairs; /* scratch for sorting the first window */
    ptrdiff_t r, m;     /* sizes of lo and hi */
} FR_FN(window);

static void FR_FN(lo_put)(FR_FN(window) *w, ptrdiff_t p, T v, ptrdiff_t s) {
    w->lo_v[p] = v;
    w->lo_s[p] = s;
    w->where[s] = -1 - p;
}

static void FR_FN(hi_put)(FR_FN(window) *w, ptrdiff_t p, T v, ptrdiff_t s) {
    w->hi_v[p] = v;
    w->hi_s[p] = s;
    w->where[s] = p;
}

/* Restore the max-heap order of lo after its entry p changed to v (slot s). */
static void FR_FN(lo_fix)(FR_FN(window) *w, ptrdiff_t p, T v, ptrdiff_t s) {
    const T *lv = w->lo_v;
    while (p > 0 && lv[(p - 1) / 2] < v) { /* up */
        ptrdiff_t q = (p - 1) / 2;
        FR_FN(lo_put)(w, p, lv[q], w->lo_s[q]);
        p = q;
    }
    for (;;) { /* down */
        ptrdiff_t c = 2 * p + 1;
        if (c >= w->r) break;
        if (c + 1 < w->r && lv[c + 1] > lv[c]) c++;
        if (!(lv[c] > v)) break;
        FR_FN(lo_put)(w, p, lv[c], w->lo_s[c]);
        p = c;
    }
    FR_FN(lo_put)(w, p, v, s);
}

/* Restore the min-heap order of hi after its entry p changed to v (slot s). */
static void FR_FN(hi_fix)(FR_FN(window) *w, ptrdiff_t p, T v, ptrdiff_t s) {
    const T *hv = w->hi_v;
    while (p > 0 && hv[(p - 1) / 2] > v) {
        ptrdiff_t q = (p - 1) / 2;
        FR_FN(hi_put)(w, p, hv[q], w->hi_s[q]);
        p = q;
    }
    for (;;) {
        ptrdiff_t c = 2 * p + 1;
        if (c >= w->m) break;
        if (c + 1 < w->m && hv[c + 1] < hv[c]) c++;
        if (!(hv[c] < v)) break;
        FR_FN(hi_put)(w, p, hv[c], w->hi_s[c]);
        p = c;
    }
    FR_FN(hi_put)(w, p, v, s);
}

/* Replace the value in slot s by v and restore both invariants: at most one
 * pair of roots is out of order afterwards, and swapping them fixes it. */
static void FR_FN(replace)(FR_FN(window) *w, ptrdiff_t s, T v) {
    ptrdiff_t p = w->where[s];
    if (p >= 0) FR_FN(hi_fix)(w, p, v, s);
    else FR_FN(lo_fix)(w, -1 - p, v, s);
    if (w->r > 0 && w->lo_v[0] > w->hi_v[0]) {
        T a = w->lo_v[0], b = w->hi_v[0];
        ptrdiff_t sa = w->lo_s[0], sb = w->hi_s[0];
        FR_FN(lo_fix)(w, 0, b, sb);
        FR_FN(hi_fix)(w, 0, a, sa);
    }
}

/* Sliding rank-(k/2) over e[0 .. n+k-2] (the reflected line), out[i] for the
 * window e[i .. i+k-1], i < n. The first window starts as an insertion sort
 * of k slots (a sorted array is a valid heap both ways). */
static void FR_FN(slide)(FR_FN(window) *w, const T *restrict e, ptrdiff_t n, ptrdiff_t k,
                         T *restrict out, ptrdiff_t ldout) {
    ptrdiff_t r = k / 2;
    T *sv = w->hi_v; /* sort in hi's arrays, then split */
    ptrdiff_t *ss = w->hi_s;
    FR_FN(pair) *pairs = w->pairs;
    for (ptrdiff_t j = 0; j < k; j++) {
        pairs[j].v = e[j];
        pairs[j].s = j;
    }
    qsort(pairs, (size_t)k, sizeof(*pairs), FR_FN(pair_cmp)); /* O(k log k) */
    for (ptrdiff_t j = 0; j < k; j++) {
        sv[j] = pairs[j].v;
        ss[j] = pairs[j].s;
    }
    /* lo gets the r smallest in descending order; hi keeps the rest ascending */
    for (ptrdiff_t j = 0; j < r; j++) FR_FN(lo_put)(w, j, sv[r - 1 - j], ss[r - 1 - j]);
    for (ptrdiff_t j = 0; j < w->m; j++) FR_FN(hi_put)(w, j, sv[r + j], ss[r + j]);
    out[0] = w->hi_v[0];
    ptrdiff_t s = 0;
    for (ptrdiff_t i = 1; i < n; i++) {
        FR_FN(replace)(w, s, e[i + k - 1]);
        out[i * ldout] = w->hi_v[0];
        if (++s == k) s = 0;
    }
}

/* The same sliding rank as slide(), keeping the window as a sorted array
 * and updating it without data-dependent branches: removing the outgoing
 * value and inserting the incoming one shifts the entries between them by
 * one place, and each entry's new value follows from comparing it and one
 * neighbour with the two values (see the loop). Each step is O(k), but one
 * short loop of a width kw fixed at compile time (k rounded up to a multiple
 * of 8, the tail held at +inf, a -inf/+inf slot either side) that the
 * compiler unrolls and vectorises, with no branch mispredictions; for the
 * widths used in practice (k = 31) that beats the heaps' O(log k) sifts,
 * which branch on the data (a build with -DSORTED_MAX_K=0 sends these lines
 * to the heaps, to compare). n_lines <= GROUP
 * independent lines (line l at e + l*lde, output at out + l*ldo) advance
 * together, so that their steps overlap. */
#define GROUP 4
static inline void FR_FN(slide_sorted_body)(const T *restrict e, ptrdiff_t lde, int n_lines,
                                            ptrdiff_t n, ptrdiff_t k, const int kw,
                                            T *restrict out, ptrdiff_t ldo) {
    const ptrdiff_t r = k / 2;
    T buf[2][GROUP][64 + 2]; /* a slot either side for the shifted reads */
    T *a[GROUP], *b[GROUP];
    for (int l = 0; l < n_lines; l++) {
        const T *el = e + l * lde;
        a[l] = buf[0][l] + 1;
        b[l] = buf[1][l] + 1;
        for (ptrdiff_t j = 0; j < k; j++) {
            T v = el[j];
            ptrdiff_t i = j;
            while (i > 0 && a[l][i - 1] > v) {
                a[l][i] = a[l][i - 1];
                i--;
            }
            a[l][i] = v;
        }
        for (int j = (int)k; j <= kw; j++) a[l][j] = b[l][j] = (T)INFINITY;
        a[l][-1] = b[l][-1] = -(T)INFINITY;
        out[l * ldo] = a[l][r];
    }
    for (ptrdiff_t i = 1; i < n; i++) {
        for (int l = 0; l < n_lines; l++) {
            const T old = e[l * lde + i - 1], v = e[l * lde + i + k - 1];
            const T *restrict as = a[l];
            T *restrict bs = b[l];
            /* Removing old and inserting v shifts the entries between them by
             * one place towards old's: each entry's new value follows from
             * comparisons of it and its neighbour nb on that side with
             * lo = min(old, v) and hi = max(old, v):
             *   v >= old: a < lo ? a : a < hi ? (nb < hi ? nb : v) : a
             *   v <  old: a < lo ? a : nb < hi ? (nb >= lo ? nb : v) : a
             * written once with operands chosen per step. */
            const int up = v >= old;
            const T lo = up ? old : v, hi = up ? v : old, t = up ? hi : lo;
            const T *restrict nbs = as + (up ? 1 : -1);
            for (int j = 0; j < kw; j++) {
                T x = as[j], nb = nbs[j];
                int outer = (up ? x : nb) < hi;
                int pick_nb = (nb < t) == up;
                T inner = pick_nb ? nb : v;
                bs[j] = (x < lo || !outer) ? x : inner;
            }
            a[l] = bs;
            b[l] = (T *)as;
            out[l * ldo + i] = bs[r];
        }
    }
}

/* GROUP lines with a window of 17 to 64 (kw = 32 or 64). */
static void FR_FN(slide_group_wide)(const T *e, ptrdiff_t lde, ptrdiff_t n, ptrdiff_t k, int kw,
                                    T *out, ptrdiff_t ldo) {
    /* constant widths and group size: unrolled, vectorised */
    if (kw == 32) FR_FN(slide_sorted_body)(e, lde, GROUP, n, k, 32, out, ldo);
    else FR_FN(slide_sorted_body)(e, lde, GROUP, n, k, 64, out, ldo);
}

/* GROUP lines with a window of at most 16. */
static void FR_FN(slide_group_narrow)(const T *e, ptrdiff_t lde, ptrdiff_t n, ptrdiff_t k,
                                      int kw, T *out, ptrdiff_t ldo) {
    if (kw == 8) FR_FN(slide_sorted_body)(e, lde, GROUP, n, k, 8, out, ldo);
    else FR_FN(slide_sorted_body)(e, lde, GROUP, n, k, 16, out, ldo);
}

/* n_lines lines of the extended input (line l at e + l*lde, n + k - 1
 * values) into n outputs each (at out + l*ldo), with whichever window
 * structure is faster for k. */
static void FR_FN(slide_lines)(FR_FN(window) *w, const T *e, ptrdiff_t lde, ptrdiff_t n_lines,
                               ptrdiff_t n, ptrdiff_t k, T *out, ptrdiff_t ldo) {
    const int kw = k <= 8 ? 8 : k <= 16 ? 16 : k <= 32 ? 32 : 64;
    if (k > SORTED_MAX_K || k > 64) {
        for (ptrdiff_t l = 0; l < n_lines; l++) FR_FN(slide)(w, e + l * lde, n, k, out + l * ldo, 1);
        return;
    }
    for (ptrdiff_t l = 0; l < n_lines; l += GROUP) {
        const int g = n_lines - l < GROUP ? (int)(n_lines - l) : GROUP;
        const T *el = e + l * lde;
        T *ol = out + l * ldo;
        if (g < GROUP) FR_FN(slide_sorted_body)(el, lde, g, n, k, kw, ol, ldo);
        else if (kw <= 16) FR_FN(slide_group_narrow)(el, lde, n, k, kw, ol, ldo);
        else FR_FN(slide_group_wide)(el, lde, n, k, kw, ol, ldo);
    }
}


/* Across lines: LANES lines side by side (16 float / 8 double: 64 bytes),
 * each with its own sorted window, stored as rows of LANES values (row j
 * holds entry j of every lane's window), so that the window update is
 * vector operations over the lanes, with no shuffles. Line values come in
 * through row pointers: step t of the extended lines is
 * in[t][off .. off+LANES). A window buffer has k + 1 rows: the window, then
 * a row of +inf. The loops are in median_lanes_impl.h, written in vectors of
 * the SIMD level's native width (FR_VBYTES: 16 bytes for the baseline, SSE2
 * or NEON, 32 for AVX2, 64 for AVX-512). */
#define LANES (64 / (int)sizeof(T))

#include "median_lanes_impl.h"
#define FR_LANES_RUN FR_FN(lanes_run)

typedef struct {
    const T *x;
    T *out;
    ptrdiff_t n_rows, n_cols, k, n_col_blocks;
} FR_FN(median_ctx);

/* Allocate a window of k slots plus a scratch of n_scratch values. */
static int FR_FN(window_alloc)(FR_FN(window) *w, ptrdiff_t k, size_t n_scratch, T **scratch) {
    w->r = k / 2;
    w->m = k - w->r;
    w->lo_v = (T *)malloc((size_t)(k + 1) * sizeof(T));
    w->hi_v = (T *)malloc((size_t)(k + 1) * sizeof(T));
    w->lo_s = (ptrdiff_t *)malloc((size_t)(k + 1) * sizeof(ptrdiff_t));
    w->hi_s = (ptrdiff_t *)malloc((size_t)(k + 1) * sizeof(ptrdiff_t));
    w->where = (ptrdiff_t *)malloc((size_t)(k + 1) * sizeof(ptrdiff_t));
    w->pairs = (FR_FN(pair) *)malloc((size_t)(k + 1) * sizeof(FR_FN(pair)));
    *scratch = (T *)malloc(n_scratch * sizeof(T));
    return (w->lo_v && w->hi_v && w->lo_s && w->hi_s && w->where && w->pairs && *scratch) ? FR_OK
                                                                             : FR_ERR_ALLOC;
}

static void FR_FN(window_free)(FR_FN(window) *w, T *scratch) {
    free(w->lo_v);
    free(w->hi_v);
    free(w->lo_s);
    free(w->hi_s);
    free(w->where);
    free(w->pairs);
    free(scratch);
}

/* Rows [begin, end) of all matrices stacked, filtered along the row one
 * line (GROUP lines) at a time: each row reflected into its own extended
 * line, then the lines filtered together. e: scratch of GROUP*(n+k-1). */
static void FR_FN(rows_lines)(const FR_FN(median_ctx) *c, FR_FN(window) *w, T *e,
                              ptrdiff_t begin, ptrdiff_t end) {
    const ptrdiff_t n = c->n_cols, k = c->k, h = k / 2, len = n + k - 1;
    for (ptrdiff_t row0 = begin; row0 < end; row0 += GROUP) {
        const ptrdiff_t g = end - row0 < GROUP ? end - row0 : GROUP;
        for (ptrdiff_t l = 0; l < g; l++) {
            const T *restrict x = c->x + (row0 + l) * n;
            T *restrict el = e + l * len;
            for (ptrdiff_t t = 0; t < h && t < len; t++) el[t] = x[reflect_index(t - h, n)];
            memcpy(el + h, x, (size_t)n * sizeof(T));
            for (ptrdiff_t t = h + n; t < len; t++) el[t] = x[reflect_index(t - h, n)];
        }
        FR_FN(slide_lines)(w, e, len, g, n, k, c->out + row0 * n, n);
    }
}

/* Columns j0 .. j0+nb-1 (nb <= COL_BLOCK) of matrix mat, filtered along the
 * column one line at a time: the reflected columns gathered row by row into
 * contiguous lines, filtered into a transposed scratch, scattered back row
 * by row. e: scratch of COL_BLOCK*(2n+k-1). */
static void FR_FN(cols_lines)(const FR_FN(median_ctx) *c, FR_FN(window) *w, T *e, ptrdiff_t mat,
                              ptrdiff_t j0, ptrdiff_t nb) {
    const ptrdiff_t n = c->n_rows, nc = c->n_cols, k = c->k, h = k / 2, len = n + k - 1;
    T *res = e + (size_t)len * COL_BLOCK; /* COL_BLOCK lines of n outputs */
    const T *restrict x = c->x + mat * n * nc + j0;
    T *restrict o = c->out + mat * n * nc + j0;
    for (ptrdiff_t t = 0; t < len; t++) {
        const T *restrict src = x + reflect_index(t - h, n) * nc;
        for (ptrdiff_t j = 0; j < nb; j++) e[j * len + t] = src[j];
    }
    FR_FN(slide_lines)(w, e, len, nb, n, k, res, n);
    for (ptrdiff_t i = 0; i < n; i++)
        for (ptrdiff_t j = 0; j < nb; j++) o[i * nc + j] = res[j * n + i];
}

/* Line-at-a-time drivers (windows wider than the lanes take): rows
 * [begin, end), and column blocks [begin, end) of COL_BLOCK columns (block b
 * of matrix b / n_col_blocks). */
static int FR_FN(median_rows)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(median_ctx) *c = (const FR_FN(median_ctx) *)arg;
    FR_FN(window) w;
    T *e;
    int st = FR_FN(window_alloc)(&w, c->k, (size_t)(c->n_cols + c->k - 1) * GROUP, &e);
    if (st == FR_OK) FR_FN(rows_lines)(c, &w, e, begin, end);
    FR_FN(window_free)(&w, e);
    return st;
}

static int FR_FN(median_cols)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(median_ctx) *c = (const FR_FN(median_ctx) *)arg;
    const ptrdiff_t n = c->n_rows, nc = c->n_cols, k = c->k;
    FR_FN(window) w;
    T *e;
    int st = FR_FN(window_alloc)(&w, k, (size_t)(2 * n + k - 1) * COL_BLOCK, &e);
    if (st == FR_OK) {
        for (ptrdiff_t b = begin; b < end; b++) {
            const ptrdiff_t mat = b / c->n_col_blocks, j0 = (b % c->n_col_blocks) * COL_BLOCK;
            FR_FN(cols_lines)(c, &w, e, mat, j0, nc - j0 < COL_BLOCK ? nc - j0 : COL_BLOCK);
        }
    }
    FR_FN(window_free)(&w, e);
    return st;
}

/* Scratch of the lanes drivers: the two window buffers, a chunk of
 * extended-line steps and of outputs in lane layout, one row pointer per
 * step of the extended line, and what the line-at-a-time fallback needs for
 * blocks of fewer than LANES/4 lines. */
typedef struct {
    T *win, *ebuf, *obuf, *e;
    const T **ptrs;
    FR_FN(window) w;
} FR_FN(lanes_scratch);

#define LANES_CHUNK 128 /* steps per chunk: ~20 KB of lane-layout buffers at k = 31 */

static int FR_FN(lanes_alloc)(FR_FN(lanes_scratch) *s, ptrdiff_t n, ptrdiff_t k) {
    const size_t len = (size_t)(n + k - 1);
    s->win = (T *)calloc((size_t)(2 * (k + 1) * LANES), sizeof(T));
    s->ebuf = (T *)calloc((size_t)((LANES_CHUNK + k) * LANES), sizeof(T));
    s->obuf = (T *)malloc((size_t)(LANES_CHUNK * LANES) * sizeof(T));
    s->ptrs = (const T **)malloc(len * sizeof(*s->ptrs));
    int st = FR_FN(window_alloc)(&s->w, k, (len + (size_t)n) * (GROUP > COL_BLOCK ? GROUP : COL_BLOCK),
                                 &s->e);
    return (st == FR_OK && s->win && s->ebuf && s->obuf && s->ptrs) ? FR_OK : FR_ERR_ALLOC;
}

static void FR_FN(lanes_free)(FR_FN(lanes_scratch) *s) {
    free(s->win);
    free(s->ebuf);
    free(s->obuf);
    free((void *)s->ptrs);
    FR_FN(window_free)(&s->w, s->e);
}

/* d[j*ds + q] = s[q*ss + j] for q, j < TB: a TB x TB block transposed,
 * with SSE shuffles on x86-64 (4 x 4 float, 2 x 2 double; SSE2 is in every
 * x86-64 level). */
#if FR_SINGLE
#define TB 4
#else
#define TB 2
#endif
static inline void FR_FN(tblock)(const T *restrict s, ptrdiff_t ss, T *restrict d, ptrdiff_t ds) {
#if defined(__SSE2__)
#if FR_SINGLE
    __m128 r0 = _mm_loadu_ps(s), r1 = _mm_loadu_ps(s + ss), r2 = _mm_loadu_ps(s + 2 * ss),
           r3 = _mm_loadu_ps(s + 3 * ss);
    _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
    _mm_storeu_ps(d, r0);
    _mm_storeu_ps(d + ds, r1);
    _mm_storeu_ps(d + 2 * ds, r2);
    _mm_storeu_ps(d + 3 * ds, r3);
#else
    const __m128d r0 = _mm_loadu_pd(s), r1 = _mm_loadu_pd(s + ss);
    _mm_storeu_pd(d, _mm_unpacklo_pd(r0, r1));
    _mm_storeu_pd(d + ds, _mm_unpackhi_pd(r0, r1));
#endif
#else
    for (int q = 0; q < TB; q++)
        for (int j = 0; j < TB; j++) d[j * ds + q] = s[q * ss + j];
#endif
}

/* nl <= LANES lines through the lanes in chunks of LANES_CHUNK steps, staged
 * in lane layout: step t of line l of the extended input is
 * src[l*ls + reflect(t - k/2, n)*ts], output i of line l goes to
 * dst[l*ls + i*ts]. Lanes nl.. hold stale values whose outputs are dropped. */
static void FR_FN(lanes_staged)(const FR_FN(median_ctx) *c, FR_FN(lanes_scratch) *s,
                                const T *src, T *dst, ptrdiff_t ls, ptrdiff_t ts, int nl,
                                ptrdiff_t n) {
    const ptrdiff_t k = c->k, h = k / 2;
    /* rows (ts == 1): lanes and steps moved TB x TB at a time (see tblock) */
    const int nlb = ts == 1 ? nl - nl % TB : 0;
    T *pa = s->win, *pb = s->win + (k + 1) * LANES;
    for (ptrdiff_t i0 = 0; i0 < n; i0 += LANES_CHUNK) {
        const ptrdiff_t i1 = n - i0 < LANES_CHUNK ? n : i0 + LANES_CHUNK;
        const ptrdiff_t t0 = i0 == 0 ? 0 : i0 - 1, t1 = i1 + k - 1;
        for (ptrdiff_t t = t0; t < t1; t++) s->ptrs[t] = s->ebuf + (t - t0) * LANES;
        const ptrdiff_t ta = t0 > h ? t0 : h, tb = t1 < h + n ? t1 : h + n; /* in the line */
        const ptrdiff_t tbb = ta + (tb - ta) / TB * TB, i1b = i0 + (i1 - i0) / TB * TB;
        for (int l = 0; l < nlb; l += TB)
            for (ptrdiff_t t = ta; t < tbb; t += TB)
                FR_FN(tblock)(src + l * ls + (t - h), ls, s->ebuf + (t - t0) * LANES + l, LANES);
        for (int l = 0; l < nl; l++) {
            const T *restrict sp = src + l * ls;
            T *restrict ep = s->ebuf + l;
            for (ptrdiff_t t = t0; t < ta; t++) ep[(t - t0) * LANES] = sp[reflect_index(t - h, n) * ts];
            for (ptrdiff_t t = l < nlb ? tbb : ta; t < tb; t++) ep[(t - t0) * LANES] = sp[(t - h) * ts];
            for (ptrdiff_t t = tb; t < t1; t++) ep[(t - t0) * LANES] = sp[reflect_index(t - h, n) * ts];
        }
        FR_LANES_RUN(&pa, &pb, s->ptrs, 0, k, i0, i1, s->obuf, LANES);
        for (int l = 0; l < nlb; l += TB)
            for (ptrdiff_t i = i0; i < i1b; i += TB)
                FR_FN(tblock)(s->obuf + (i - i0) * LANES + l, LANES, dst + l * ls + i, ls);
        for (int l = 0; l < nl; l++) {
            const T *restrict op = s->obuf + l;
            T *restrict dp = dst + l * ls;
            for (ptrdiff_t i = l < nlb ? i1b : i0; i < i1; i++) dp[i * ts] = op[(i - i0) * LANES];
        }
    }
}

/* Row blocks [begin, end) of LANES rows of all matrices stacked, filtered
 * along the row: each block transposed into lane layout chunk by chunk. */
static int FR_FN(median_rows_lanes)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(median_ctx) *c = (const FR_FN(median_ctx) *)arg;
    const ptrdiff_t n = c->n_cols, n_lines = c->n_rows; /* n_rows: all rows stacked */
    FR_FN(lanes_scratch) s;
    int st = FR_FN(lanes_alloc)(&s, n, c->k);
    if (st == FR_OK) {
        for (ptrdiff_t b = begin; b < end; b++) {
            const ptrdiff_t row0 = b * LANES;
            const int nl = n_lines - row0 < LANES ? (int)(n_lines - row0) : LANES;
            if (4 * nl < LANES) FR_FN(rows_lines)(c, &s.w, s.e, row0, row0 + nl);
            else FR_FN(lanes_staged)(c, &s, c->x + row0 * n, c->out + row0 * n, n, 1, nl, n);
        }
    }
    FR_FN(lanes_free)(&s);
    return st;
}

/* Column blocks [begin, end) of LANES columns (block b of matrix
 * b / n_col_blocks), filtered along the column: a full block's lanes are
 * LANES adjacent columns, read and written in place, row by row; a last,
 * narrower block goes through lane-layout chunks. */
static int FR_FN(median_cols_lanes)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(median_ctx) *c = (const FR_FN(median_ctx) *)arg;
    const ptrdiff_t n = c->n_rows, nc = c->n_cols, k = c->k, h = k / 2, len = n + k - 1;
    FR_FN(lanes_scratch) s;
    ptrdiff_t cur = -1; /* the matrix s.ptrs points into */
    int st = FR_FN(lanes_alloc)(&s, n, k);
    if (st == FR_OK) {
        for (ptrdiff_t b = begin; b < end; b++) {
            const ptrdiff_t mat = b / c->n_col_blocks, j0 = (b % c->n_col_blocks) * LANES;
            const int nl = nc - j0 < LANES ? (int)(nc - j0) : LANES;
            const T *x = c->x + mat * n * nc;
            T *o = c->out + mat * n * nc;
            if (nl == LANES) {
                T *pa = s.win, *pb = s.win + (k + 1) * LANES;
                if (cur != mat) {
                    for (ptrdiff_t t = 0; t < len; t++) s.ptrs[t] = x + reflect_index(t - h, n) * nc;
                    cur = mat;
                }
                FR_LANES_RUN(&pa, &pb, s.ptrs, j0, k, 0, n, o + j0, nc);
            } else if (4 * nl < LANES) {
                FR_FN(cols_lines)(c, &s.w, s.e, mat, j0, nl);
            } else {
                cur = -1; /* lanes_staged reuses s.ptrs */
                FR_FN(lanes_staged)(c, &s, x + j0, o + j0, 1, nc, nl, n);
            }
        }
    }
    FR_FN(lanes_free)(&s);
    return st;
}

int FR_FN(fr_median_filter)(const T *x, ptrdiff_t n_mats, ptrdiff_t n_rows, ptrdiff_t n_cols,
                            int axis, ptrdiff_t k, T *out, int n_threads) {
    FR_FN(median_ctx) c;
    if (n_mats < 0 || n_rows < 0 || n_cols < 0 || k < 1 || (axis != 0 && axis != 1))
        return FR_ERR_SIZE;
    if (n_mats == 0 || n_rows == 0 || n_cols == 0) return FR_OK;
    c.x = x;
    c.out = out;
    c.n_rows = n_rows;
    c.n_cols = n_cols;
    c.k = k;
    const int lanes = k <= LANES_MAX_K;
    const ptrdiff_t cb = lanes ? LANES : COL_BLOCK;
    c.n_col_blocks = (n_cols + cb - 1) / cb;
    /* threads only when each gets a worthwhile share (~64k window steps) */
    {
        double work = (double)n_mats * (double)n_rows * (double)n_cols;
        int cap = (int)(work / 65536.0);
        if (n_threads > cap) n_threads = cap;
    }
    if (axis == 1 && lanes) {
        c.n_rows = n_mats * n_rows; /* all rows stacked */
        return fr_parallel_for((c.n_rows + LANES - 1) / LANES, n_threads, FR_FN(median_rows_lanes), &c);
    }
    if (axis == 1) return fr_parallel_for(n_mats * n_rows, n_threads, FR_FN(median_rows), &c);
    if (lanes)
        return fr_parallel_for(n_mats * c.n_col_blocks, n_threads, FR_FN(median_cols_lanes), &c);
    return fr_parallel_for(n_mats * c.n_col_blocks, n_threads, FR_FN(median_cols), &c);
}

#undef GROUP
#undef LANES
#undef LANES_CHUNK
#undef TB
#undef FR_LANES_RUN
