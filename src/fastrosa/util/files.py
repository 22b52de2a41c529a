"""Finding audio files (librosa.util.files' ``find_files``).

Adapted from librosa (ISC licence). The example recordings and ``cite`` of
that module are librosa's (they need its data index and pooch).
"""

from __future__ import annotations

import glob
import os
from typing import Any, List, Optional, Set, Union

__all__ = ["find_files"]


def find_files(
    directory: Union[str, "os.PathLike[Any]"],
    *,
    ext: Optional[Union[str, List[str]]] = None,
    recurse: bool = True,
    case_sensitive: bool = False,
    limit: Optional[int] = None,
    offset: int = 0,
) -> List[str]:
    """A sorted list of the (audio) files in a directory or directory tree.

    Parameters
    ----------
    directory : str or os.PathLike
        Where to look (``~`` is expanded).
    ext : str or list of str
        The file extension(s) to include; default
        ``['aac', 'au', 'flac', 'm4a', 'mp3', 'ogg', 'wav']``.
    recurse : bool
        If True, search every subfolder of ``directory`` too.
    case_sensitive : bool
        If False, the lower- and upper-case forms of each extension match
        (``wav`` and ``WAV``, not ``Wav``).
    limit : int > 0 or None
        Return at most ``limit`` files.
    offset : int
        Return the files from ``offset`` on in the sorted list (negative: from the end).

    Returns
    -------
    files : list of str
        Absolute paths, sorted.

    Examples
    --------
    >>> import os, tempfile, fastrosa
    >>> with tempfile.TemporaryDirectory() as top:
    ...     for name in ("b.wav", "a.WAV", "c.txt"):
    ...         open(os.path.join(top, name), "w").close()
    ...     [os.path.basename(f) for f in fastrosa.util.find_files(top)]
    ['a.WAV', 'b.wav']
    """
    if ext is None:
        ext = ["aac", "au", "flac", "m4a", "mp3", "ogg", "wav"]
    elif isinstance(ext, str):
        ext = [ext]

    extensions = set(ext)

    if not case_sensitive:
        extensions = {e.lower() for e in extensions}
        extensions |= {e.upper() for e in extensions}

    fileset: Set[str] = set()

    if recurse:
        for walk in os.walk(directory):
            fileset |= _get_files(walk[0], extensions)
    else:
        fileset = _get_files(directory, extensions)

    files = sorted(fileset)
    files = files[offset:]
    if limit is not None:
        files = files[:limit]

    return files


def _get_files(dir_name: Union[str, "os.PathLike[Any]"], extensions: Set[str]) -> Set[str]:
    """The files of one directory with any of ``extensions``."""
    dir_name = os.path.abspath(os.path.expanduser(dir_name))

    myfiles: Set[str] = set()
    for sub_ext in extensions:
        globstr = os.path.join(dir_name, "*" + os.path.extsep + sub_ext)
        myfiles |= set(glob.glob(globstr))

    return myfiles
