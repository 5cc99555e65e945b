"""Unit tests of autograder.checks: a pass prints one ✓ line, a failure explains itself."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import (
    CheckFailure,
    check_close,
    check_equal,
    check_no_warnings,
    check_raises,
    check_rel_error,
    check_shape,
    check_true,
    rel_error,
)


def failure(func, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as info:
        func(*args, **kwargs)
    return str(info.value)


def test_check_close_passes_with_one_line(capsys) -> None:
    check_close(np.array([0.5, 1.0]), [0.5, 1.0], "sigmoid(0)")
    assert capsys.readouterr().out == "✓ sigmoid(0)\n"


def test_check_close_reports_expected_got_index_and_hint() -> None:
    message = failure(check_close, np.array([1.0, 2.0, 3.5]), [1.0, 2.0, 3.0], "case x", hint="look at the end")
    assert "case x: values differ" in message
    assert "at (2,): expected 3, got 3.5" in message
    assert "1 of 3 entries differ" in message
    assert "hint: look at the end" in message


def test_check_close_shape_mismatch_is_not_broadcast() -> None:
    message = failure(check_close, np.ones((3, 1)), np.ones(3), "shape case")
    assert "wrong shape" in message and "(3,)" in message and "(3, 1)" in message


def test_check_close_none_says_forgot_return() -> None:
    assert "forget to `return`" in failure(check_close, None, [1.0], "no return")


def test_check_close_nan_is_explained_and_matches_only_nan() -> None:
    assert "nan" in failure(check_close, np.array([np.nan]), [1.0], "nan case")
    check_close(np.array([np.nan, 1.0]), [np.nan, 1.0], "nan matches nan")


def test_check_close_rejects_non_numbers() -> None:
    assert "expected numbers" in failure(check_close, "0.5", [0.5], "string")


def test_check_shape() -> None:
    check_shape(np.zeros((2, 3)), (2, 3), "shape")
    assert "expected shape: (3, 2)" in failure(check_shape, np.zeros((2, 3)), (3, 2), "shape")


def test_check_equal_for_arrays_and_tuples() -> None:
    check_equal(np.array([1, 2]), np.array([1, 2]), "ints")
    check_equal((1, "a"), (1, "a"), "tuple")
    assert "not equal" in failure(check_equal, np.array([1, 2]), np.array([1, 2, 3]), "lengths")


def test_check_true_says_expected_and_got() -> None:
    message = failure(check_true, False, "decreasing", expected="a falling loss", got="it rose")
    assert "expected: a falling loss" in message and "got:      it rose" in message


def test_check_raises_accepts_the_right_exception_and_message() -> None:
    def bad() -> None:
        raise ValueError("XOR is not linearly separable")

    check_raises(bad, ValueError, "xor", match="linearly separable")
    assert "does not say" in failure(check_raises, bad, ValueError, "xor", match="hidden layer")


def test_check_raises_does_not_accept_a_stub() -> None:
    def stub() -> None:
        raise NotImplementedError()

    message = failure(check_raises, stub, ValueError, "stub")
    assert "wrong exception" in message and "NotImplementedError" in message


def test_check_raises_when_nothing_is_raised() -> None:
    assert "did not raise ValueError" in failure(check_raises, lambda: 3, ValueError, "quiet")


def test_check_no_warnings_catches_overflow_and_keeps_stderr_clean(capfd) -> None:
    message = failure(check_no_warnings, lambda: np.exp(np.array([1000.0])), "exp(1000)")
    assert "RuntimeWarning" in message and "overflow" in message
    assert capfd.readouterr().err == ""
    assert check_no_warnings(lambda: 2.0, "quiet") == 2.0


def test_rel_error_and_check() -> None:
    assert rel_error([1.0], [1.0]) == 0.0
    check_rel_error(np.array([1.0, 2.0]), [1.0, 2.0 + 1e-9], "grad", tol=1e-7)
    assert "relative error" in failure(check_rel_error, np.array([1.0]), [2.0], "grad")
    assert "above" in failure(check_rel_error, np.array([np.nan]), [2.0], "nan grad")


def test_failures_are_assertion_errors() -> None:
    assert issubclass(CheckFailure, AssertionError)


def test_check_no_warnings_allows_underflow() -> None:
    """A stable softmax or sigmoid computes exp(-1000) = 0: underflow is not a mistake."""
    assert check_no_warnings(lambda: np.exp(np.array([-1000.0])), "exp(-1000)")[0] == 0.0
