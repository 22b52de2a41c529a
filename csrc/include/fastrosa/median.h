/* Sliding-window median filters along one axis (scipy.ndimage.median_filter
 * with a 1 x k or k x 1 footprint, mode='reflect', origin 0). */
#ifndef FASTROSA_MEDIAN_H
#define FASTROSA_MEDIAN_H

#include "fastrosa/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Median filter of width k along one axis of n_mats C-contiguous matrices of
 * n_rows x n_cols (matrix m at x + m*n_rows*n_cols; out has the same layout
 * and must not overlap x). axis = 1 filters along each row (the contiguous
 * axis), axis = 0 along each column.
 *
 * Output i of a line of length n is element k/2 (0-based, so the upper of
 * the two middle elements for even k) of the sorted window of input indices
 * i - k/2 .. i - k/2 + k - 1, where an index outside [0, n) is reflected
 * about the half-sample edges with period 2n (d c b a | a b c d | d c b a),
 * repeatedly for windows longer than the line. Exact: the result is one of
 * the input values. Windows wider than 64 use two indexed heaps (a max-heap
 * of the k/2 smallest and a min-heap of the rest): O(log k) per output and
 * O(k log k) per line to start. Windows up to 64 use a sorted array updated
 * by branch-free passes, vectorised across lines (16 float / 8 double lines
 * side by side, one per vector lane): O(k) per output, but without the
 * heaps' data-dependent branches, so faster at those widths. NaN has no order;
 * lines holding NaN get unspecified (but in-range) values.
 * Work is split over n_threads threads. */
int fr_median_filter_f32(const float *x, ptrdiff_t n_mats, ptrdiff_t n_rows, ptrdiff_t n_cols,
                         int axis, ptrdiff_t k, float *out, int n_threads);
int fr_median_filter_f64(const double *x, ptrdiff_t n_mats, ptrdiff_t n_rows, ptrdiff_t n_cols,
                         int axis, ptrdiff_t k, double *out, int n_threads);

#ifdef __cplusplus
}
#endif
#endif
