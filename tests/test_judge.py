"""The judge (autograder/grading/judge.py) and the records it reads (autograder/record.py), without a kernel.

A record is what a graded cell emits in the student's kernel; the judge compares it with the
reference's record of the same case by the reference's rule. Whatever a record holds — missing,
twice, malformed, non-finite, the wrong shape, a hostile object — the judge fails that case with a
reason and never raises; and its messages never show a hidden case's expected value or text the
student's code chose.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from autograder.grading.judge import MIME, describe, judge_cell, kernel_problem
from autograder.record import encode

HINT = "sigma(z) = 1 / (1 + e^(-z))"


def payload(case: str, value: Any, rule: str = "close", visible: bool = False, **params: Any) -> dict[str, Any]:
    """A record as ``autograder.record.record`` emits it (the same fields, the same encoding)."""
    entry = {
        "format": 1,
        "case": case,
        "value": encode(value),
        "rule": {"name": rule, "atol": 1e-8, "rtol": 1e-6, "tol": 1e-6, "match": None, **params},
        "hint": HINT,
        "visible": visible,
    }
    return entry


def output(record: Any) -> dict[str, Any]:
    return {"output_type": "display_data", "data": {MIME: record}, "metadata": {}}


REFERENCE = [
    payload("sigmoid(0)", np.array([0.5]), visible=True),
    payload("sigmoid of a random (4, 3, 2) array", np.full((4, 3, 2), 0.25)),
]


def verdict_of(*records: Any, errors: list[dict[str, Any]] | None = None) -> Any:
    return judge_cell("test_sigmoid", REFERENCE, [output(r) for r in records] + (errors or []))


def test_the_reference_values_pass() -> None:
    verdict = verdict_of(payload("sigmoid(0)", [0.5]), payload("sigmoid of a random (4, 3, 2) array", REFERENCE_ARRAY))
    assert verdict.passed and verdict.summary() == ""


REFERENCE_ARRAY = np.full((4, 3, 2), 0.25 + 1e-9)  # within the reference's rtol


@pytest.mark.parametrize(
    "records, problem",
    [
        ([payload("sigmoid(0)", [0.5])], "not recorded: the test never reached this case"),
        (
            [payload("sigmoid(0)", [0.5]), *[payload("sigmoid of a random (4, 3, 2) array", REFERENCE_ARRAY)] * 2],
            "recorded 2 times",
        ),
        ([payload("sigmoid(0)", [0.5]), payload("sigmoid of a random (4, 3, 2) array", np.zeros((4, 3)))], "shape"),
        (
            [payload("sigmoid(0)", [0.5]), payload("sigmoid of a random (4, 3, 2) array", np.full((4, 3, 2), np.nan))],
            "nan or inf",
        ),
        ([payload("sigmoid(0)", [0.5]), payload("sigmoid of a random (4, 3, 2) array", None)], "got None"),
        (
            [payload("sigmoid(0)", [0.5]), payload("sigmoid of a random (4, 3, 2) array", "0.25 everywhere")],
            "expected numbers",
        ),
    ],
    ids=["missing", "twice", "wrong shape", "non-finite", "none", "text"],
)
def test_every_faulty_record_fails_its_case_with_a_reason(records: list[dict[str, Any]], problem: str) -> None:
    verdict = verdict_of(*records)
    assert not verdict.passed
    assert problem in verdict.summary(), verdict.message()
    assert "(hidden test)" in verdict.message() or "were not recorded" in verdict.message()


def malformed_records() -> list[Any]:
    good = payload("sigmoid of a random (4, 3, 2) array", REFERENCE_ARRAY)
    wrong_bytes = dict(good, value=dict(good["value"], data="AAAA"))
    huge = dict(good, value=dict(good["value"], shape=[10**9, 10**9]))
    negative = dict(good, value=dict(good["value"], shape=[-24]))
    objects = dict(good, value=dict(good["value"], dtype="|O"))
    not_base64 = dict(good, value=dict(good["value"], data="!!!"))
    return [
        "a string",
        None,
        {"case": 3},
        dict(good, rule={"name": "anything goes"}),
        dict(good, value="not a dict"),
        wrong_bytes,
        huge,
        negative,
        objects,
        not_base64,
        dict(good, value={"kind": "sequence", "items": "x"}),
        dict(good, value={"kind": "dict", "items": [[1]]}),
    ]


@pytest.mark.parametrize("bad", malformed_records())
def test_a_malformed_record_never_raises_and_never_passes(bad: Any) -> None:
    verdict = verdict_of(payload("sigmoid(0)", [0.5]), bad)
    assert not verdict.passed


def test_a_hidden_case_never_shows_its_expected_value_nor_the_students_text() -> None:
    secret = 0.123456789
    reference = [payload("hidden probe", np.array([secret, 2 * secret]))]
    long_text = "SGVsbG8gZnJvbSB0aGUgaGlkZGVuIHRlc3Q=" * 3
    for got in ([0.0, 0.0], long_text, [long_text], {"a": long_text}):
        message = judge_cell("t", reference, [output(payload("hidden probe", got))]).message()
        assert "0.123457" not in message and "0.246914" not in message and long_text not in message, message
        assert "got" in message and HINT in message


def test_a_visible_case_shows_expected_and_got() -> None:
    message = verdict_of(payload("sigmoid(0)", [0.0])).message()
    assert "expected: [0.5] (shape (1,))" in message and "got:      [0] (shape (1,))" in message and HINT in message


@pytest.mark.parametrize(
    "rule, reference, got, passes",
    [
        ("equal", np.array([1, 2, 3]), np.array([1.0, 2.0, 3.0]), True),
        ("equal", np.array([1, 2, 3]), np.array([1, 2, 4]), False),
        ("shape", np.zeros((2, 3)), np.ones((2, 3)), True),
        ("shape", np.zeros((2, 3)), np.ones((3, 2)), False),
        ("dtype", np.zeros(3), np.zeros(3), True),
        ("dtype", np.zeros(3), np.zeros(3, dtype=np.int64), False),
        ("set", np.array([3, 1, 2]), np.array([1, 2, 3]), True),
        ("set", np.array([3, 1, 2]), np.array([1, 2, 2]), False),
        ("rel_error", np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]), True),
        ("rel_error", np.array([1.0, 2.0]), np.array([1.0, 2.1]), False),
        ("equal", ["RuntimeWarning"], [], False),
        ("equal", [], [], True),
    ],
)
def test_the_rules(rule: str, reference: Any, got: Any, passes: bool) -> None:
    verdict = judge_cell("t", [payload("case", reference, rule)], [output(payload("case", got, rule))])
    assert verdict.passed == passes, verdict.message()


def test_the_reference_rule_decides_not_the_students() -> None:
    """A record that claims a looser tolerance or another rule is judged by the reference's."""
    loose = payload("case", [1.5], "close", atol=10.0)
    shape_only = payload("case", [1.5], "shape")
    for claimed in (loose, shape_only):
        assert not judge_cell("t", [payload("case", [1.0])], [output(claimed)]).passed


def test_raises_takes_the_class_from_the_reference() -> None:
    reference = [payload("bad input", {"raised": ["ValueError", "Exception"], "message": "shapes"}, "raises")]
    reference[0]["rule"]["match"] = "shape"

    def judged(raised: list[str], message: str) -> bool:
        got = payload("bad input", {"raised": raised, "message": message}, "raises")
        return judge_cell("t", reference, [output(got)]).passed

    assert judged(["ValueError", "Exception", "BaseException"], "the shapes differ")
    assert not judged(["MyError", "ValueError"][:1], "the shapes differ")
    assert not judged(["ValueError"], "no")
    assert not judged([], "")


def test_a_cell_that_raised_scores_nothing_even_with_every_case_right() -> None:
    error = {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "x", "traceback": []}
    records = (payload("sigmoid(0)", [0.5]), payload("sigmoid of a random (4, 3, 2) array", REFERENCE_ARRAY))
    verdict = verdict_of(*records, errors=[error])
    assert not verdict.passed and "raised ZeroDivisionError" in verdict.summary()


def test_what_the_kernel_said_is_named_not_repeated() -> None:
    """The student controls an exception's text: the judge names the class, instructors see the text."""
    said = "\x1b[2Kfull marks " + "A" * 500
    problem, detail = kernel_problem([{"output_type": "error", "ename": "Weird\x1bName", "evalue": said}])
    assert problem == "the cell raised ?" and "\x1b" not in problem
    assert detail.startswith("Weird")
    problem, _ = kernel_problem([{"output_type": "error", "ename": "NotImplementedError", "evalue": ""}])
    assert problem.startswith("not done yet")


class Hostile:
    """An object whose conversion to an array raises, loops or lies."""

    def __array__(self, *args: Any, **kwargs: Any) -> np.ndarray:
        raise RuntimeError("no")


def test_encode_never_raises_and_keeps_numbers_exact() -> None:
    assert encode(Hostile())["kind"] == "unreadable"
    assert encode([1, [2, 3]])["kind"] == "sequence"
    assert encode({"a": 1})["kind"] == "dict"
    deep: list[Any] = ["x"]
    for _ in range(50):
        deep = [deep]
    assert encode(deep)["kind"] == "sequence"
    value = np.array([math.pi, -0.0, np.inf, np.nan, 1e-310])
    verdict = judge_cell("t", [payload("case", value, "equal")], [output(payload("case", value.copy(), "equal"))])
    assert verdict.passed


def test_what_the_students_code_returned_is_shown_within_a_small_budget() -> None:
    """Code that read the test's source could smuggle it out through its own feedback page: the
    judge shows three numbers of four digits, small shapes and counts, fixed names, never text."""
    assert describe(np.arange(100.0) + 0.123456, visible=True) == "[0.1235, 1.123, 2.123, ...] (shape (100,))"
    assert describe("ZGVmIGhpZGRlbigp", visible=True) == "a string of 16 characters"
    assert describe(["x6465662068696464656e", "x2829"], visible=True) == "a sequence of 2 items"
    assert describe(["RuntimeWarning"], visible=True) == "[RuntimeWarning]"
    assert describe(np.zeros((1, 2, 3, 4, 5)), visible=True) == "[0, 0, 0, ...] (shape (more than 4 axes))"
    assert "123456" not in describe(np.zeros((123456,)), visible=True)
    assert describe(np.array([np.pi]), visible=True, trusted=True) == "[3.14159] (shape (1,))"
    leaked = judge_cell(
        "t",
        [payload("case", {"raised": ["ValueError"], "message": ""}, "raises")],
        [output(payload("case", {"raised": ["Hidden_test_source_as_a_class_name"], "message": ""}, "raises"))],
    ).message()
    assert "Hidden_test_source" not in leaked and "raised ? instead of ValueError" in leaked
