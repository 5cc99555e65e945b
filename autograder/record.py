"""The kernel's side of grading: a graded cell records what the student's code returned; it judges nothing.

While a notebook is graded, the kernel runs with ``COURSE_RECORD=1``. Then every ``record`` call
(and every visible check of :mod:`autograder.checks`) emits one output of the course's MIME type
into the graded cell: the case's name, the value, and the rule to compare it by. The judge
(``autograder/grading/judge.py``) reads these outputs after the kernel is gone and compares each
value with the value the reference solution recorded for the same case in a trusted kernel, by the
*reference's* rule. Expected values, tolerances and verdicts never enter the student's kernel, so
code in that kernel can switch off a check or fake an output, but it cannot make a wrong value right.

A hidden test therefore only calls the student's function on inputs it builds and records the
result::

    r = np.random.default_rng(123)
    Z = r.normal(0.0, 5.0, size=(4, 3, 2))
    record("sigmoid of a random (4, 3, 2) array", sigmoid(Z), hint="...")
    record("sigmoid leaves its input unchanged", Z, rule="equal")

Properties are recorded as values too: the input after the call, the warnings a call emitted
(``record_warnings``), what a call raised (``record_raises``).

Without ``COURSE_RECORD=1`` (a learner's own JupyterLab) nothing is emitted. Rules:

``close``      same shape, numbers equal within ``atol + rtol * |reference|`` (NaN only where the reference has NaN)
``equal``      exactly equal: integers, booleans, strings, index arrays, sequences of them
``shape``      an array of numbers of the reference's shape (values not compared)
``dtype``      an array whose dtype is the reference's (``float64``)
``set``        the same values in any order (flattened, as a sorted list)
``rel_error``  max |a - b| / max(|a| + |b|, 1e-12) below ``tol``, as in gradient checks
``raises``     raised the reference's exception class (or a subclass); its message matches ``match``
"""

from __future__ import annotations

import base64
import os
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

MIME = "application/vnd.dl-course.record+json"
SWITCH = "COURSE_RECORD"  # "1" in a kernel whose graded cells record
RULES = ("close", "equal", "shape", "dtype", "set", "rel_error", "raises")
FORMAT = 1  # the record format; the reference cache is rebuilt when it changes
MAX_ARRAY_BYTES = 64 * 2**20  # a bigger value is recorded as too big (the judge fails it)
MAX_TEXT = 2000  # characters of a string value, a case name or a hint
MAX_ITEMS = 64  # items of a tuple, list or dict kept
MAX_DEPTH = 4  # nesting of tuples, lists and dicts kept
NUMERIC_KINDS = "biufc"  # bool, int, unsigned, float, complex
_NOTHING = object()

__all__ = ["MIME", "RULES", "SWITCH", "encode", "record", "record_raises", "record_warnings", "recording"]


def recording() -> bool:
    """Is this kernel being graded (``COURSE_RECORD=1``)?"""
    return os.environ.get(SWITCH) == "1"


def record(
    case: str,
    value: Any,
    *,
    rule: str = "close",
    atol: float = 1e-8,
    rtol: float = 1e-6,
    tol: float = 1e-6,
    match: str | None = None,
    hint: str = "",
    visible: bool = False,
    expected: Any = _NOTHING,
) -> None:
    """Record ``value`` under ``case`` (unique within the graded cell) for the judge; no verdict here.

    ``rule`` and its parameters (``atol``/``rtol`` for close, ``tol`` for rel_error, ``match`` for
    raises) are read by the judge from the reference's record; ``hint`` is shown when the case fails.
    ``visible`` and ``expected`` are for visible checks: the judge shows expected vs got for them.
    """
    if not recording():
        return
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}: one of {', '.join(RULES)}")
    payload: dict[str, Any] = {
        "format": FORMAT,
        "case": str(case)[:MAX_TEXT],
        "value": encode(value),
        "rule": {"name": rule, "atol": float(atol), "rtol": float(rtol), "tol": float(tol), "match": match},
        "hint": str(hint)[:MAX_TEXT],
        "visible": bool(visible),
    }
    if expected is not _NOTHING:
        payload["expected"] = encode(expected)
    _publish(payload)


def record_warnings(case: str, func: Callable[[], Any], *, hint: str = "", visible: bool = False) -> Any:
    """Call ``func()``, record the classes of the warnings it emitted (numpy's overflow, divide,
    invalid; underflow is not one) under ``case``, and return what it returned."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("always")
        result = func()
    names = sorted({warning.category.__name__ for warning in caught})
    record(case, names, rule="equal", hint=hint, visible=visible, expected=[] if visible else _NOTHING)
    return result


def record_raises(
    case: str, func: Callable[[], Any], *, match: str | None = None, hint: str = "", visible: bool = False
) -> None:
    """Call ``func()`` and record what it raised (the exception's classes and message) or that it
    returned; the judge checks the reference's exception class and, if given, ``match``."""
    try:
        func()
    except Exception as error:
        outcome: dict[str, Any] = {
            "raised": [cls.__name__ for cls in type(error).__mro__][:MAX_ITEMS],
            "message": str(error)[:MAX_TEXT],
        }
    else:
        outcome = {"raised": [], "message": ""}
    record(case, outcome, rule="raises", match=match, hint=hint, visible=visible)


def encode(value: Any, depth: int = 0) -> dict[str, Any]:
    """A JSON-safe description of ``value``: arrays of numbers as raw bytes (base64), never a repr."""
    try:
        return _encode(value, depth)
    except Exception as error:  # a value whose own code raises while it is read
        return {"kind": "unreadable", "type": type(value).__name__[:100], "error": type(error).__name__[:100]}


def _encode(value: Any, depth: int) -> dict[str, Any]:
    if value is None:
        return {"kind": "none"}
    if isinstance(value, str):
        return {"kind": "str", "value": value[:MAX_TEXT], "length": len(value)}
    if isinstance(value, dict):
        if depth >= MAX_DEPTH:
            return {"kind": "too_deep", "type": "dict"}
        pairs = list(value.items())[:MAX_ITEMS]
        return {"kind": "dict", "items": [[str(key)[:200], _encode(item, depth + 1)] for key, item in pairs]}
    array = _as_numbers(value)
    if array is not None:
        if array.nbytes > MAX_ARRAY_BYTES:
            return {"kind": "too_big", "shape": list(array.shape), "dtype": array.dtype.str}
        data = np.ascontiguousarray(array).tobytes()
        return {
            "kind": "array",
            "dtype": array.dtype.str,
            "shape": list(array.shape),
            "data": base64.b64encode(data).decode("ascii"),
        }
    if isinstance(value, list | tuple):
        if depth >= MAX_DEPTH:
            return {"kind": "too_deep", "type": type(value).__name__}
        items = [_encode(item, depth + 1) for item in list(value)[:MAX_ITEMS]]
        return {"kind": "sequence", "type": type(value).__name__, "length": len(value), "items": items}
    return {"kind": "other", "type": type(value).__name__[:100]}


def _as_numbers(value: Any) -> np.ndarray | None:
    """``value`` as an ndarray of numbers (bool, int, float, complex), or None if it is not one."""
    if isinstance(value, np.ndarray | np.generic | int | float | complex):
        array = np.asarray(value)
    elif isinstance(value, list | tuple):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ragged lists: numpy warns or raises, both mean "not numbers"
            try:
                array = np.asarray(value)
            except (ValueError, TypeError):
                return None
    else:
        # torch tensors and other array-likes: only what converts without copying objects
        if not hasattr(value, "__array__"):
            return None
        array = np.asarray(value)
    if array.dtype.kind not in NUMERIC_KINDS:
        return None
    return array.astype(array.dtype.newbyteorder("<")) if array.dtype.byteorder == ">" else array


def _publish(payload: dict[str, Any]) -> None:
    """One display output of the course's MIME type (nothing outside an IPython kernel)."""
    from IPython import get_ipython

    if get_ipython() is None:
        return
    from IPython.display import publish_display_data

    publish_display_data({MIME: payload})
