/* The one quickselect, for one precision (included after template.h by the
 * kernels that select; all functions are static). */

/* Partially order a[0..m) so that a[0..k) holds its k smallest values
 * (k in [0, m]); quickselect with a median-of-three pivot. */
static void FR_FN(select_k)(T *a, ptrdiff_t m, ptrdiff_t k) {
    ptrdiff_t lo = 0, hi = m - 1;
    while (lo < hi && k > lo && k <= hi) {
        const ptrdiff_t mid = lo + (hi - lo) / 2;
        T x = a[lo], y = a[mid], z = a[hi];
        T pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        ptrdiff_t i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (pivot < a[j]) j--;
            if (i <= j) {
                T tmp = a[i];
                a[i] = a[j];
                a[j] = tmp;
                i++;
                j--;
            }
        }
        /* now a[lo..j] <= pivot <= a[i..hi], j < i, and a[j+1..i-1] == pivot */
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return;
    }
}

/* The k-th smallest of a[0..m) (0 <= k < m, no NaN) and, in *below, the
 * (k-1)-th (k >= 1; *below is left alone for k = 0). Reorders a: after
 * select_k, a[0..k] are the k + 1 smallest, the largest of them is the k-th
 * and the next largest the (k-1)-th. */
static T FR_FN(kth_smallest)(T *a, ptrdiff_t m, ptrdiff_t k, T *below) {
    FR_FN(select_k)(a, m, k + 1);
    ptrdiff_t top = 0;
    for (ptrdiff_t i = 1; i <= k; i++)
        if (a[i] > a[top]) top = i;
    if (below && k >= 1) {
        T next = a[top == 0 ? 1 : 0];
        for (ptrdiff_t i = 0; i <= k; i++)
            if (i != top && a[i] > next) next = a[i];
        *below = next;
    }
    return a[top];
}
