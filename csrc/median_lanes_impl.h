/* The across-lines window loops of median_impl.h for one precision (T,
 * FR_FN) at the SIMD level's native width (FR_VBYTES bytes per vector, see
 * simd_level.h). Each row of LANES values is processed as 64 / FR_VBYTES
 * strips of one vector, one strip after the other, so that every operation
 * is one native vector operation (GCC lowers wider vector types badly,
 * comparisons one element at a time). Included by median_impl.h; see there
 * for the layout. */
#define FR_VFN(name) FR_FN(name)
#define VW (FR_VBYTES / (int)sizeof(T)) /* lanes per vector */

#if FR_VBYTES == 64
/* AVX-512F intrinsics: comparisons into mask registers and one-instruction
 * selects, which GCC does not make of the generic form below. */
#define FR_VINLINE static inline __attribute__((always_inline))
#if FR_SINGLE
typedef __m512 FR_VFN(vec);
typedef __mmask16 FR_VFN(mask);
#define FR_VI(name) _mm512_##name##_ps
#define FR_VCMP _mm512_cmp_ps_mask
#else
typedef __m512d FR_VFN(vec);
typedef __mmask8 FR_VFN(mask);
#define FR_VI(name) _mm512_##name##_pd
#define FR_VCMP _mm512_cmp_pd_mask
#endif
FR_VINLINE FR_VFN(vec) FR_VFN(vload)(const T *p) { return FR_VI(loadu)(p); }
FR_VINLINE void FR_VFN(vstore)(T *p, FR_VFN(vec) v) { FR_VI(storeu)(p, v); }
FR_VINLINE FR_VFN(vec) FR_VFN(vsplat)(T x) { return FR_VI(set1)(x); }
FR_VINLINE FR_VFN(vec) FR_VFN(vsel)(FR_VFN(mask) m, FR_VFN(vec) a, FR_VFN(vec) b) {
    return FR_VI(mask_blend)(m, b, a);
}
#define FR_VMIN(a, b) FR_VI(min)(a, b)
#define FR_VMAX(a, b) FR_VI(max)(a, b)
#define FR_VGE(a, b) FR_VCMP(a, b, _CMP_GE_OQ)
#define FR_VGT(a, b) FR_VCMP(a, b, _CMP_GT_OQ)
#define FR_VNE_ORDERED(a, b) FR_VCMP(a, b, _CMP_NEQ_OQ)
#elif FR_VBYTES == 32
/* AVX intrinsics: masks as vectors, one-instruction selects (blendv). */
#define FR_VINLINE static inline __attribute__((always_inline))
#if FR_SINGLE
typedef __m256 FR_VFN(vec);
typedef __m256 FR_VFN(mask);
#define FR_VI(name) _mm256_##name##_ps
#else
typedef __m256d FR_VFN(vec);
typedef __m256d FR_VFN(mask);
#define FR_VI(name) _mm256_##name##_pd
#endif
#define FR_VCMP FR_VI(cmp)
FR_VINLINE FR_VFN(vec) FR_VFN(vload)(const T *p) { return FR_VI(loadu)(p); }
FR_VINLINE void FR_VFN(vstore)(T *p, FR_VFN(vec) v) { FR_VI(storeu)(p, v); }
FR_VINLINE FR_VFN(vec) FR_VFN(vsplat)(T x) { return FR_VI(set1)(x); }
FR_VINLINE FR_VFN(vec) FR_VFN(vsel)(FR_VFN(mask) m, FR_VFN(vec) a, FR_VFN(vec) b) {
    return FR_VI(blendv)(b, a, m);
}
#define FR_VMIN(a, b) FR_VI(min)(a, b)
#define FR_VMAX(a, b) FR_VI(max)(a, b)
#define FR_VGE(a, b) FR_VCMP(a, b, _CMP_GE_OQ)
#define FR_VGT(a, b) FR_VCMP(a, b, _CMP_GT_OQ)
#define FR_VNE_ORDERED(a, b) FR_VCMP(a, b, _CMP_NEQ_OQ)
#elif FR_VBYTES == 16 && (defined(__SSE2__) || defined(_M_X64))
/* SSE2 intrinsics: GCC writes the generic form's minimum and maximum as a
 * compare and three logic operations each, not minps / maxps. */
#define FR_VINLINE static inline __attribute__((always_inline))
#if FR_SINGLE
typedef __m128 FR_VFN(vec);
typedef __m128 FR_VFN(mask);
#define FR_VI(name) _mm_##name##_ps
#else
typedef __m128d FR_VFN(vec);
typedef __m128d FR_VFN(mask);
#define FR_VI(name) _mm_##name##_pd
#endif
FR_VINLINE FR_VFN(vec) FR_VFN(vload)(const T *p) { return FR_VI(loadu)(p); }
FR_VINLINE void FR_VFN(vstore)(T *p, FR_VFN(vec) v) { FR_VI(storeu)(p, v); }
FR_VINLINE FR_VFN(vec) FR_VFN(vsplat)(T x) { return FR_VI(set1)(x); }
/* m ? a : b per lane (m all ones or all zeros) */
FR_VINLINE FR_VFN(vec) FR_VFN(vsel)(FR_VFN(mask) m, FR_VFN(vec) a, FR_VFN(vec) b) {
    return FR_VI(or)(FR_VI(and)(m, a), FR_VI(andnot)(m, b));
}
/* minps / maxps: a < b ? a : b and a > b ? a : b, as at the other levels */
#define FR_VMIN(a, b) FR_VI(min)(a, b)
#define FR_VMAX(a, b) FR_VI(max)(a, b)
/* ordered comparisons: false where either is NaN */
#define FR_VGE(a, b) FR_VI(cmpge)(a, b)
#define FR_VGT(a, b) FR_VI(cmpgt)(a, b)
#define FR_VNE_ORDERED(a, b) FR_VI(or)(FR_VI(cmplt)(a, b), FR_VI(cmpgt)(a, b))
#elif defined(__GNUC__)
typedef T FR_VFN(vec) __attribute__((vector_size(FR_VBYTES)));
#if FR_SINGLE
typedef int32_t FR_VFN(mask) __attribute__((vector_size(FR_VBYTES)));
#else
typedef int64_t FR_VFN(mask) __attribute__((vector_size(FR_VBYTES)));
#endif
#define FR_VINLINE static inline __attribute__((always_inline))
FR_VINLINE FR_VFN(vec) FR_VFN(vload)(const T *p) {
    FR_VFN(vec) v;
    memcpy(&v, p, sizeof(v));
    return v;
}
FR_VINLINE void FR_VFN(vstore)(T *p, FR_VFN(vec) v) { memcpy(p, &v, sizeof(v)); }
FR_VINLINE FR_VFN(vec) FR_VFN(vsplat)(T x) { return x - (FR_VFN(vec)){0}; }
/* m ? a : b per lane (m all ones or all zeros) */
FR_VINLINE FR_VFN(vec) FR_VFN(vsel)(FR_VFN(mask) m, FR_VFN(vec) a, FR_VFN(vec) b) {
    return (FR_VFN(vec))((m & (FR_VFN(mask))a) | (~m & (FR_VFN(mask))b));
}
#define FR_VGE(a, b) ((a) >= (b))
#define FR_VGT(a, b) ((a) > (b))
/* never both; "|" would fold into a compare that GCC does not vectorise */
#define FR_VNE_ORDERED(a, b) (((a) < (b)) ^ ((a) > (b)))
#define FR_VMIN(a, b) FR_VFN(vsel)((a) < (b), a, b)
#define FR_VMAX(a, b) FR_VFN(vsel)((a) > (b), a, b)
#else
/* Plain arrays for other compilers. */
#define FR_VINLINE static inline
typedef struct { T v[VW]; } FR_VFN(vec);
typedef struct { int v[VW]; } FR_VFN(mask);
FR_VINLINE FR_VFN(vec) FR_VFN(vload)(const T *p) {
    FR_VFN(vec) v;
    memcpy(v.v, p, sizeof(v.v));
    return v;
}
FR_VINLINE void FR_VFN(vstore)(T *p, FR_VFN(vec) v) { memcpy(p, v.v, sizeof(v.v)); }
FR_VINLINE FR_VFN(vec) FR_VFN(vsplat)(T x) {
    FR_VFN(vec) v;
    for (int l = 0; l < VW; l++) v.v[l] = x;
    return v;
}
FR_VINLINE FR_VFN(vec) FR_VFN(vsel)(FR_VFN(mask) m, FR_VFN(vec) a, FR_VFN(vec) b) {
    for (int l = 0; l < VW; l++) a.v[l] = m.v[l] ? a.v[l] : b.v[l];
    return a;
}
FR_VINLINE FR_VFN(mask) FR_VFN(vge)(FR_VFN(vec) a, FR_VFN(vec) b) {
    FR_VFN(mask) m;
    for (int l = 0; l < VW; l++) m.v[l] = a.v[l] >= b.v[l];
    return m;
}
FR_VINLINE FR_VFN(mask) FR_VFN(vgt)(FR_VFN(vec) a, FR_VFN(vec) b) {
    FR_VFN(mask) m;
    for (int l = 0; l < VW; l++) m.v[l] = a.v[l] > b.v[l];
    return m;
}
FR_VINLINE FR_VFN(mask) FR_VFN(vneord)(FR_VFN(vec) a, FR_VFN(vec) b) {
    FR_VFN(mask) m;
    for (int l = 0; l < VW; l++) m.v[l] = a.v[l] < b.v[l] || a.v[l] > b.v[l];
    return m;
}
FR_VINLINE FR_VFN(vec) FR_VFN(vmin)(FR_VFN(vec) a, FR_VFN(vec) b) {
    for (int l = 0; l < VW; l++) a.v[l] = a.v[l] < b.v[l] ? a.v[l] : b.v[l];
    return a;
}
FR_VINLINE FR_VFN(vec) FR_VFN(vmax)(FR_VFN(vec) a, FR_VFN(vec) b) {
    for (int l = 0; l < VW; l++) a.v[l] = a.v[l] > b.v[l] ? a.v[l] : b.v[l];
    return a;
}
#define FR_VGE(a, b) FR_VFN(vge)(a, b)
#define FR_VGT(a, b) FR_VFN(vgt)(a, b)
#define FR_VNE_ORDERED(a, b) FR_VFN(vneord)(a, b)
#define FR_VMIN(a, b) FR_VFN(vmin)(a, b)
#define FR_VMAX(a, b) FR_VFN(vmax)(a, b)
#endif

/* The first window of each lane (steps 0..k-1 of in), sorted by insertion
 * done as compare-exchanges from the top: equal values (-0.0 and 0.0) end
 * up in the order slide_sorted_body's insertion sort gives them. Sets the
 * +inf rows of both buffers and writes the first output row. */
FR_VINLINE void FR_VFN(lanes_start)(T *restrict a, T *restrict b, const T *const *in,
                                    ptrdiff_t off, ptrdiff_t k, T *restrict out) {
    const FR_VFN(vec) inf = FR_VFN(vsplat)((T)INFINITY);
    for (int q = 0; q < LANES; q += VW) {
        FR_VFN(vstore)(a + k * LANES + q, inf);
        FR_VFN(vstore)(b + k * LANES + q, inf);
        for (ptrdiff_t j = 0; j < k; j++) {
            FR_VFN(vec) v = FR_VFN(vload)(in[j] + off + q); /* sinks from row j */
            for (ptrdiff_t i = j - 1; i >= 0; i--) {
                const FR_VFN(vec) p = FR_VFN(vload)(a + i * LANES + q);
                const FR_VFN(mask) swap = FR_VGT(p, v);
                FR_VFN(vstore)(a + (i + 1) * LANES + q, FR_VFN(vsel)(swap, p, v));
                v = FR_VFN(vsel)(swap, v, p);
            }
            FR_VFN(vstore)(a + q, v); /* rows 0..j: the first j+1 values, sorted */
        }
    }
    memcpy(out, a + (k / 2) * LANES, LANES * sizeof(T));
}

/* Steps i0 <= i < i1 of all lanes: the window of step i - 1 (in *pa) loses
 * in[i-1] and gains in[i+k-1]; output row i - i0 goes to out + (i - i0)*ldo.
 * Each step makes the window of slide_sorted_body, in one pass of a
 * compare, a select, a minimum and a maximum per row: c = the window
 * without the first entry equal to old (entries from there on shift up a
 * row), then the new value v goes in before c's entries greater than v
 * (entries from there on shift down a row): row j becomes
 * max(c[j-1], min(v, c[j])), with x86's min(a, b) = a < b ? a : b and
 * max(a, b) = a > b ? a : b at every level. Equal values keep their order
 * except that v may land on either side of an entry equal to it: the same
 * values, so only -0.0 and 0.0 can trade places (magnitudes never hold
 * -0.0). A lane whose v equals old, or where either is NaN, keeps its
 * window (the NaN threshold makes the compare false and min and max return
 * c): every entry stays a value of the line and the +inf row never moves
 * in. The two buffers alternate; *pa holds the current window on return. */
FR_VINLINE void FR_VFN(lanes_steps)(T **pa, T **pb, const T *const *in, ptrdiff_t off,
                                    ptrdiff_t k, ptrdiff_t i0, ptrdiff_t i1, T *out,
                                    ptrdiff_t ldo) {
    T *a = *pa, *b = *pb;
    const ptrdiff_t r = k / 2;
    const FR_VFN(vec) nan = FR_VFN(vsplat)((T)NAN), ninf = FR_VFN(vsplat)(-(T)INFINITY);
    for (ptrdiff_t i = i0; i < i1; i++) {
#if defined(__GNUC__)
        if (i + LANES_PREFETCH < i1) { /* the column path: rows far apart */
            const T *p = in[i + k - 1 + LANES_PREFETCH] + off;
            T *o = out + (i - i0 + LANES_PREFETCH) * ldo;
            __builtin_prefetch(p);
            __builtin_prefetch(p + LANES - 1);
            __builtin_prefetch(o, 1);
            __builtin_prefetch(o + LANES - 1, 1);
        }
#endif
        for (int q = 0; q < LANES; q += VW) {
            const FR_VFN(vec) old = FR_VFN(vload)(in[i - 1] + off + q);
            const FR_VFN(vec) v = FR_VFN(vload)(in[i + k - 1] + off + q);
            const FR_VFN(mask) moves = FR_VNE_ORDERED(v, old);
            const FR_VFN(vec) old_t = FR_VFN(vsel)(moves, old, nan);
            const FR_VFN(vec) v_t = FR_VFN(vsel)(moves, v, nan);
            FR_VFN(vec) x = FR_VFN(vload)(a + q), c_prev = ninf;
            for (ptrdiff_t j = 0; j < k; j++) {
                const FR_VFN(vec) x_next = FR_VFN(vload)(a + (j + 1) * LANES + q);
                const FR_VFN(vec) c = FR_VFN(vsel)(FR_VGE(x, old_t), x_next, x);
                FR_VFN(vstore)(b + j * LANES + q, FR_VMAX(c_prev, FR_VMIN(v_t, c)));
                x = x_next;
                c_prev = c;
            }
        }
        memcpy(out + (i - i0) * ldo, b + r * LANES, LANES * sizeof(T));
        T *tmp = a;
        a = b;
        b = tmp;
    }
    *pa = a;
    *pb = b;
}

/* lanes_start (when i0 == 0, then steps 1..i1-1) or lanes_steps. */
static void FR_VFN(lanes_run)(T **pa, T **pb, const T *const *in, ptrdiff_t off,
                                         ptrdiff_t k, ptrdiff_t i0, ptrdiff_t i1, T *out,
                                         ptrdiff_t ldo) {
    if (i0 == 0) {
        FR_VFN(lanes_start)(*pa, *pb, in, off, k, out);
        FR_VFN(lanes_steps)(pa, pb, in, off, k, 1, i1, out + ldo, ldo);
    } else {
        FR_VFN(lanes_steps)(pa, pb, in, off, k, i0, i1, out, ldo);
    }
}

#undef FR_VFN
#undef VW
#undef FR_VINLINE
#undef FR_VGE
#undef FR_VGT
#undef FR_VNE_ORDERED
#undef FR_VMIN
#undef FR_VMAX
#ifdef FR_VI
#undef FR_VI
#undef FR_VCMP
#endif
