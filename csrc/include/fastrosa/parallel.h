/* A minimal parallel-for over an index range, for kernels whose items are
 * independent. Plain threads (pthreads; serial where they are unavailable). */
#ifndef FASTROSA_PARALLEL_H
#define FASTROSA_PARALLEL_H

#include "fastrosa/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Work on items [begin, end); returns FR_OK or an error code. */
typedef int (*fr_range_fn)(void *ctx, ptrdiff_t begin, ptrdiff_t end);

/* Split [0, n) into n_threads contiguous chunks and run fn on each, the
 * calling thread taking the first. Returns the first error any chunk gave.
 * n_threads <= 1, or a failure to start a thread, runs the work serially. */
int fr_parallel_for(ptrdiff_t n, int n_threads, fr_range_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
