"""The working-time calendar, with batch methods over numpy arrays and sequences.

numpy stays optional: this module never imports it. A value is treated as a
numpy array only when numpy is already imported and the value is an
``ndarray``.
"""

from __future__ import annotations

import datetime as _dt
import math
import sys
from typing import Any, List, Tuple

from . import _core
from ._commands import is_numpy_bool
from ._errors import InvalidArgumentError, OutOfRangeError

# Seconds per datetime64 unit, as a fraction (numerator, denominator).
_UNIT_SECONDS = {
    "W": (604800, 1),
    "D": (86400, 1),
    "h": (3600, 1),
    "m": (60, 1),
    "s": (1, 1),
    "ms": (1, 10**3),
    "us": (1, 10**6),
    "ns": (1, 10**9),
    "ps": (1, 10**12),
    "fs": (1, 10**15),
    "as": (1, 10**18),
}

# The widest span, in years and months from 1970, of datetime64[Y] and [M]
# values converted to days: far beyond any calendar's tables, and small
# enough that numpy's conversion cannot overflow.
_MAX_YEARS = 10000
_MAX_MONTHS = 12 * _MAX_YEARS


def _numpy_for(value: Any) -> Any:
    """Return the numpy module when ``value`` is an ndarray, else None."""
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.ndarray):
        return numpy
    return None


def _first_index(numpy: Any, mask: Any) -> int:
    return int(numpy.flatnonzero(mask.reshape(-1))[0])


def _minutes_to_seconds(minutes: Any) -> int:
    if isinstance(minutes, bool) or is_numpy_bool(minutes) or not hasattr(type(minutes), "__index__"):
        raise InvalidArgumentError(
            f"minutes must be an int, not {type(minutes).__name__}",
            f"minutes 必须是 int，而不是 {type(minutes).__name__}",
        )
    seconds = int(minutes) * 60
    if not -(2**63) <= seconds < 2**63:
        raise OutOfRangeError(
            f"minutes {int(minutes)} is too large: the working time must fit in signed 64-bit seconds",
            f"minutes {int(minutes)} 过大：工作时间必须在有符号 64 位秒数范围内",
        )
    return seconds


def _timedelta_to_seconds(amount: Any) -> int:
    if not isinstance(amount, _dt.timedelta):
        raise InvalidArgumentError(
            f"amount must be a datetime.timedelta, not {type(amount).__name__}",
            f"amount 必须是 datetime.timedelta，而不是 {type(amount).__name__}",
        )
    if amount.microseconds:
        raise InvalidArgumentError(
            "amount has a fraction of a second; working time is counted in whole seconds",
            "amount 含有不足一秒的部分；工作时间以整秒计算",
        )
    return amount.days * 86400 + amount.seconds


class Calendar(_core.Calendar):
    """Working-time arithmetic on the official Chinese calendar.

    ``Calendar()`` uses the built-in State Council holiday data (2004 to
    2026) with the standard hours 08:30-12:00 and 13:00-17:00 at UTC+08:00,
    under strict coverage.

    Args:
        extra_files: a calendar JSON file, or an iterable of them, merged on
            top of the built-in data in order (see docs/calendar.md for the
            form). Their years become covered; their entries replace those
            of the same dates.
        coverage: ``"strict"`` raises :class:`CalendarNotCoveredError` for a
            computation that needs a year without official data.
            ``"provisional"`` counts such days on the weekly pattern and
            flags the result provisional.
        provisional_years: years after the last covered one for which the
            tables are built (0 to 50).

    Datetimes: an aware datetime is converted with its own ``utcoffset()``; a
    naive datetime is wall-clock time in the calendar's zone; an ISO 8601
    string is read as ``jishiban::parse_instant`` reads it. Microseconds are
    dropped, rounding toward the past. Results are aware datetimes with
    ``tzinfo=calendar.tzinfo``. The host's time zone is never used.

    A Calendar is immutable and may be used from several threads.
    """

    def add_working_minutes_batch(self, values: Any, minutes: int) -> Any:
        """Add working minutes to many instants at once; see :meth:`add_working_time_batch`."""
        return self._add_batch(values, _minutes_to_seconds(minutes))

    def add_working_time_batch(self, values: Any, amount: _dt.timedelta) -> Any:
        """Add working time (a timedelta of whole seconds) to many instants at once.

        ``values`` is one of:

        * a numpy ``datetime64`` array of any unit, read as wall-clock times
          in the calendar's zone like naive datetimes. Returns
          ``datetime64[s]`` in the same convention and shape. NaT raises
          :class:`InvalidArgumentError` naming its index.
        * a numpy integer array of Unix epoch seconds. Returns an ``int64``
          array of epoch seconds.
        * any other iterable of datetimes (or ISO 8601 strings). Returns a
          list of aware datetimes.

        The computation runs without the GIL. Fractions of a second are
        dropped toward the past, as for single values.
        """
        return self._add_batch(values, _timedelta_to_seconds(amount))

    def elapsed_working_time_batch(self, begins: Any, ends: Any) -> Any:
        """Return the working time between ``begins[i]`` and ``ends[i]`` for each i.

        Both arguments take the forms of :meth:`add_working_time_batch`, the
        same form and length for both. Returns ``timedelta64[s]`` for
        datetime64 arrays, ``int64`` seconds for integer arrays and a list of
        timedeltas for sequences.
        """
        numpy = _numpy_for(begins) or _numpy_for(ends)
        if numpy is None:
            return self._elapsed_list(begins, ends)
        if not (isinstance(begins, numpy.ndarray) and isinstance(ends, numpy.ndarray)):
            raise InvalidArgumentError(
                "begins and ends must both be numpy arrays or both be sequences",
                "begins 与 ends 必须同为 numpy 数组或同为序列",
            )
        if begins.shape != ends.shape:
            raise InvalidArgumentError(
                f"begins and ends must have the same shape, not {begins.shape} and {ends.shape}",
                f"begins 与 ends 的形状必须相同，而不是 {begins.shape} 与 {ends.shape}",
            )
        if begins.dtype.kind == "O" and ends.dtype.kind == "O":
            return self._elapsed_list(begins.reshape(-1).tolist(), ends.reshape(-1).tolist())
        if (begins.dtype.kind == "M") != (ends.dtype.kind == "M"):
            raise InvalidArgumentError(
                "begins and ends must both hold datetime64 values or both hold epoch seconds",
                "begins 与 ends 必须同为 datetime64 值或同为纪元秒数",
            )
        first = self._epoch_seconds(numpy, begins, "begins")
        last = self._epoch_seconds(numpy, ends, "ends")
        out = numpy.empty(first.shape, dtype=numpy.int64)
        self._elapsed_buffer(first, last, out)
        out = out.reshape(begins.shape)
        return out.view("timedelta64[s]") if begins.dtype.kind == "M" else out

    def _add_batch(self, values: Any, seconds: int) -> Any:
        numpy = _numpy_for(values)
        if numpy is None:
            return self._add_seconds_list(values, seconds)
        if values.dtype.kind == "O":
            return self._add_seconds_list(values.reshape(-1).tolist(), seconds)
        flat, numerator, denominator, wall_clock = _int64_view(numpy, values, "values")
        out = numpy.empty(flat.shape, dtype=numpy.int64)
        self._add_seconds_buffer(flat, seconds, out, numerator, denominator, wall_clock, wall_clock)
        out = out.reshape(values.shape)
        return out.view("datetime64[s]") if wall_clock else out

    def _epoch_seconds(self, numpy: Any, values: Any, field: str) -> Any:
        flat, numerator, denominator, wall_clock = _int64_view(numpy, values, field)
        out = numpy.empty(flat.shape, dtype=numpy.int64)
        self._decode_buffer(flat, out, numerator, denominator, wall_clock, wall_clock, field)
        return out


def _int64_view(numpy: Any, values: Any, field: str) -> Tuple[Any, int, int, bool]:
    """Return (contiguous 1-D int64 values, numerator, denominator, wall_clock) for an array.

    A datetime64 array gives its integer counts with the unit as seconds per
    count; an integer array gives epoch seconds.
    """
    kind = values.dtype.kind
    if kind == "M":
        return _datetime64_view(numpy, values, field) + (True,)
    if kind in "iu":
        # numpy.uint64 keeps the comparison in integers; a Python int would
        # compare as float64, where 2**63 - 1 rounds to 2**63.
        too_large = numpy.uint64(2**63 - 1)
        if kind == "u" and values.dtype.itemsize == 8 and values.size and values.max() > too_large:
            index = _first_index(numpy, values > too_large)
            raise OutOfRangeError(
                f"{field}[{index}] lies outside the signed 64-bit range",
                f"{field}[{index}] 超出有符号 64 位整数范围",
            )
        flat = numpy.ascontiguousarray(values.reshape(-1), dtype=numpy.int64)
        return flat, 1, 1, False
    raise InvalidArgumentError(
        f"{field} must hold datetime64 values or integer epoch seconds, not {values.dtype}",
        f"{field} 必须是 datetime64 值或整数纪元秒数，而不是 {values.dtype}",
    )


def _datetime64_view(numpy: Any, values: Any, field: str) -> Tuple[Any, int, int]:
    if not values.dtype.isnative:
        values = values.astype(values.dtype.newbyteorder("="))
    unit, count = numpy.datetime_data(values.dtype)
    if unit in ("Y", "M"):
        # Years and months have no fixed length: numpy converts them to days
        # once the NaT and range checks have passed.
        nat = numpy.isnat(values)
        if nat.any():
            index = _first_index(numpy, nat)
            raise InvalidArgumentError(
                f"{field}[{index}] is NaT (not a time); drop or fill the missing values first",
                f"{field}[{index}] 是 NaT（非时间值）；请先删除或填补缺失值",
            )
        limit = (_MAX_YEARS if unit == "Y" else _MAX_MONTHS) // count
        too_far = numpy.abs(values.view(numpy.int64)) > limit
        if too_far.any():
            index = _first_index(numpy, too_far)
            raise OutOfRangeError(
                f"{field}[{index}] lies more than {_MAX_YEARS} years from 1970",
                f"{field}[{index}] 距 1970 年超过 {_MAX_YEARS} 年",
            )
        values = values.astype("datetime64[D]")
        unit, count = "D", 1
    if unit not in _UNIT_SECONDS:
        raise InvalidArgumentError(
            f"{field} has the datetime64 unit {unit!r}; give a unit such as 's' or 'ns'",
            f"{field} 的 datetime64 单位为 {unit!r}；请给出 's' 或 'ns' 等单位",
        )
    numerator, denominator = _UNIT_SECONDS[unit]
    numerator *= count
    divisor = math.gcd(numerator, denominator)
    flat = numpy.ascontiguousarray(values.reshape(-1)).view(numpy.int64)
    return flat, numerator // divisor, denominator // divisor


__all__: List[str] = ["Calendar"]
