"""The exception classes: one per error code of jishiban::ErrorCode."""

from __future__ import annotations

from typing import Dict, Optional, Type

from ._language import get_language


class Error(Exception):
    """An error of the library, with a stable code and messages in two languages.

    Catch a subclass to handle one kind of failure, or ``Error`` for all. The
    code numbers are those of the C++ ``jishiban::ErrorCode`` and never
    change. ``str()`` returns the message in the current language (see
    :func:`jishiban.set_language`); the wording is for people and may change
    between releases, so branch on the class or on :attr:`code`.
    """

    #: The stable code number, equal to the C++ ErrorCode value.
    code: int = 0
    #: The stable code name, such as ``"not_found"``.
    code_name: str = "unknown"

    def __init__(self, message_en: str, message_zh: Optional[str] = None) -> None:
        super().__init__(message_en, message_zh)
        self.message_en: str = message_en
        self.message_zh: str = message_zh if message_zh is not None else message_en

    @property
    def message(self) -> str:
        """The message in the current language."""
        return self.message_zh if get_language() == "zh" else self.message_en

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code}, message_en={self.message_en!r})"


class InvalidArgumentError(Error):
    """A value given by the caller is malformed or outside its domain (code 1)."""

    code = 1
    code_name = "invalid_argument"


class InvalidDataError(Error):
    """A file, JSON text or string is malformed or not valid UTF-8 (code 2)."""

    code = 2
    code_name = "invalid_data"


class CalendarNotCoveredError(Error):
    """Under strict coverage, a computation needs a year without official data (code 3)."""

    code = 3
    code_name = "calendar_not_covered"


class OutOfRangeError(Error):
    """A value lies outside the range the library can represent or has tables for (code 4)."""

    code = 4
    code_name = "out_of_range"


class StorageIOError(Error):
    """A file could not be read or written (code 5, io_error)."""

    code = 5
    code_name = "io_error"


class NotFoundError(Error):
    """The ticket, actor or unit named does not exist (code 6)."""

    code = 6
    code_name = "not_found"


class ConflictError(Error):
    """The ticket changed since the caller read it, or a key is in use (code 7)."""

    code = 7
    code_name = "conflict"


class ForbiddenError(Error):
    """The actor's role or unit does not allow the action on this ticket (code 8)."""

    code = 8
    code_name = "forbidden"


class InvalidTransitionError(Error):
    """The command is not allowed in the ticket's current state (code 9)."""

    code = 9
    code_name = "invalid_transition"


class BusyError(Error):
    """Another process held the database's write lock too long; nothing was written (code 10)."""

    code = 10
    code_name = "busy"


_BY_CODE: Dict[int, Type[Error]] = {
    cls.code: cls
    for cls in (
        InvalidArgumentError,
        InvalidDataError,
        CalendarNotCoveredError,
        OutOfRangeError,
        StorageIOError,
        NotFoundError,
        ConflictError,
        ForbiddenError,
        InvalidTransitionError,
        BusyError,
    )
}


def error_class(code: int) -> Type[Error]:
    """Return the exception class of an error code, or :class:`Error` for an unknown one."""
    return _BY_CODE.get(code, Error)


def _from_native(code: int, message_en: str, message_zh: str) -> Error:
    """Build the exception for a jishiban::Error; the C++ translator calls this."""
    cls = error_class(code)
    error = cls(message_en, message_zh)
    if cls is Error:
        # A code newer than this module: keep its number and name.
        from . import _core

        error.code = code
        error.code_name = _core.error_code_name(code)
    return error
