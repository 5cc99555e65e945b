"""Text from student code, made safe for a terminal, a CSV file or an HTML page.

A student controls every string their code produces: an error message, a file name, a notebook's
name. Before such a string reaches the class table (a terminal), a CSV file or a report page it
passes through ``printable``: control characters (terminal escapes such as ``\\x1b[2K``, carriage
returns, bells) and format characters (U+202E, which reverses text) are shown as escapes instead
of acting, bytes that are not UTF-8 (a file name from a Windows zip) are shown as ``\\xce``-style
escapes instead of raising ``UnicodeEncodeError``, and the length is capped. HTML pages escape the result as well
(``html.escape``, or Jinja's autoescape).
"""

from __future__ import annotations

import os
import re
import unicodedata

# C0 and C1 control characters and DEL; tab and newline are kept only where a caller allows them
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_AND_NEWLINES = re.compile(r"[\x00-\x1f\x7f-\x9f]")
FORMAT = ("Cf", "Zl", "Zp")  # Unicode's format characters and line/paragraph separators


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def printable(text: object, *, limit: int = 500, newlines: bool = False) -> str:
    """``text`` as one safe line (or lines, with ``newlines=True``) of at most ``limit`` characters.

    Undecodable bytes carried as surrogates (``os.fsdecode`` of a non-UTF-8 name) become ``\\xNN``.
    """
    value = str(text)
    if any("\udc80" <= char <= "\udcff" for char in value):
        value = os.fsencode(value).decode("utf-8", errors="backslashreplace")
    value = value.encode("utf-8", errors="backslashreplace").decode("utf-8")
    value = (_CONTROL if newlines else _CONTROL_AND_NEWLINES).sub(_escape, value)
    # format characters (U+202E right-to-left override, zero-width joiners) reorder or hide text
    value = "".join(f"\\u{ord(char):04x}" if unicodedata.category(char) in FORMAT else char for char in value)
    return value if len(value) <= limit else value[: limit - 3] + "..."


def is_utf8_name(name: str) -> bool:
    """Is a file name (as ``os.fsdecode`` gives it) valid UTF-8, with no undecodable bytes?"""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
