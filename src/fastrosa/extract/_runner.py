"""A folder of music to a GTZAN features CSV: walk, extract in parallel, write, resume.

The CSV has the published layout, ``filename,<COLUMNS>,label``: the label is
the name of the folder that holds the file. Rows are appended as files finish
(one write per file, so an interruption loses at most the file in flight);
a re-run skips every file already in the CSV and first repairs a row cut off
by an interruption. Files that cannot be read or analysed are listed, with the
reason, in ``<output stem>.errors.tsv`` and never stop the run. The options
a CSV was begun with (segments, recipe) are kept in ``<output stem>.settings.json``
and a re-run with other options is refused, so rows of different kinds never
mix in one file. When the run completes, the CSV is rewritten in a
deterministic order (folder, file, segment), so the same folder gives the same
file whatever the number of jobs or the scheduler.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..util.exceptions import ParameterError
from ._files import _task, check_span, extract_file, source_name
from ._fma import FMA_COLUMNS
from ._recipe import COLUMNS, COMPAT_MODES, N_FFT, SR

#: The shortest segment: one analysis frame at the GTZAN rate.
MIN_SEGMENT = round(N_FFT / SR, 3)

__all__ = ["extract_dir", "RunSummary", "HEADER", "AUDIO_EXTENSIONS", "find_audio"]

HEADER = ("filename",) + tuple(COLUMNS) + ("label",)

#: The table each preset writes, by name in messages.
_TABLES = {"gtzan": "GTZAN features CSV with the published columns",
           "fma": "FMA features CSV (three header rows: feature, statistics, number)"}


def header_rows(preset: str = "gtzan") -> list:
    """The header rows of a preset's CSV: GTZAN's one row of column names, or
    FMA's three (feature, statistics, number; the first column holds the file's
    path relative to the folder, the last its label)."""
    if preset == "fma":
        return [("feature",) + tuple(c[0] for c in FMA_COLUMNS) + ("label",),
                ("statistics",) + tuple(c[1] for c in FMA_COLUMNS) + ("",),
                ("number",) + tuple(c[2] for c in FMA_COLUMNS) + ("",)]
    return [HEADER]


def _not_a_table(output, preset) -> ParameterError:
    return ParameterError(f"{output} exists but is not a {_TABLES[preset]}; "
                          "choose another output file")

#: File name extensions taken as audio when walking a folder (case-insensitive).
#: Everything soundfile reads, plus common formats it does not, so that such
#: files are reported in the errors file rather than silently ignored.
AUDIO_EXTENSIONS = frozenset(
    ".wav .wave .au .snd .flac .ogg .oga .opus .mp3 .aif .aiff .aifc .w64 .caf .rf64"
    " .m4a .aac .wma".split()
)


@dataclass
class RunSummary:
    """What one ``extract_dir`` run did."""

    output: str
    errors_path: Optional[str]
    found: int = 0  # audio files under the folder
    skipped: int = 0  # already in the CSV
    extracted: int = 0  # files extracted by this run
    rows: int = 0  # rows written by this run
    failed: list = field(default_factory=list)  # (path, reason)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def files_per_second(self) -> float:
        return (self.extracted + len(self.failed)) / self.seconds if self.seconds > 0 else 0.0

    def text(self) -> str:
        lines = [
            f"{self.found} audio files: {self.extracted} extracted ({self.rows} rows), "
            f"{self.skipped} already in {self.output}, {len(self.failed)} failed",
            f"{self.seconds:.1f} s, {self.files_per_second:.1f} files/s",
        ]
        if self.failed:
            lines.append(f"failures and reasons: {self.errors_path}")
        if self.interrupted:
            lines.append("interrupted: run the same command again to continue")
        return "\n".join(lines)


def find_audio(root) -> list:
    """Audio files under ``root``, recursively, in sorted order (hidden entries
    skipped). Folders that are symbolic links are walked too, each real folder
    once (a link back up the tree ends there)."""
    root = Path(root)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise FileNotFoundError(f"no such folder: {root}")
    found, seen = [], set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in AUDIO_EXTENSIONS:
                found.append(Path(dirpath) / name)
    return found


def label_of(path) -> str:
    """The label of a file: the name of the folder that holds it, as walked
    (a link in rock/ to a file elsewhere is rock)."""
    return Path(os.path.abspath(path)).parent.name


def _key(filename: str, label: str, segmented: bool):
    # an FMA row's first field is the path under the folder: its file name is the key
    return (label, source_name(filename) if segmented else os.path.basename(filename))


# The CSV and the errors file are UTF-8; a file name that is not (bytes a
# POSIX file system allows) is written as its own bytes (surrogateescape), so
# that it reads back as the same name and a re-run recognises it.
_ENCODING = dict(encoding="utf-8", errors="surrogateescape")


def _csv_text(records) -> str:
    """CSV lines ("\n"-terminated) of ``records``. Python's csv quotes a field
    holding "\n" but not one holding a lone "\r", which readers (pandas among
    them) take for a line break: a record with "\r" anywhere is written with
    every field quoted."""
    buf = io.StringIO()
    plain = csv.writer(buf, lineterminator="\n")
    quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for r in records:
        (quoted if any("\r" in str(v) for v in r) else plain).writerow(r)
    return buf.getvalue()


def _format_rows(rows, label, preset="gtzan", path=None) -> str:
    """CSV lines of one file's rows: GTZAN's start with the (segment's) file name,
    FMA's with ``path``, the file's path under the folder."""
    if preset == "fma":
        return _csv_text([path] + [r[c] for c in FMA_COLUMNS] + [label] for r in rows)
    return _csv_text([r["filename"]] + [r[c] for c in COLUMNS] + [label] for r in rows)


def tsv_field(text: str) -> str:
    """A path or reason as one field of the errors file: backslash, tab,
    newline and carriage return written as \\, \t, \n and \r."""
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


@contextlib.contextmanager
def _exclusive(output: Path):
    """Hold ``<output>.lock`` for the whole run, so that a second run writing
    the same CSV is refused instead of losing or duplicating rows. The OS
    releases the lock however the holder ends (SIGKILL included); the empty
    file stays, harmless."""
    lock = output.with_name(output.name + ".lock")
    f = open(lock, "a+b")
    try:
        try:
            if os.name == "nt":
                import msvcrt

                f.seek(0)
                msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise ParameterError(
                f"another fastrosa extract is writing {output} (it holds {lock}); wait for it "
                "to finish or choose another output file") from None
        yield
    finally:
        f.close()


def _read_existing(output: Path, segmented: Optional[float], complete: bool = False,
                   preset: str = "gtzan"):
    """The rows already in ``output`` (repaired after an interruption), and their keys.

    A last line without its newline was cut off mid-write: it is dropped with
    any rows before it from the same file (one file's rows are one write), and
    the CSV is rewritten without them. In segment mode, unless the run that
    wrote the CSV completed, the last file's rows are dropped too: a cut at a
    row boundary inside them looks like a whole file.
    """
    with open(output, newline="", **_ENCODING) as f:
        text = f.read()
    if text.startswith("\ufeff"):
        raise ParameterError(f"{output} starts with a byte-order mark: it was not written by "
                             "fastrosa extract; choose another output file")
    if not text:
        return [], set()
    repaired = False
    partial = None
    if not text.endswith("\n"):
        cut = text.rfind("\n") + 1
        partial, text = text[cut:], text[:cut]
        repaired = True
    records = list(csv.reader(io.StringIO(text)))
    header = header_rows(preset)
    if [tuple(r) for r in records[:len(header)]] != header:
        raise _not_a_table(output, preset)
    rows = records[len(header):]
    good = [r for r in rows if len(r) == len(header[0])]
    repaired |= len(good) != len(rows)
    rows = good
    if partial is not None:
        first = next(csv.reader(io.StringIO(partial)), [""])[0]
        try:
            lost = source_name(first) if segmented is not None else first
        except ValueError:
            lost = None
        while rows and lost is not None:
            try:
                last = source_name(rows[-1][0]) if segmented is not None else rows[-1][0]
            except ValueError:
                break
            if last != lost:
                break
            rows.pop()
    if segmented is not None and rows and partial is None and not complete:
        # a power loss can also cut the file at a row boundary inside the
        # last file's rows (one write, not atomic on disk): that file's rows
        # are dropped and it is extracted again
        try:
            last = _key(rows[-1][0], rows[-1][-1], True)
            while rows and _key(rows[-1][0], rows[-1][-1], True) == last:
                rows.pop()
            repaired = True
        except ValueError:
            pass
    if segmented is not None:
        # rows of segments have the segment's length; whole files almost never
        n = str(int(round(segmented * SR)) - 1)
        if any(r[1] != n for r in rows):
            raise ParameterError(
                f"{output} holds rows that are not {segmented:g}-s segments; "
                "choose another output file"
            )
    try:
        keys = {_key(r[0], r[-1], segmented is not None) for r in rows}
    except ValueError:
        raise ParameterError(
            f"{output} holds rows of whole files; extract segments to another output file"
        ) from None
    if repaired:
        _write_atomic(output, rows, preset)
    return rows, keys


def _write_atomic(output: Path, rows, preset: str = "gtzan") -> None:
    tmp = output.with_name(output.name + ".tmp")
    try:
        with open(tmp, "w", newline="", **_ENCODING) as f:
            f.write(_csv_text(header_rows(preset)))
            f.write(_csv_text(rows))
        os.replace(tmp, output)
    finally:
        if tmp.exists():
            tmp.unlink()


#: The options of a run recorded in its settings file, with the value a file
#: written before an option existed stands for.
_OPTION_DEFAULTS = {"offset": 0.0, "duration": None}


def _flag(key, value) -> str:
    """An option as the command line spells it (``--segment 3``, ``no --segment``)."""
    if value is None:
        return f"no --{key}"
    return f"--{key} {value:g}" if isinstance(value, float) else f"--{key} {value}"


def _settings_text(options, complete=False) -> str:
    return json.dumps({**options, "complete": complete}) + "\n"


def _read_settings(settings: Path, output: Path, options, what: str, command: str) -> bool:
    """A table is continued only with the options that began it (segments or whole
    files, recipe, part of each file): they are kept beside it in ``settings``, with
    whether the run that wrote it completed (returned). Returns that."""
    if not settings.exists():
        raise ParameterError(
            f"{output} holds rows but {settings.name} is missing: the options they were made "
            f"with are unknown, and {what} must not mix recipes; restore it beside the "
            "output or choose another output")
    try:
        old = json.loads(settings.read_text(encoding="utf-8"))
        if not isinstance(old, dict):
            raise ValueError(old)
    except ValueError:
        raise ParameterError(f"{settings} is not what fastrosa {command} wrote; restore it or "
                             "choose another output") from None
    differ = [k for k, v in options.items() if old.get(k, _OPTION_DEFAULTS.get(k)) != v]
    if differ:
        made = ", ".join(_flag(k, old.get(k, _OPTION_DEFAULTS.get(k))) for k in differ)
        raise ParameterError(
            f"{output} was made with {made}; continue it with the same options, or choose "
            "another output")
    return old.get("complete") is True


def _check_settings(settings: Path, output: Path, options) -> bool:
    """`_read_settings` for a features CSV (nothing to check in a new or empty one)."""
    header = header_rows(options["columns"])
    if not output.exists() or not _has_rows(output, len(header)):
        return False
    with open(output, newline="", **_ENCODING) as f:
        reader = csv.reader(f)
        first = [tuple(r) for _, r in zip(header, reader)]
    if first != header:
        raise _not_a_table(output, options["columns"])
    return _read_settings(settings, output, options, "a table", "extract")


def _has_rows(output: Path, lines: int = 1) -> bool:
    """Whether the CSV holds anything past its ``lines`` header lines."""
    with open(output, "rb") as f:
        for _ in range(lines):
            f.readline()
        return bool(f.read(1))


def _write_settings(settings: Path, options, complete=False) -> None:
    text = _settings_text(options, complete)
    if not settings.exists() or settings.read_text(encoding="utf-8") != text:
        settings.write_text(text, encoding="utf-8")


def _sort_key(row, segmented):
    """(folder, file, segment): an FMA row's path sorts as its file name within its folder."""
    name = row[0]
    if segmented:
        stem, _ = os.path.splitext(name)
        k = stem.rpartition(".")[2]
        return (row[-1], source_name(name), int(k))
    return (row[-1], name, 0)


class Progress:
    """A one-line progress report on a stream: done/total, files/s, ETA.

    On a terminal the line is redrawn in place; otherwise a line is printed at
    most every ``every`` seconds.
    """

    def __init__(self, total: int, stream=None, every: float = 5.0):
        self.total = total
        self.stream = sys.stderr if stream is None else stream
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every = 0.1 if self.tty else every
        self.t0 = time.perf_counter()
        self.last = -1e9
        self.done = 0
        self.failed = 0

    def line(self) -> str:
        dt = time.perf_counter() - self.t0
        rate = self.done / dt if dt > 0 else 0.0
        left = self.total - self.done
        eta = f"{left / rate:.0f} s" if rate > 0 else "?"
        width = 30
        fill = int(width * self.done / self.total) if self.total else width
        bar = "#" * fill + "." * (width - fill)
        err = f", {self.failed} failed" if self.failed else ""
        return f"[{bar}] {self.done}/{self.total} files, {rate:.1f} files/s, ETA {eta}{err}"

    def update(self, ok: bool, force: bool = False) -> None:
        self.done += 1
        self.failed += not ok
        self.show(force or self.done == self.total)

    def show(self, force: bool = False) -> None:
        now = time.perf_counter()
        if not force and now - self.last < self.every:
            return
        self.last = now
        if self.tty:
            self.stream.write("\r\x1b[2K" + self.line())
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.done != self.total:
            self.stream.write("\n")
            self.stream.flush()


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def check_jobs(jobs) -> int:
    """``jobs`` workers (all available cores for None), at least 1."""
    jobs = _default_jobs() if jobs is None else int(jobs)
    if jobs < 1:
        raise ParameterError(f"jobs={jobs} must be at least 1")
    return jobs


def _run_local(paths, work, jobs, executor):
    """Yield ``(path, work(path), reason)`` as files finish, on ``jobs`` workers
    (see `_task`)."""
    from .. import _config

    if jobs == 1:
        for p in paths:
            yield _task(p, work, False)
        return
    if executor == "process":
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # forkserver: workers start from a clean interpreter (no inherited FFTW
        # plan locks or threads), once, and are reused for every file
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)
        single = True
    elif executor == "thread":
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="fastrosa-extract")
        single = False
    else:
        raise ParameterError(f"executor={executor!r} is not 'thread' or 'process'")
    saved = _config.get_num_threads()
    if not single:
        _config.set_num_threads(1)  # files in parallel, each transform on one thread
    from concurrent.futures import as_completed

    try:
        futures = [pool.submit(_task, p, work, single) for p in paths]
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _config.set_num_threads(saved)


#: Seconds to wait for a dask scheduler before giving up.
DASK_CONNECT_TIMEOUT = 10


def _run_dask(paths, work, address, jobs):
    """Yield ``(path, work(path), reason)`` as files finish on a dask.distributed cluster:
    one task per file. ``address='local'`` starts a LocalCluster of ``jobs``
    single-threaded worker processes for the duration of the run."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError(
            "--dask needs dask.distributed: pip install 'fastrosa[dask]'"
        ) from exc
    import logging

    cluster = None
    if address == "local":
        # the workers ignore Ctrl-C (the disposition is inherited): this
        # process stops them, so an interrupted run prints no tracebacks of theirs
        import signal
        import threading

        main = threading.current_thread() is threading.main_thread()
        saved = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        try:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
        finally:
            if main:
                signal.signal(signal.SIGINT, saved)
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
        except (OSError, ValueError, TypeError) as exc:
            raise ParameterError(f"cannot reach the dask scheduler at {address!r}: {exc}") from None
    try:
        futures = [client.submit(_task, os.fspath(p), work, True, pure=False)
                   for p in paths]
        try:
            for fut in as_completed(futures):
                yield fut.result()
        finally:
            client.cancel(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def extract_dir(
    root,
    output,
    *,
    segment: Optional[float] = None,
    compat: str = "kaggle",
    jobs: Optional[int] = None,
    executor: str = "thread",
    dask: Optional[str] = None,
    errors=None,
    progress=True,
    sort: bool = True,
    offset: float = 0.0,
    duration: Optional[float] = None,
    preset: str = "gtzan",
) -> RunSummary:
    """Extract the GTZAN features of every audio file under ``root`` into ``output``.

    Parameters
    ----------
    root : path
        A folder, walked recursively; each file's label is the name of its
        folder. Files are taken by extension (`AUDIO_EXTENSIONS`).
    output : path
        The CSV (``filename,<COLUMNS>,label``). If it exists, files already in
        it are skipped and the others appended (a resumed run).
    segment : float or None
        Seconds per segment (rows ``clip.K.ext``), or None for one row per file.
    compat : {'kaggle', 'current'}
        The recipe (see `summarize`).
    jobs : int or None
        Files extracted at once; all available cores by default.
    executor : {'thread', 'process'}
        Local workers: threads (the default: the kernels release the GIL, so
        threads extract files in parallel without the processes' start-up
        and without sending each row between processes; ``benchmarks/README.md``
        compares the two) or processes.
    dask : str or None
        A dask.distributed scheduler address, or 'local' for a LocalCluster of
        ``jobs`` workers; one task per file. The files must be readable at
        the same paths on the workers.
    errors : path or None
        Where failures are listed (``path<TAB>reason``); by default
        ``<output stem>.errors.tsv`` beside the output. Rewritten by each run
        that has failures, removed by a run that has none.
    progress : bool or file
        Report progress on stderr (or on the given stream).
    sort : bool
        Rewrite the CSV in (folder, file, segment) order when the run completes.
    offset, duration : float
        Only the part of each file from ``offset`` seconds, for at most
        ``duration`` seconds (None: to the end), as `fastrosa.load` reads it.
    preset : {'gtzan', 'fma'}
        The table: the published GTZAN columns (``filename, <COLUMNS>, label``),
        or the 518 columns of the FMA dataset's ``features.csv`` in its layout
        (three header rows: feature, statistics, number; the first column the
        file's path relative to ``root``, a last column ``label``), each file
        read at its own rate (see `summarize`).

    Returns
    -------
    RunSummary
    """
    if compat not in COMPAT_MODES:
        raise ParameterError(f"compat={compat!r} is not one of {COMPAT_MODES}")
    if preset not in _TABLES:
        raise ParameterError(f"preset={preset!r} is not one of {tuple(_TABLES)}")
    if preset == "fma" and segment is not None:
        raise ParameterError("the FMA preset has one row per file: no segment")
    if segment is not None and not (MIN_SEGMENT <= segment < float("inf")):
        raise ParameterError(f"segment={segment!r} must be a finite number of seconds, at least "
                             f"{MIN_SEGMENT:g} (one {N_FFT}-sample frame at {SR} Hz)")
    check_span(offset, duration)
    jobs = check_jobs(jobs)
    output = Path(output)
    errors = Path(errors) if errors is not None else output.with_name(output.stem + ".errors.tsv")
    summary = RunSummary(output=os.fspath(output), errors_path=os.fspath(errors))
    t0 = time.perf_counter()

    paths = find_audio(root)
    summary.found = len(paths)
    if not paths:
        raise ParameterError(
            f"no audio files under {root} (looked for {', '.join(sorted(AUDIO_EXTENSIONS))})")
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.is_dir():
        raise ParameterError(f"the output {output} is a folder; name a CSV file")
    if not errors.parent.is_dir():  # found out before any work, not at the end
        raise ParameterError(f"the folder of the errors file {errors} does not exist")
    with _exclusive(output):
        options = {"segment": segment, "compat": compat, "columns": preset,
                   "offset": offset, "duration": duration}
        work = functools.partial(extract_file, segment=segment, compat=compat, offset=offset,
                                 duration=duration, preset=preset)
        _extract_locked(summary, root, paths, output, errors, options, work, jobs, executor,
                        dask, progress, sort)
    summary.seconds = time.perf_counter() - t0
    return summary


def plan(summary: RunSummary, paths, done, what: str):
    """The files still to do, and each one's label. A file whose folder and file
    name repeat another's is a failure (its ``what`` would be indistinguishable);
    one whose ``(label, file name)`` is in ``done`` is skipped."""
    pending, labels, seen = [], {}, {}
    for p in paths:
        label = label_of(p)
        key = (label, p.name)
        if key in seen:
            summary.failed.append(
                (os.fspath(p), f"same folder and file name as {seen[key]}: its {what} would be "
                               "indistinguishable"))
            continue
        seen[key] = os.fspath(p)
        if key in done:
            summary.skipped += 1
            continue
        pending.append(p)
        labels[os.fspath(p)] = label
    return pending, labels


def collect(summary: RunSummary, pending, work, write, *, jobs, executor, dask, progress) -> None:
    """Run ``work`` on every pending file (locally or on dask) and hand each result to
    ``write(path, result)`` as it comes, in this thread; failures go to the summary.
    Ctrl-C stops the run with what was written kept (``summary.interrupted``)."""
    stream = None if progress is True else progress
    bar = Progress(len(pending), stream) if progress else None
    if dask:
        results = _run_dask(pending, work, dask, jobs)
    else:
        results = _run_local(pending, work, jobs, executor)
    try:
        for path, result, reason in results:
            path = os.fspath(path)
            if reason is None:
                write(path, result)
                summary.extracted += 1
            else:
                summary.failed.append((path, reason))
            if bar:
                bar.update(reason is None)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        results.close()
        if bar:
            bar.close()


def write_errors(summary: RunSummary, errors: Path) -> None:
    """List the run's failures (``path<TAB>reason``) in ``errors``, or remove an
    old list when there are none."""
    if summary.failed:
        with open(errors, "w", newline="", **_ENCODING) as f:
            f.write("path\treason\n")
            for path, reason in summary.failed:
                f.write(f"{tsv_field(path)}\t{tsv_field(reason)}\n")
    else:
        if errors.exists():
            errors.unlink()
        summary.errors_path = None


def _extract_locked(summary, root, paths, output, errors, options, work, jobs, executor, dask,
                    progress, sort) -> None:
    """extract_dir's work, with the output's lock held."""
    segment, preset = options["segment"], options["columns"]
    segmented = segment is not None
    settings = output.with_name(output.stem + ".settings.json")
    complete = _check_settings(settings, output, options)
    done = set()
    if output.exists():
        done = _read_existing(output, segment, complete, preset)[1]

    pending, labels = plan(summary, paths, done, "rows")
    _write_settings(settings, options)
    new = not output.exists() or output.stat().st_size == 0
    with open(output, "a", newline="", **_ENCODING) as out:
        if new:
            out.write(_csv_text(header_rows(preset)))
            out.flush()

        def write(path, rows):
            name = Path(os.path.relpath(path, root)).as_posix()
            out.write(_format_rows(rows, labels[path], preset, name))
            out.flush()
            summary.rows += len(rows)

        collect(summary, pending, work, write, jobs=jobs, executor=executor, dask=dask,
                progress=progress)
    write_errors(summary, errors)

    if sort and not summary.interrupted:
        with open(output, newline="", **_ENCODING) as f:
            rows = list(csv.reader(f))[len(header_rows(preset)):]
        rows.sort(key=lambda r: _sort_key(r, segmented))
        _write_atomic(output, rows, preset)
    if not summary.interrupted:  # every row on disk: a re-run trusts the last file's rows
        _write_settings(settings, options, complete=True)

