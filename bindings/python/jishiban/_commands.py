"""Turning a command dict into the command JSON of command_json.hpp.

The C++ parser checks the keys and their types. This module checks the
values that JSON text cannot carry faithfully. These are text that is not
valid Unicode, and values of Python types other than those of JSON. They
also include integers outside the signed 64-bit range, which a JSON reader
would otherwise turn into a float or an unsigned value. Nesting deeper than
the C++ reader accepts is rejected before the recursion here runs out of
stack.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import operator
from typing import Any, Callable, Mapping, Union

from ._errors import InvalidArgumentError, InvalidDataError, OutOfRangeError

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1

# The deepest nesting of dicts and lists, the top level counted as 1, that
# the C++ JSON reader accepts (kMaxJsonDepth in src/detail/strict_json.hpp).
# Checking it here also stops a dict that contains itself.
_MAX_DEPTH = 16

# Formats a datetime as RFC 3339 text under the calendar's rule for naive values.
InstantFormatter = Callable[[_dt.datetime], str]


def command_text(command: Union[Mapping[str, Any], str, bytes], format_instant: InstantFormatter) -> str:
    """Return the JSON text of a command given as a dict, or as JSON text already."""
    if isinstance(command, (str, bytes)):
        return _text(command, "command")
    if not isinstance(command, Mapping):
        raise InvalidArgumentError(
            f"command must be a dict (or JSON text), not {type(command).__name__}",
            f"command 必须是 dict（或 JSON 文本），而不是 {type(command).__name__}",
        )
    return json_text(command, "command", format_instant)


def json_text(value: Any, path: str, format_instant: InstantFormatter) -> str:
    """Return ``value`` as JSON text after the checks of this module; ``path`` names it in errors."""
    return json.dumps(
        _json_value(value, path, format_instant, 0), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    )


def is_numpy_bool(value: Any) -> bool:
    """Return whether ``value`` is a numpy.bool_, which has ``__index__`` but is not an integer."""
    kind = type(value)
    return kind.__module__ == "numpy" and kind.__name__ in ("bool_", "bool")


def _text(value: Union[str, bytes], path: str) -> str:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidDataError(
                f"{path} is bytes that are not valid UTF-8, such as GBK text; decode them with their encoding "
                "and pass a str",
                f"{path} 是无效 UTF-8 的字节串（例如 GBK 文本）；请按其编码解码后传入 str",
            ) from None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidDataError(
            f"{path} is not valid Unicode text: it contains a lone surrogate, such as a byte that is not UTF-8 "
            'decoded with errors="surrogateescape"; decode the bytes with their real encoding first',
            f'{path} 不是有效的 Unicode 文本：含有孤立代理项，例如以 errors="surrogateescape" 解码的非 UTF-8 '
            "字节；请先用原来的编码解码",
        ) from None
    return value


def _json_value(value: Any, path: str, format_instant: InstantFormatter, depth: int) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if is_numpy_bool(value):
        return bool(value)
    if isinstance(value, (str, bytes)):
        return _text(value, path)
    if isinstance(value, int) or (hasattr(type(value), "__index__") and not isinstance(value, float)):
        number = operator.index(value)
        if not _INT64_MIN <= number <= _INT64_MAX:
            quoted = str(number) if abs(number) < 10**60 else "an integer of more than 60 digits"
            raise OutOfRangeError(
                f"{path} {quoted} lies outside the signed 64-bit range -2**63 to 2**63-1",
                f"{path} {quoted} 超出有符号 64 位整数范围（-2**63 至 2**63-1）",
            )
        return number
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidArgumentError(f"{path} is {value!r}, which JSON cannot carry", f"{path} 为 {value!r}，JSON 无法表示")
        return value
    if isinstance(value, _dt.datetime):
        return format_instant(value)
    if isinstance(value, (Mapping, list, tuple)) and depth >= _MAX_DEPTH:
        raise InvalidDataError(
            f"{path} is nested deeper than {_MAX_DEPTH} levels of dicts and lists, or contains itself",
            f"{path} 的 dict 与 list 嵌套超过 {_MAX_DEPTH} 层，或包含其自身",
        )
    if isinstance(value, Mapping):
        result = {}
        for key, item in value.items():
            if not isinstance(key, (str, bytes)):
                raise InvalidArgumentError(
                    f"{path} has a key of type {type(key).__name__}; keys must be str",
                    f"{path} 含有类型为 {type(key).__name__} 的键；键必须是 str",
                )
            name = _text(key, f"a key of {path}")
            result[name] = _json_value(item, f"{path}.{name}", format_instant, depth + 1)
        return result
    if isinstance(value, (list, tuple)):
        return [_json_value(item, f"{path}[{index}]", format_instant, depth + 1) for index, item in enumerate(value)]
    raise InvalidArgumentError(
        f"{path} has the type {type(value).__name__}, which a command cannot carry; use str, int, bool, None, "
        "datetime, list or dict",
        f"{path} 的类型为 {type(value).__name__}，命令无法携带；请使用 str、int、bool、None、datetime、list 或 dict",
    )
