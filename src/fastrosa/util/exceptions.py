"""Exception classes for fastrosa (same names as librosa's)."""


class LibrosaError(Exception):
    """The root fastrosa exception class (named as librosa's, for drop-in use)."""


class ParameterError(LibrosaError):
    """Exception class for mal-formed inputs."""


FastrosaError = LibrosaError

__all__ = ["LibrosaError", "ParameterError", "FastrosaError"]
