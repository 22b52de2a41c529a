/* fr_scan: what np.isfinite(x).all() and np.any(x < 0) tell of an array,
 * from the bits of its values tested as integers (loops that vectorise
 * without any relaxed floating-point rules), a block at a time. */
#include "fastrosa/finite.h"

#include <stdint.h>
#include <string.h>

enum { SCAN_BLOCK = 4096 };

#define FR_PRECISION 32
#define I int32_t
#define ABS 0x7fffffff
#define EXP 0x7f800000
#include "finite_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#define I int64_t
#define ABS 0x7fffffffffffffffll
#define EXP 0x7ff0000000000000ll
#include "finite_impl.h"
