# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The STFT/ISTFT kernels (private; see fastrosa.core.spectrum)."""

from fastrosa._ext._kernels cimport *
from fastrosa._ext._kernels_shape cimport (FR_REDUCE_CONTRAST, fr_reducer, fr_stft_reduce_f32,
                                           fr_stft_reduce_f64)
from fastrosa._ext._kernels_pitch cimport fr_project_bands_f32, fr_project_bands_f64
from fastrosa._ext._status cimport check, real_t
from fastrosa._ext._runtime cimport shared

# the process-wide FFTW and SIMD state (_runtime.pyx)
fr_runtime_adopt(shared())


def stft_frames(const real_t[:, :] x, const real_t[::1] window, Py_ssize_t hop,
                Py_ssize_t n_frames, real_t[:, ::1] out, Py_ssize_t first_frame,
                int n_threads=1):
    """Windowed rFFT of ``n_frames`` frames of each row of ``x``.

    ``x`` may have any row stride but its rows must be contiguous. ``out`` is
    the float view of a complex (rows, frames, n_fft//2+1) array; results go
    to frames ``first_frame ...``.
    """
    cdef Py_ssize_t n_fft = window.shape[0], n_freq = n_fft // 2 + 1
    cdef Py_ssize_t rows = x.shape[0], ldx = x.strides[0] // sizeof(real_t)
    cdef Py_ssize_t ldout = out.shape[1] // 2
    cdef int st = 0
    if rows == 0 or n_frames == 0:
        return
    if x.strides[1] != sizeof(real_t) or x.shape[1] < (n_frames - 1) * hop + n_fft:
        raise ValueError("stft_frames: rows must be contiguous and hold every frame")
    if out.shape[1] < 2 * (first_frame + n_frames) * n_freq:
        raise ValueError("stft_frames: output too small")
    with nogil:
        if real_t is float:
            st = fr_stft_f32(&x[0, 0], rows, ldx, n_frames, hop, &window[0], n_fft,
                             <fr_cfloat *>&out[0, 2 * first_frame * n_freq], ldout, n_threads)
        else:
            st = fr_stft_f64(&x[0, 0], rows, ldx, n_frames, hop, &window[0], n_fft,
                             <fr_cdouble *>&out[0, 2 * first_frame * n_freq], ldout, n_threads)
    check(st)


def csr_frames(const real_t[:, :] x, const real_t[::1] window, Py_ssize_t hop,
               Py_ssize_t n_frames, const Py_ssize_t[::1] indptr, const Py_ssize_t[::1] indices,
               const real_t[::1] data, bint magnitude, real_t[::1] out, Py_ssize_t ld_row,
               Py_ssize_t ld_bin, Py_ssize_t ld_frame, int n_threads=1):
    """The sparse basis ``(indptr, indices, data)`` (CSR; complex ``data`` as
    its float view) times the windowed rFFT of ``n_frames`` frames of each
    row of ``x`` (rows contiguous, any row stride), computed frame by frame.
    Filter ``b`` of frame ``t`` of row ``r`` goes to element
    ``r*ld_row + b*ld_bin + t*ld_frame`` of ``out``, a flat float view of
    complex elements (real ones with ``magnitude``: |basis| times |rFFT|)."""
    cdef Py_ssize_t n_fft = window.shape[0], rows = x.shape[0], n_bins = indptr.shape[0] - 1
    cdef Py_ssize_t ldx = x.strides[0] // sizeof(real_t), last
    cdef Py_ssize_t width = 1 if magnitude else 2
    cdef fr_csr_f32 b32
    cdef fr_csr_f64 b64
    cdef int st = 0
    if n_bins < 0 or indptr[0] != 0 or indptr[n_bins] > indices.shape[0] \
            or 2 * indices.shape[0] != data.shape[0]:
        raise ValueError("csr_frames: the basis arrays disagree")
    if rows == 0 or n_frames == 0 or n_bins == 0:
        return
    if x.strides[1] != sizeof(real_t) or x.shape[1] < (n_frames - 1) * hop + n_fft:
        raise ValueError("csr_frames: rows must be contiguous and hold every frame")
    last = (rows - 1) * ld_row + (n_bins - 1) * ld_bin + (n_frames - 1) * ld_frame
    if min(ld_row, ld_bin, ld_frame) < 0 or width * (last + 1) > out.shape[0]:
        raise ValueError("csr_frames: output too small")
    with nogil:
        if real_t is float:
            b32.n_bins = n_bins; b32.indptr = &indptr[0]; b32.indices = &indices[0]
            b32.data = <const fr_cfloat *>&data[0]
            st = fr_stft_csr_f32(&x[0, 0], rows, ldx, n_frames, hop, &window[0], n_fft, &b32,
                                 magnitude, &out[0], ld_row, ld_bin, ld_frame, n_threads)
        else:
            b64.n_bins = n_bins; b64.indptr = &indptr[0]; b64.indices = &indices[0]
            b64.data = <const fr_cdouble *>&data[0]
            st = fr_stft_csr_f64(&x[0, 0], rows, ldx, n_frames, hop, &window[0], n_fft, &b64,
                                 magnitude, &out[0], ld_row, ld_bin, ld_frame, n_threads)
    check(st)


cdef class _Bands:
    """A sparse filterbank ``(lo, hi, offset, weights)`` checked against
    ``n_out`` bands and held as the kernels' struct (the arrays stay alive
    with it)."""
    cdef const Py_ssize_t[::1] lo, hi, off
    cdef object weights
    cdef fr_bands_f32 b32
    cdef fr_bands_f64 b64

    def __init__(self, object bands, Py_ssize_t n_out, object dtype):
        cdef const float[::1] w32
        cdef const double[::1] w64
        cdef Py_ssize_t n_w
        self.lo, self.hi, self.off, self.weights = bands
        if not (self.lo.shape[0] == self.hi.shape[0] == self.off.shape[0] == n_out):
            raise ValueError("bands: band arrays disagree with the output")
        n_w = len(self.weights)
        for m in range(n_out):
            if self.off[m] < 0 or self.off[m] + self.hi[m] - self.lo[m] > n_w \
                    or self.lo[m] > self.hi[m]:
                raise ValueError("bands: band weights out of range")
        if dtype == "float32":
            w32 = self.weights
            self.b32.n_bands = n_out; self.b32.lo = &self.lo[0]; self.b32.hi = &self.hi[0]
            self.b32.offset = &self.off[0]; self.b32.weights = &w32[0]
        else:
            w64 = self.weights
            self.b64.n_bands = n_out; self.b64.lo = &self.lo[0]; self.b64.hi = &self.hi[0]
            self.b64.offset = &self.off[0]; self.b64.weights = &w64[0]


def power_frames(const real_t[:, :] x, const real_t[::1] window, Py_ssize_t hop,
                 Py_ssize_t n_frames, double power, object bands, real_t[:, :, ::1] out,
                 Py_ssize_t first_frame, int n_threads=1):
    """|rFFT|**power of ``n_frames`` windowed frames of each row of ``x``, into
    columns ``first_frame ...`` of ``out`` (rows, bins or bands, frames).

    ``bands`` is None (keep every bin) or ``(lo, hi, offset, weights)``: a
    sparse filterbank (intp arrays and a weight array of x's dtype).
    """
    cdef Py_ssize_t n_fft = window.shape[0], n_freq = n_fft // 2 + 1
    cdef Py_ssize_t rows = x.shape[0], ldx = x.strides[0] // sizeof(real_t)
    cdef Py_ssize_t ldout = out.shape[1] * out.shape[2], ld_band = out.shape[2]
    cdef _Bands b = None
    cdef const fr_bands_f32 *b32 = NULL
    cdef const fr_bands_f64 *b64 = NULL
    cdef int st = 0
    if rows == 0 or n_frames == 0:
        return
    if x.strides[1] != sizeof(real_t) or x.shape[1] < (n_frames - 1) * hop + n_fft:
        raise ValueError("power_frames: rows must be contiguous and hold every frame")
    if out.shape[0] != rows or out.shape[2] < first_frame + n_frames:
        raise ValueError("power_frames: output too small")
    if bands is not None:
        b = _Bands(bands, out.shape[1], "float32" if real_t is float else "float64")
        b32, b64 = &b.b32, &b.b64
    elif out.shape[1] != n_freq:
        raise ValueError("power_frames: output must have n_fft // 2 + 1 bins")
    with nogil:
        if real_t is float:
            st = fr_stft_power_f32(&x[0, 0], rows, ldx, n_frames, hop, &window[0], n_fft, power,
                                   b32, &out[0, 0, first_frame], ldout, ld_band, n_threads)
        else:
            st = fr_stft_power_f64(&x[0, 0], rows, ldx, n_frames, hop, &window[0], n_fft, power,
                                   b64, &out[0, 0, first_frame], ldout, ld_band, n_threads)
    check(st)


def project_bands(const real_t[:, ::1] S, Py_ssize_t n_freq, Py_ssize_t n_frames,
                  bint frames_major, object bands, real_t[:, :, ::1] out, int n_threads=1):
    """``out[r] = W @ S[r]`` for the sparse filterbank ``bands`` (as in
    `power_frames`): row r of ``S`` holds one (n_freq, n_frames) spectrogram,
    frames contiguous, or each frame contiguous with ``frames_major``."""
    cdef Py_ssize_t rows = S.shape[0]
    cdef _Bands b
    cdef int st = 0
    if S.shape[1] != n_freq * n_frames or out.shape[0] != rows or out.shape[2] != n_frames:
        raise ValueError("project_bands: shapes disagree")
    b = _Bands(bands, out.shape[1], "float32" if real_t is float else "float64")
    if rows == 0 or n_frames == 0 or out.shape[1] == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_project_bands_f32(&S[0, 0], rows, n_freq * n_frames, n_freq, n_frames,
                                      frames_major, &b.b32, &out[0, 0, 0],
                                      out.shape[1] * n_frames, n_threads)
        else:
            st = fr_project_bands_f64(&S[0, 0], rows, n_freq * n_frames, n_freq, n_frames,
                                      frames_major, &b.b64, &out[0, 0, 0],
                                      out.shape[1] * n_frames, n_threads)
    check(st)


def reduce_frames(const real_t[:, :] x, const real_t[::1] window, Py_ssize_t hop,
                  Py_ssize_t n_frames, double power, int kind, const double[::1] freq,
                  double p, bint norm, double roll_percent, double amin, int sum_mode,
                  bint single, double[:, :, ::1] out, Py_ssize_t first_frame, int n_threads=1,
                  const double[::1] window64=None, object bands=None):
    """Per-frame values from |rFFT|**power of ``n_frames`` windowed frames of
    each row of ``x``, into columns ``first_frame ...`` of ``out`` (rows, values,
    frames), computed in the same pass as the transform. ``kind`` is a reducer
    of fastrosa/spectrum.h (see _shape.reducer_kind); ``freq`` has one
    frequency per bin. With ``single`` (double ``x`` only), each spectrum is
    rounded to float32 and reduced as a float32 one. ``window64`` (float ``x``,
    rolloff): the window in double, to refine frames whose crossing float32
    rounding could move. ``bands`` (contrast): ``(start, idx, q)`` intp arrays."""
    cdef Py_ssize_t n_fft = window.shape[0], n_freq = n_fft // 2 + 1
    cdef Py_ssize_t rows = x.shape[0], ldx = x.strides[0] // sizeof(real_t)
    cdef const Py_ssize_t[::1] start, idx, q
    cdef fr_reducer red
    cdef int st = 0
    if rows == 0 or n_frames == 0:
        return
    if x.strides[1] != sizeof(real_t) or x.shape[1] < (n_frames - 1) * hop + n_fft:
        raise ValueError("reduce_frames: rows must be contiguous and hold every frame")
    if out.shape[0] != rows or out.shape[2] < first_frame + n_frames or freq.shape[0] != n_freq:
        raise ValueError("reduce_frames: output or frequencies of the wrong size")
    red.kind = kind; red.freq = &freq[0]; red.p = p; red.norm = norm
    red.roll_percent = roll_percent; red.amin = amin; red.sum_mode = sum_mode
    red.single = single and real_t is double
    red.window64 = NULL
    red.n_bands = 0
    if window64 is not None:
        if window64.shape[0] != n_fft:
            raise ValueError("reduce_frames: window64 must have n_fft samples")
        red.window64 = &window64[0]
    if bands is not None:
        start, idx, q = bands
        if (start.shape[0] != q.shape[0] + 1 or out.shape[1] != 2 * q.shape[0]
                or idx.shape[0] < start[q.shape[0]] or idx.shape[0] == 0):
            raise ValueError("reduce_frames: band arrays disagree with the output")
        red.n_bands = q.shape[0]; red.start = &start[0]; red.idx = &idx[0]; red.q = &q[0]
    elif kind == FR_REDUCE_CONTRAST or out.shape[1] != 1:
        raise ValueError("reduce_frames: one value per frame without bands")
    with nogil:
        if real_t is float:
            st = fr_stft_reduce_f32(&x[0, 0], rows, ldx, n_frames, hop, &window[0], n_fft, power,
                                    &red, &out[0, 0, first_frame], out.shape[1] * out.shape[2],
                                    out.shape[2], n_threads)
        else:
            st = fr_stft_reduce_f64(&x[0, 0], rows, ldx, n_frames, hop, &window[0], n_fft, power,
                                    &red, &out[0, 0, first_frame], out.shape[1] * out.shape[2],
                                    out.shape[2], n_threads)
    check(st)


def istft_ola(const real_t[:, :, :, :] S, Py_ssize_t hop, const real_t[::1] window,
              Py_ssize_t offset, real_t[:, ::1] y, int n_threads=1):
    """Overlap-add the inverse rFFTs of the frames of ``S`` into zeroed ``y``.

    ``S`` is the float view ``X[..., None].view(real)`` of a complex
    (rows, n_fft//2+1, frames) array ``X`` of any strides (each a multiple of
    the complex item size): frame-major and bin-major layouts are read in place.
    """
    cdef Py_ssize_t n_fft = window.shape[0], n_frames = S.shape[2]
    cdef Py_ssize_t rows = y.shape[0], y_len = y.shape[1], ldy = y.strides[0] // sizeof(real_t)
    cdef Py_ssize_t cs = 2 * sizeof(real_t)
    cdef Py_ssize_t lds = S.strides[0] // cs, ld_bin = S.strides[1] // cs
    cdef Py_ssize_t ld_frame = S.strides[2] // cs
    cdef int st = 0
    if S.shape[0] != rows or S.shape[1] != n_fft // 2 + 1 or S.shape[3] != 2:
        raise ValueError("istft_ola: shapes disagree")
    if (S.strides[0] % cs or S.strides[1] % cs or S.strides[2] % cs
            or S.strides[3] != sizeof(real_t)):
        raise ValueError("istft_ola: strides must be whole complex items")
    if rows == 0 or y_len == 0 or n_frames == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_istft_f32(<const fr_cfloat *>&S[0, 0, 0, 0], rows, lds, ld_frame, ld_bin,
                              n_frames, n_fft, hop, &window[0], offset, &y[0, 0], ldy, y_len,
                              n_threads)
        else:
            st = fr_istft_f64(<const fr_cdouble *>&S[0, 0, 0, 0], rows, lds, ld_frame, ld_bin,
                              n_frames, n_fft, hop, &window[0], offset, &y[0, 0], ldy, y_len,
                              n_threads)
    check(st)


def hpss_istft(const real_t[:, ::1] harm, const real_t[:, ::1] perc, const real_t[:, ::1] mag,
               const real_t[:, ::1] D, Py_ssize_t hop, double margin_h, double margin_p,
               double power, bint split_zeros, const real_t[::1] window, Py_ssize_t offset,
               real_t[::1] y_h, real_t[::1] y_p, int n_threads=1):
    """The inverse STFTs of both HPSS outputs of one frame-major spectrogram
    (``harm``, ``perc``, ``mag`` (frames, bins); ``D`` the interleaved float
    view (frames, 2 * bins) of the complex STFT) into zeroed ``y_h``, ``y_p``."""
    cdef Py_ssize_t n_frames = harm.shape[0], n_freq = harm.shape[1], n_fft = window.shape[0]
    cdef Py_ssize_t y_len = y_h.shape[0]
    cdef int st = 0
    if (n_freq != n_fft // 2 + 1 or perc.shape[0] != n_frames or mag.shape[0] != n_frames
            or D.shape[0] != n_frames or perc.shape[1] != n_freq or mag.shape[1] != n_freq
            or D.shape[1] != 2 * n_freq or y_p.shape[0] != y_len):
        raise ValueError("hpss_istft: shapes disagree")
    if n_frames == 0 or y_len == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_hpss_istft_f32(&harm[0, 0], &perc[0, 0], &mag[0, 0],
                                   <const fr_cfloat *>&D[0, 0], n_frames, n_fft, hop, margin_h,
                                   margin_p, power, split_zeros, &window[0], offset, &y_h[0],
                                   &y_p[0], y_len, n_threads)
        else:
            st = fr_hpss_istft_f64(&harm[0, 0], &perc[0, 0], &mag[0, 0],
                                   <const fr_cdouble *>&D[0, 0], n_frames, n_fft, hop, margin_h,
                                   margin_p, power, split_zeros, &window[0], offset, &y_h[0],
                                   &y_p[0], y_len, n_threads)
    check(st)


# ---- autocorrelation tempogram (rhythm kernels that transform) ----------------
from fastrosa._ext._kernels_rhythm cimport fr_tempogram_f32, fr_tempogram_f64


def tempogram_frames(const real_t[:, ::1] x, const real_t[::1] window, Py_ssize_t n_pad,
                     bint norm_inf, real_t[:, :, ::1] out, int n_threads=1):
    """Windowed autocorrelation of ``out.shape[2]`` frames (hop 1) of each row of
    ``x`` into ``out`` (rows, win_length, frames), optionally max-normalised."""
    cdef Py_ssize_t rows = x.shape[0], win = window.shape[0], n_frames = out.shape[2]
    cdef int st = 0
    if out.shape[0] != rows or out.shape[1] != win or x.shape[1] < n_frames + win - 1:
        raise ValueError("tempogram_frames: shapes disagree")
    if rows == 0 or n_frames == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_tempogram_f32(&x[0, 0], rows, x.shape[1], n_frames, &window[0], win, n_pad,
                                  norm_inf, &out[0, 0, 0], win * n_frames, n_threads)
        else:
            st = fr_tempogram_f64(&x[0, 0], rows, x.shape[1], n_frames, &window[0], win, n_pad,
                                  norm_inf, &out[0, 0, 0], win * n_frames, n_threads)
    check(st)


from fastrosa._ext._kernels_rhythm cimport fr_tempogram_mean_f32, fr_tempogram_mean_f64


def tempogram_mean(const real_t[:, ::1] x, const real_t[::1] window, Py_ssize_t n_pad,
                   Py_ssize_t n_frames, real_t[:, ::1] out, int n_threads=1):
    """The time average of the max-normalised autocorrelation tempogram of
    ``n_frames`` frames (hop 1) of each row of ``x``, into ``out`` (rows,
    win_length)."""
    cdef Py_ssize_t rows = x.shape[0], win = window.shape[0]
    cdef int st = 0
    if out.shape[0] != rows or out.shape[1] != win or n_frames < 1 \
            or x.shape[1] < n_frames + win - 1:
        raise ValueError("tempogram_mean: shapes disagree")
    if rows == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_tempogram_mean_f32(&x[0, 0], rows, x.shape[1], n_frames, &window[0], win,
                                       n_pad, &out[0, 0], win, n_threads)
        else:
            st = fr_tempogram_mean_f64(&x[0, 0], rows, x.shape[1], n_frames, &window[0], win,
                                       n_pad, &out[0, 0], win, n_threads)
    check(st)
