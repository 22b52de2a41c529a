/* FFTW loaded at run time (dlopen), and a process-wide cache of plans.
 *
 * fastrosa does not link FFTW at build time: it opens the library that the
 * Python layer finds (a system FFTW, else the copy bundled in pyFFTW's wheel,
 * whose file name carries a hash that changes between releases). Planning is
 * serialised by one lock (FFTW's planner is not thread-safe); executing a plan
 * on new arrays is thread-safe and lock-free. */
#include "fastrosa/fft.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lock_impl.h"
#include "simd_table.h"

#ifdef _WIN32
#include <windows.h>
typedef HMODULE fr_lib;
static fr_lib lib_open(const char *p) { return LoadLibraryA(p); }
static void *lib_sym(fr_lib h, const char *s) { return (void *)GetProcAddress(h, s); }
static void lib_close(fr_lib h) { FreeLibrary(h); }
static const char *lib_err(void) { return "LoadLibrary failed"; }
#else
#include <dlfcn.h>
typedef void *fr_lib;
static fr_lib lib_open(const char *p) { return dlopen(p, RTLD_NOW | RTLD_LOCAL); }
static void *lib_sym(fr_lib h, const char *s) { return dlsym(h, s); }
static void lib_close(fr_lib h) { dlclose(h); }
static const char *lib_err(void) { const char *e = dlerror(); return e ? e : "unknown error"; }
#endif

#define FFTW_MEASURE_FLAG 0U
#define FFTW_ESTIMATE_FLAG (1U << 6)

/* The subset of FFTW's API that fastrosa uses, for one precision. Plans and
 * complex arrays are opaque pointers here (no fftw3.h at build time). */
typedef void *(*plan_r2c_fn)(int n, void *in, void *out, unsigned flags);
typedef void *(*plan_c2r_fn)(int n, void *in, void *out, unsigned flags);
typedef void *(*plan_dft_fn)(int n, void *in, void *out, int sign, unsigned flags);
typedef void (*exec_fn)(void *plan, void *in, void *out);
typedef void (*destroy_fn)(void *plan);
typedef void *(*malloc_fn)(size_t n);
typedef void (*free_fn)(void *p);

typedef struct {
    fr_lib lib;
    plan_r2c_fn plan_r2c;
    plan_c2r_fn plan_c2r;
    plan_dft_fn plan_dft;
    exec_fn exec_r2c, exec_c2r, exec_dft;
    destroy_fn destroy;
    malloc_fn alloc;
    free_fn free;
} fftw_api;

/* A single-precision plan of even length n >= HALF_MIN: a forward plan is a complex FFT of length
 * n/2 over the even/odd samples as real/imaginary parts, then one split pass
 * (rfft_split_impl.h) with the twiddles e^{-2 pi i k/n}, k = 0..n/4; an
 * inverse plan is the merge pass, then a backward complex FFT of length n/2
 * whose output, read as reals, is the signal. Why: with FFTW_ESTIMATE (the
 * default: deterministic plans, instant planning), FFTW's complex codelets
 * are SIMD while its estimated real plans often are not, so the half-length
 * complex FFT and one vectorised pass beat the estimated r2c/c2r plans;
 * FFTW_MEASURE could find a fast real plan, but is slow to plan and its plans
 * may differ from run to run. In double precision FFTW's codelets hold half
 * as many numbers per vector and the split gains nothing, so double plans
 * stay plain r2c/c2r. */
#define HALF_MIN 16

struct fr_plan {
    void *fftw;
    ptrdiff_t n;
    int single, inverse;
    void *twiddle; /* NULL, or n/4 + 1 complex twiddles of the plan's precision */
};

/* Everything FFTW-related that the process holds once: the loaded
 * libraries, the planner lock and the plan cache (a growing array of plans,
 * never shrunk while the process runs, so pointers handed out stay valid
 * until fr_fftw_clear_plans). Each extension module links its own copy of
 * this file; all of them use the owner module's state (runtime.h). */
typedef struct fr_fftw_state {
    fftw_api api[2]; /* [0] double, [1] single */
    volatile int api_ready;
    char load_error[512];
    const char *version;
    unsigned planner_flags;
    fr_lock planner_lock;
#ifndef _WIN32
    pthread_once_t atfork_once;
#endif
    fr_plan **plans;
    size_t n_plans, cap_plans;
} fr_fftw_state;

static fr_fftw_state own_state = {
    .load_error = "FFTW has not been loaded",
    .planner_flags = FFTW_ESTIMATE_FLAG,
    .planner_lock = FR_LOCK_INIT,
#ifndef _WIN32
    .atfork_once = PTHREAD_ONCE_INIT,
#endif
};
static fr_fftw_state *S = &own_state;

void *fr_fftw_state_own(void) { return &own_state; }
void fr_fftw_state_use(void *state) { S = (fr_fftw_state *)state; }

#ifdef _WIN32
static void lock(void) { fr_lock_take(&S->planner_lock); }
static void unlock(void) { fr_lock_give(&S->planner_lock); }
#else
/* The planner lock is held around fork() (see lock_impl.h), so the planner
 * and the plan cache are copied consistent. The once-flag is in the shared
 * state, so the handlers are registered once per process. */
static void lock_for_fork(void) { fr_lock_take(&S->planner_lock); }
static void unlock_after_fork(void) { fr_lock_give(&S->planner_lock); }
static void register_atfork(void) {
    pthread_atfork(lock_for_fork, unlock_after_fork, unlock_after_fork);
}
static void lock(void) {
    pthread_once(&S->atfork_once, register_atfork);
    fr_lock_take(&S->planner_lock);
}
static void unlock(void) { fr_lock_give(&S->planner_lock); }
#endif

const char *fr_strerror(int status) {
    switch (status) {
    case FR_OK: return "success";
    case FR_ERR_ALLOC: return "out of memory";
    case FR_ERR_SIZE: return "size argument out of range";
    case FR_ERR_FFT_PLAN: return "FFTW could not create a plan";
    case FR_ERR_FFTW_MISSING: return "FFTW has not been loaded";
    case FR_ERR_FFTW_LOAD: return "the FFTW library could not be loaded";
    case FR_ERR_VALUE: return "an argument is outside its domain";
    default: return "unknown error";
    }
}

static int load_one(fftw_api *a, const char *path, const char *prefix) {
    char name[64];
#define SYM(field, type, suffix)                                                  \
    do {                                                                          \
        snprintf(name, sizeof name, "%s%s", prefix, suffix);                      \
        a->field = (type)lib_sym(a->lib, name);                                   \
        if (!a->field) {                                                          \
            snprintf(S->load_error, sizeof S->load_error, "%s: missing symbol %s", path, name); \
            return FR_ERR_FFTW_LOAD;                                              \
        }                                                                         \
    } while (0)
    a->lib = lib_open(path);
    if (!a->lib) {
        snprintf(S->load_error, sizeof S->load_error, "cannot open %s: %s", path, lib_err());
        return FR_ERR_FFTW_LOAD;
    }
    SYM(plan_r2c, plan_r2c_fn, "plan_dft_r2c_1d");
    SYM(plan_c2r, plan_c2r_fn, "plan_dft_c2r_1d");
    SYM(exec_r2c, exec_fn, "execute_dft_r2c");
    SYM(exec_c2r, exec_fn, "execute_dft_c2r");
    SYM(plan_dft, plan_dft_fn, "plan_dft_1d");
    SYM(exec_dft, exec_fn, "execute_dft");
    SYM(destroy, destroy_fn, "destroy_plan");
    SYM(alloc, malloc_fn, "malloc");
    SYM(free, free_fn, "free");
#undef SYM
    return FR_OK;
}

int fr_fftw_load(const char *lib_double, const char *lib_float) {
    int st = FR_OK;
    lock();
    if (!S->api_ready) {
        fftw_api tmp[2];
        memset(tmp, 0, sizeof tmp);
        st = load_one(&tmp[0], lib_double, "fftw_");
        if (st == FR_OK) st = load_one(&tmp[1], lib_float, "fftwf_");
        if (st == FR_OK) {
            const char *v = (const char *)lib_sym(tmp[0].lib, "fftw_version");
            S->version = v;
            S->api[0] = tmp[0];
            S->api[1] = tmp[1];
            S->api_ready = 1;
            S->load_error[0] = '\0';
        } else {
            if (tmp[0].lib) lib_close(tmp[0].lib);
            if (tmp[1].lib) lib_close(tmp[1].lib);
        }
    }
    unlock();
    return st;
}

int fr_fftw_loaded(void) { return S->api_ready; }
const char *fr_fftw_error(void) { return S->load_error; }
const char *fr_fftw_version(void) { return S->version; }

void fr_fftw_set_rigor(int measure) {
    lock();
    S->planner_flags = measure ? FFTW_MEASURE_FLAG : FFTW_ESTIMATE_FLAG;
    unlock();
}

void fr_fftw_clear_plans(void) {
    lock();
    for (size_t i = 0; i < S->n_plans; i++) {
        S->api[S->plans[i]->single].destroy(S->plans[i]->fftw);
        free(S->plans[i]->twiddle);
        free(S->plans[i]);
    }
    free(S->plans);
    S->plans = NULL;
    S->n_plans = S->cap_plans = 0;
    unlock();
}

void *fr_fftw_malloc(size_t nbytes) {
    return S->api_ready ? S->api[1].alloc(nbytes ? nbytes : 1) : NULL;
}

void fr_fftw_free(void *p) {
    if (p) S->api[1].free(p);
}

/* e^{-2 pi i k/n} for k = 0..n/4 (conjugated for an inverse), computed in double. */
static void *make_twiddles(ptrdiff_t n, int single, int inverse) {
    ptrdiff_t m = n / 4 + 1;
    void *tw = malloc((size_t)m * (single ? sizeof(fr_cfloat) : sizeof(fr_cdouble)));
    if (!tw) return NULL;
    for (ptrdiff_t k = 0; k < m; k++) {
        double a = (inverse ? 2.0 : -2.0) * 3.14159265358979323846 * (double)k / (double)n;
        if (single) {
            ((fr_cfloat *)tw)[k].re = (float)cos(a);
            ((fr_cfloat *)tw)[k].im = (float)sin(a);
        } else {
            ((fr_cdouble *)tw)[k].re = cos(a);
            ((fr_cdouble *)tw)[k].im = sin(a);
        }
    }
    return tw;
}

/* Find or create the plan for (n, precision, direction). Holds the planner
 * lock for the whole look-up so two threads never plan at once. */
static int get_plan(ptrdiff_t n, int single, int inverse, const fr_plan **out) {
    int st = FR_OK;
    *out = NULL;
    if (n < 1 || n > 0x7fffffff) return FR_ERR_SIZE;
    lock();
    if (!S->api_ready) {
        st = FR_ERR_FFTW_MISSING;
        goto done;
    }
    for (size_t i = 0; i < S->n_plans; i++) {
        const fr_plan *p = S->plans[i];
        if (p->n == n && p->single == single && p->inverse == inverse) {
            *out = p;
            goto done;
        }
    }
    {
        const fftw_api *a = &S->api[single];
        size_t real_bytes = (size_t)n * (single ? sizeof(float) : sizeof(double));
        size_t cplx_bytes = (size_t)(n / 2 + 1) * (single ? sizeof(fr_cfloat) : sizeof(fr_cdouble));
        void *r = a->alloc(real_bytes), *c = a->alloc(cplx_bytes);
        fr_plan *p = (fr_plan *)malloc(sizeof *p);
        void *fp = NULL, *tw = NULL;
        int half = single && n % 2 == 0 && n >= HALF_MIN;
        if (half) tw = make_twiddles(n, single, inverse);
        if (!r || !c || !p || (half && !tw)) {
            st = FR_ERR_ALLOC;
        } else {
            fp = half ? (inverse ? a->plan_dft((int)(n / 2), c, r, +1 /* FFTW_BACKWARD */, S->planner_flags)
                                 : a->plan_dft((int)(n / 2), r, c, -1 /* FFTW_FORWARD */, S->planner_flags))
                      : (inverse ? a->plan_c2r((int)n, c, r, S->planner_flags)
                                 : a->plan_r2c((int)n, r, c, S->planner_flags));
            if (!fp) st = FR_ERR_FFT_PLAN;
        }
        if (st == FR_OK && S->n_plans == S->cap_plans) {
            size_t cap = S->cap_plans ? 2 * S->cap_plans : 16;
            fr_plan **grown = (fr_plan **)realloc(S->plans, cap * sizeof *grown);
            if (!grown) st = FR_ERR_ALLOC;
            else { S->plans = grown; S->cap_plans = cap; }
        }
        if (st == FR_OK) {
            p->fftw = fp; p->n = n; p->single = single; p->inverse = inverse; p->twiddle = tw;
            S->plans[S->n_plans++] = p;
            *out = p;
        } else {
            if (fp) a->destroy(fp);
            free(tw);
            free(p);
        }
        if (r) a->free(r);
        if (c) a->free(c);
    }
done:
    unlock();
    return st;
}

int fr_plan_rfft(ptrdiff_t n, int single, const fr_plan **plan) { return get_plan(n, single != 0, 0, plan); }
int fr_plan_irfft(ptrdiff_t n, int single, const fr_plan **plan) { return get_plan(n, single != 0, 1, plan); }

void fr_rfft_exec_f32(const fr_plan *p, float *in, fr_cfloat *out) {
    if (!p->twiddle) {
        S->api[1].exec_r2c(p->fftw, in, out);
        return;
    }
    S->api[1].exec_dft(p->fftw, in, out);
    FR_SIMD()->fr_rfft_split_f32(out, p->n / 2, (const fr_cfloat *)p->twiddle);
}

void fr_rfft_exec_f64(const fr_plan *p, double *in, fr_cdouble *out) {
    if (!p->twiddle) {
        S->api[0].exec_r2c(p->fftw, in, out);
        return;
    }
    S->api[0].exec_dft(p->fftw, in, out);
    FR_SIMD()->fr_rfft_split_f64(out, p->n / 2, (const fr_cdouble *)p->twiddle);
}
void fr_irfft_exec_f32(const fr_plan *p, fr_cfloat *in, float *out) {
    if (!p->twiddle) {
        S->api[1].exec_c2r(p->fftw, in, out);
        return;
    }
    FR_SIMD()->fr_irfft_merge_f32(in, p->n / 2, (const fr_cfloat *)p->twiddle);
    S->api[1].exec_dft(p->fftw, in, out);
}

void fr_irfft_exec_f64(const fr_plan *p, fr_cdouble *in, double *out) {
    if (!p->twiddle) {
        S->api[0].exec_c2r(p->fftw, in, out);
        return;
    }
    FR_SIMD()->fr_irfft_merge_f64(in, p->n / 2, (const fr_cdouble *)p->twiddle);
    S->api[0].exec_dft(p->fftw, in, out);
}
