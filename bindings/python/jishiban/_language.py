"""The language of the messages meant for people: errors, reports, logs."""

from __future__ import annotations

import os

# Chinese when LANG starts with "zh", as jishiban::language_from_environment.
_current = "zh" if os.environ.get("LANG", "").startswith("zh") else "en"

_NAMES = {"en": "en", "zh": "zh", "zh_CN": "zh", "zh-CN": "zh"}


def set_language(language: str) -> None:
    """Set the language of error messages, reports and log lines.

    ``language`` is ``"en"`` or ``"zh"`` (``"zh_CN"`` and ``"zh-CN"`` also
    mean Chinese). The setting is process-wide and applies to ``str()`` of
    every :class:`jishiban.Error`, including errors raised before the change.
    """
    name = _NAMES.get(language) if isinstance(language, str) else None
    if name is None:
        from ._errors import InvalidArgumentError

        quoted = repr(language)[:60]
        raise InvalidArgumentError(
            f'language must be "en" or "zh", not {quoted}',
            f'language 必须是 "en" 或 "zh"，而不是 {quoted}',
        )
    global _current
    _current = name


def get_language() -> str:
    """Return the current language, ``"en"`` or ``"zh"``."""
    return _current
