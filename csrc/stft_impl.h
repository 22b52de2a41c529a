/* Body of the STFT/ISTFT kernels for one precision; see template.h. */
#include "fastrosa/template.h"

typedef struct {
    const T *x;
    ptrdiff_t ldx, n_frames, hop, n_fft;
    const T *window;
    const fr_plan *plan;
    CT *out; /* complex spectra (fr_stft), or NULL */
    ptrdiff_t ldout;
    T *rout; /* |X|^power, optionally projected on bands (fr_stft_power) */
    ptrdiff_t ldrout, ld_band;
    double power;
    const FR_FN(fr_bands) *bands;
} FR_FN(stft_ctx);

/* |X|^power of one spectrum into pw (power 2 and 1 without pow()). Other
 * powers square in double: in float, |X|^2 would overflow for |X| > 1.8e19
 * (and underflow below 1e-19) where |X| itself, as librosa's hypot, does not. */
static void FR_FN(power_spectrum)(const CT *restrict spec, ptrdiff_t n_freq, double power,
                                  T *restrict pw) {
    if (power == 2.0) {
        for (ptrdiff_t k = 0; k < n_freq; k++)
            pw[k] = spec[k].re * spec[k].re + spec[k].im * spec[k].im;
    } else if (power == 1.0) {
        for (ptrdiff_t k = 0; k < n_freq; k++) {
            double re = spec[k].re, im = spec[k].im;
            pw[k] = (T)sqrt(re * re + im * im);
        }
    } else {
        for (ptrdiff_t k = 0; k < n_freq; k++) {
            double re = spec[k].re, im = spec[k].im;
            pw[k] = (T)pow(sqrt(re * re + im * im), power);
        }
    }
}

/* Frames [begin, end) of the flattened (row, frame) index, each windowed,
 * transformed and written while in cache; scratch is per call so that
 * chunks can run on separate threads. */
static int FR_FN(stft_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(stft_ctx) *c = (const FR_FN(stft_ctx) *)arg;
    const ptrdiff_t n_fft = c->n_fft, n_freq = n_fft / 2 + 1;
    T *buf = (T *)fr_fftw_malloc((size_t)n_fft * sizeof(T));
    CT *spec = (CT *)fr_fftw_malloc((size_t)n_freq * sizeof(CT));
    T *pw = c->rout ? (T *)malloc((size_t)n_freq * sizeof(T)) : NULL;
    int st = FR_OK;
    if (!buf || !spec || (c->rout && !pw)) {
        st = FR_ERR_ALLOC;
        goto cleanup;
    }
    for (ptrdiff_t i = begin; i < end; i++) {
        const ptrdiff_t r = i / c->n_frames, t = i % c->n_frames;
        const T *restrict frame = c->x + r * c->ldx + t * c->hop;
        const T *restrict w = c->window;
        for (ptrdiff_t j = 0; j < n_fft; j++) buf[j] = frame[j] * w[j];
        FR_FN(fr_rfft_exec)(c->plan, buf, spec);
        if (c->out) {
            memcpy(c->out + r * c->ldout + t * n_freq, spec, (size_t)n_freq * sizeof(CT));
            continue;
        }
        FR_FN(power_spectrum)(spec, n_freq, c->power, pw);
        T *restrict o = c->rout + r * c->ldrout + t;
        const FR_FN(fr_bands) *b = c->bands;
        if (!b) {
            for (ptrdiff_t k = 0; k < n_freq; k++) o[k * c->ld_band] = pw[k];
            continue;
        }
        for (ptrdiff_t m = 0; m < b->n_bands; m++) {
            const T *restrict wm = b->weights + b->offset[m];
            T acc = 0;
            for (ptrdiff_t k = b->lo[m]; k < b->hi[m]; k++) acc += wm[k - b->lo[m]] * pw[k];
            o[m * c->ld_band] = acc;
        }
    }
cleanup:
    fr_fftw_free(buf);
    fr_fftw_free(spec);
    free(pw);
    return st;
}

static int FR_FN(run_frames)(FR_FN(stft_ctx) *c, ptrdiff_t n_rows, int n_threads) {
    int st;
    if (n_rows < 0 || c->n_frames < 0 || c->n_fft < 1 || c->hop < 1) return FR_ERR_SIZE;
    if (n_rows == 0 || c->n_frames == 0) return FR_OK;
    st = fr_plan_rfft(c->n_fft, FR_SINGLE, &c->plan);
    if (st != FR_OK) return st;
    /* Threads only pay off past a few hundred thousand samples of work. */
    if ((double)n_rows * (double)c->n_frames * (double)c->n_fft < (double)(1 << 19)) n_threads = 1;
    return fr_parallel_for(n_rows * c->n_frames, n_threads, FR_FN(stft_range), c);
}

int FR_FN(fr_stft)(const T *restrict x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                   ptrdiff_t hop, const T *restrict window, ptrdiff_t n_fft,
                   CT *restrict out, ptrdiff_t ldout, int n_threads) {
    FR_FN(stft_ctx) c = {0};
    c.x = x; c.ldx = ldx; c.n_frames = n_frames; c.hop = hop; c.n_fft = n_fft;
    c.window = window; c.out = out; c.ldout = ldout;
    return FR_FN(run_frames)(&c, n_rows, n_threads);
}

int FR_FN(fr_stft_power)(const T *restrict x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                         ptrdiff_t hop, const T *restrict window, ptrdiff_t n_fft, double power,
                         const FR_FN(fr_bands) *bands, T *restrict out, ptrdiff_t ldout,
                         ptrdiff_t ld_band, int n_threads) {
    FR_FN(stft_ctx) c = {0};
    if (bands) {
        for (ptrdiff_t m = 0; m < bands->n_bands; m++)
            if (bands->lo[m] < 0 || bands->hi[m] > n_fft / 2 + 1 || bands->lo[m] > bands->hi[m])
                return FR_ERR_SIZE;
    }
    c.x = x; c.ldx = ldx; c.n_frames = n_frames; c.hop = hop; c.n_fft = n_fft;
    c.window = window; c.rout = out; c.ldrout = ldout; c.ld_band = ld_band;
    c.power = power; c.bands = bands;
    return FR_FN(run_frames)(&c, n_rows, n_threads);
}

int FR_FN(fr_istft)(const CT *restrict S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t n_frames,
                    ptrdiff_t n_fft, ptrdiff_t hop, const T *restrict window, ptrdiff_t offset,
                    T *restrict y, ptrdiff_t ldy, ptrdiff_t y_len) {
    const ptrdiff_t n_freq = n_fft / 2 + 1;
    const T tiny = FR_SINGLE ? (T)FLT_MIN : (T)DBL_MIN;
    const fr_plan *plan;
    T *buf = NULL, *wss = NULL, *wscaled = NULL;
    CT *spec = NULL;
    int st;

    if (n_rows < 0 || n_frames < 0 || n_fft < 1 || hop < 1 || y_len < 0) return FR_ERR_SIZE;
    if (n_rows == 0 || y_len == 0) return FR_OK;
    st = fr_plan_irfft(n_fft, FR_SINGLE, &plan);
    if (st != FR_OK) return st;
    buf = (T *)fr_fftw_malloc((size_t)n_fft * sizeof(T));
    spec = (CT *)fr_fftw_malloc((size_t)n_freq * sizeof(CT));
    wscaled = (T *)malloc((size_t)n_fft * sizeof(T));
    wss = (T *)calloc((size_t)y_len, sizeof(T));
    if (!buf || !spec || !wss || !wscaled) {
        st = FR_ERR_ALLOC;
        goto cleanup;
    }
    /* The backward transform is unnormalised: fold 1/n_fft into the window. */
    for (ptrdiff_t j = 0; j < n_fft; j++) wscaled[j] = window[j] / (T)n_fft;

    /* Window sum of squares, accumulated frame by frame as librosa does. */
    for (ptrdiff_t t = 0; t < n_frames; t++) {
        ptrdiff_t lo = t * hop - offset, j0 = lo < 0 ? -lo : 0;
        ptrdiff_t j1 = y_len - lo < n_fft ? y_len - lo : n_fft;
        if (j1 <= 0) break;
        for (ptrdiff_t j = j0; j < j1; j++) wss[lo + j] += window[j] * window[j];
    }
    for (ptrdiff_t r = 0; r < n_rows; r++) {
        const CT *Sr = S + r * lds;
        T *yr = y + r * ldy;
        for (ptrdiff_t t = 0; t < n_frames; t++) {
            ptrdiff_t lo = t * hop - offset, j0 = lo < 0 ? -lo : 0;
            ptrdiff_t j1 = y_len - lo < n_fft ? y_len - lo : n_fft;
            if (j1 <= 0) break;
            if (j0 >= j1) continue;
            memcpy(spec, Sr + t * n_freq, (size_t)n_freq * sizeof(CT));
            FR_FN(fr_irfft_exec)(plan, spec, buf);
            for (ptrdiff_t j = j0; j < j1; j++) yr[lo + j] += wscaled[j] * buf[j];
        }
        for (ptrdiff_t i = 0; i < y_len; i++)
            if (wss[i] > tiny) yr[i] /= wss[i];
    }
cleanup:
    fr_fftw_free(buf);
    fr_fftw_free(spec);
    free(wss);
    free(wscaled);
    return st;
}
