"""Checks that graded test cells call, so that a failure explains itself.

Every check either prints one short line starting with ✓ or raises ``AssertionError`` whose
message says which case failed, what was expected, what came, and a hint. Nothing is written
to stderr: nbgrader gives 0 points to a graded cell that writes to stderr.

These messages are for the learner, in the notebook. They decide no grade: while a notebook is
graded, each check first records the value it checks (:mod:`autograder.record`), and the judge
compares that value with the reference solution's, outside the student's kernel.

Typical use in a test cell::

    from autograder.checks import check_close
    check_close(sigmoid(np.array([0.0])), [0.5], "sigmoid(0)", hint="1 / (1 + e^0) = 0.5")
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograder.language import say
from autograder.record import record

__all__ = [
    "CheckFailure",
    "check_close",
    "check_equal",
    "check_no_warnings",
    "check_raises",
    "check_rel_error",
    "check_shape",
    "check_true",
    "rel_error",
]

_MAX_SHOWN = 5  # how many differing entries a message lists


class CheckFailure(AssertionError):
    """A failed check; an AssertionError, so nbgrader and pytest treat it as a failed test."""

    result: Any = None  # check_no_warnings: what the call returned


def _passed(name: str) -> None:
    print(f"✓ {name}")  # the name as given; callers build it with say()


def _fail(name: str, problem: str, lines: Sequence[str] = (), hint: str = "") -> None:
    message = [f"{name}: {problem}"]
    message += [f"  {line}" for line in lines]
    if hint:
        message.append("  " + say("hint: {hint}", hint=hint))
    raise CheckFailure("\n".join(message))


def _short(value: Any, limit: int = 300) -> str:
    """A one-line, length-limited repr (arrays printed compactly)."""
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=6, threshold=20, edgeitems=3, separator=", ")
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _expected_got(expected: Any, got: Any) -> list[str]:
    """The two lines that show what was expected and what came, in the notebook's language."""
    return [say("expected: {value}", value=expected), say("got:      {value}", value=got)]


def _as_array(actual: Any, name: str, hint: str) -> np.ndarray:
    if actual is None:
        _fail(name, say("got None"), [say("did the function forget to `return` its result?")], hint)
    try:
        array = np.asarray(actual)
    except Exception as error:  # ragged lists and the like
        _fail(
            name,
            say("cannot be read as an array ({error})", error=error),
            [say("got: {value}", value=_short(actual))],
            hint,
        )
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        _fail(
            name,
            say("expected numbers, got dtype {dtype}", dtype=array.dtype),
            [say("got: {value}", value=_short(actual))],
            hint,
        )
    return array


def check_shape(actual: Any, expected_shape: tuple[int, ...], name: str, *, hint: str = "") -> None:
    """Check that ``actual`` (an array or array-like) has exactly ``expected_shape``."""
    record(f"{name}: shape", actual, rule="shape", hint=hint, visible=True)
    array = _as_array(actual, name, hint)
    expected_shape = tuple(expected_shape)
    if array.shape != expected_shape:
        _fail(
            name,
            say("wrong shape"),
            [say("expected shape: {shape}", shape=expected_shape), say("got shape:      {shape}", shape=array.shape)],
            hint,
        )
    _passed(say("{name}: shape {shape}", name=name, shape=expected_shape))


def check_close(
    actual: Any,
    expected: Any,
    name: str,
    *,
    atol: float = 1e-8,
    rtol: float = 1e-6,
    hint: str = "",
) -> None:
    """Check that ``actual`` equals ``expected`` within ``atol + rtol * |expected|``, entrywise.

    Shapes must match exactly (no broadcasting); NaN matches only NaN. On failure the message
    lists the first differing entries with their indices.
    """
    record(name, actual, rule="close", atol=atol, rtol=rtol, hint=hint, visible=True, expected=expected)
    got = _as_array(actual, name, hint)
    want = np.asarray(expected, dtype=float)
    if got.shape != want.shape:
        _fail(
            name,
            say("wrong shape"),
            [
                say("expected shape: {shape}", shape=want.shape),
                say("got shape:      {shape}", shape=got.shape),
                *_expected_got(_short(want), _short(got)),
            ],
            hint,
        )
    got = got.astype(float)
    bad = ~np.isclose(got, want, atol=atol, rtol=rtol, equal_nan=True)
    if bad.any():
        indices = np.argwhere(bad)[:_MAX_SHOWN]
        lines = _expected_got(_short(want), _short(got))
        template = "{bad} of {size} entries differ (atol={atol:g}, rtol={rtol:g}); first:"
        lines.append(say(template, bad=int(bad.sum()), size=bad.size, atol=atol, rtol=rtol))
        for index in indices:
            position = tuple(int(i) for i in index)
            template = "  at {position}: expected {want:.8g}, got {got:.8g}"
            lines.append(say(template, position=position, want=want[position], got=got[position]))
        if np.isnan(got).any() and not np.isnan(want).any():
            lines.append(say("the result contains nan: look for 0/0, inf - inf or log of a negative number"))
        _fail(name, say("values differ"), lines, hint)
    _passed(name)


def check_equal(actual: Any, expected: Any, name: str, *, hint: str = "") -> None:
    """Check exact equality: for integers, booleans, strings, index arrays and tuples of them."""
    record(name, actual, rule="equal", hint=hint, visible=True, expected=expected)
    if isinstance(expected, np.ndarray) or isinstance(actual, np.ndarray):
        got, want = np.asarray(actual), np.asarray(expected)
        same = got.shape == want.shape and bool(np.all(got == want))
    else:
        same = actual == expected
    if not same:
        _fail(name, say("not equal"), _expected_got(_short(expected), _short(actual)), hint)
    _passed(name)


def check_true(condition: bool, name: str, *, expected: str = "", got: str = "", hint: str = "") -> None:
    """Check a condition that none of the other checks expresses; say what was wanted and seen.

    The judge sees only whether the condition held (``expected`` is shown to describe it); give the
    values behind it their own ``check_close``/``record`` where they can be compared.
    """
    record(name, bool(condition), rule="equal", hint=hint, visible=True, expected=expected or True)
    if not condition:
        lines = [say("expected: {value}", value=expected)] if expected else []
        lines += [say("got:      {value}", value=got)] if got else []
        _fail(name, say("check failed"), lines, hint)
    _passed(name)


def check_raises(
    func: Callable[[], Any],
    exception: type[BaseException],
    name: str,
    *,
    match: str | None = None,
    hint: str = "",
) -> None:
    """Check that calling ``func()`` raises ``exception`` (and, if given, a message matching ``match``).

    A different exception, such as the ``NotImplementedError`` of an untouched stub, fails.
    """
    try:
        result = func()
    except Exception as error:
        _record_raised(name, error, match, hint)
        if not isinstance(error, exception):
            _fail(
                name,
                say("raised the wrong exception"),
                _expected_got(exception.__name__, f"{type(error).__name__}: {error}"),
                hint,
            )
        if match is not None and not re.search(match, str(error), flags=re.IGNORECASE):
            _fail(
                name,
                say("{exception} raised, but its message does not say what is wrong", exception=exception.__name__),
                [
                    say("expected the message to match: {match}", match=repr(match)),
                    say("got: {value}", value=repr(str(error))),
                ],
                hint,
            )
        _passed(say("{name} raises {exception}", name=name, exception=exception.__name__))
        return
    record(f"{name} raises", {"raised": [], "message": ""}, rule="raises", match=match, hint=hint, visible=True)
    _fail(
        name,
        say("did not raise {exception}", exception=exception.__name__),
        [say("it returned: {value}", value=_short(result))],
        hint,
    )


def _record_raised(name: str, error: Exception, match: str | None, hint: str) -> None:
    outcome = {"raised": [cls.__name__ for cls in type(error).__mro__], "message": str(error)[:2000]}
    record(f"{name} raises", outcome, rule="raises", match=match, hint=hint, visible=True)


def check_no_warnings(func: Callable[[], Any], name: str, *, hint: str = "") -> Any:
    """Call ``func()`` and check that it emits no warning (numpy overflow, divide by zero, invalid, ...).

    Underflow is not a warning (as in numpy's defaults): exp(-1000) rounding to 0 is what a stable
    implementation does. Returns what ``func()`` returned, so the result can be checked further.
    Warnings are caught, so none reaches stderr.
    """
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("always")
        result = func()
    categories = sorted({w.category.__name__ for w in caught})
    record(f"{name}: no warnings", categories, rule="equal", hint=hint, visible=True, expected=[])
    if caught:
        messages = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
        try:
            _fail(name, say("emitted {count} warning(s)", count=len(caught)), messages[:_MAX_SHOWN], hint)
        except CheckFailure as failure:
            failure.result = result  # what the call returned, for a caller that goes on (the mutation gate)
            raise
    _passed(say("{name}: no warnings", name=name))
    return result


def rel_error(a: Any, b: Any) -> float:
    """Largest relative error max |a - b| / max(|a| + |b|, 1e-12), as used in gradient checks."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12)))


def check_rel_error(actual: Any, expected: Any, name: str, *, tol: float = 1e-6, hint: str = "") -> None:
    """Check that the relative error between ``actual`` and ``expected`` is below ``tol``."""
    record(name, actual, rule="rel_error", tol=tol, hint=hint, visible=True, expected=expected)
    got = _as_array(actual, name, hint)
    want = np.asarray(expected, dtype=float)
    if got.shape != want.shape:
        shapes = [say("expected shape: {shape}", shape=want.shape), say("got shape:      {shape}", shape=got.shape)]
        _fail(name, say("wrong shape"), shapes, hint)
    error = rel_error(got, want)
    if not error < tol:  # also catches nan
        _fail(
            name,
            say("relative error {error:.3g} is above {tol:g}", error=error, tol=tol),
            _expected_got(_short(want), _short(got)),
            hint,
        )
    _passed(say("{name}: relative error {error:.1e}", name=name, error=error))
