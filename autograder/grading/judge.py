"""The judge: a graded cell's records against the reference solution's, outside the student's kernel.

While a notebook is graded, its graded cells only *record* values (``autograder.record``): what the
student's functions returned on the test's inputs, the input after the call, the warnings a call
emitted. The judge runs in the grader after the kernel is gone. For every case the reference
solution recorded in that cell (``reference.py``: a trusted run of ``solutions/``), it finds the
student's record of the same case and compares the two by the reference's rule. A case passes
only if its record is there exactly once, is well formed and matches; a graded cell passes only
if every case passes and the kernel reported no error. A record that is missing, duplicated,
malformed, non-finite or of the wrong shape fails its case with a reason; nothing a record holds
can make the judge raise.

Messages say, per case, what is wrong. For a visible case they show expected vs got and the hint
(the learner sees that case's inputs anyway); for a hidden case they show the case, what the
student's code returned (a few numbers, a shape, a type) and the hint, never the expected value.
Messages come from the reference's records and from the judge's own rendering of numbers, never
from text the student's code produced, so no text of the kernel's can reach a feedback page this way.
"""

from __future__ import annotations

import base64
import binascii
import builtins
import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder.language import say
from autograder.record import MIME, NUMERIC_KINDS, RULES

MAX_ELEMENTS = 10**8  # an array record claiming more is malformed
# Names a message may repeat from a student's record: the standard ones only, so that no text the
# student's code chose reaches a feedback page (see ``describe``).
WARNING_NAMES = frozenset(
    name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, Warning)
)
KNOWN_NAMES = frozenset(name for name, value in vars(builtins).items() if isinstance(value, type)) | {
    "ndarray",
    "Tensor",
    "LinAlgError",
    "CheckFailure",
    "CellTimeoutError",
    "generator",
    "function",
    "NoneType",
}
MAX_SHOWN_CASES = 5  # failing cases spelled out in a message
SHOWN_NUMBERS = 6  # entries of an array shown in full; bigger arrays show the first three
STUDENT_TEXT = 60  # characters of a string the student's code returned that a visible case shows


@dataclass(frozen=True)
class Opaque:
    """A recorded value the judge does not compare as data: its description only."""

    description: str


def _localised(line: str, language: str) -> str:
    """A detail line (``expected: …``, ``got:      …``, ``hint: …``) with its label in the language."""
    for label, template, key in (
        ("expected: ", "expected: {value}", "value"),
        ("got:      ", "got:      {value}", "value"),
        ("hint: ", "hint: {hint}", "hint"),
    ):
        if line.startswith(label):
            return say(template, language, **{key: line[len(label) :]})
    return line


@dataclass
class CaseResult:
    case: str
    visible: bool
    passed: bool
    problem: str = ""  # one line: what is wrong
    details: list[str] = field(default_factory=list)  # expected / got / hint lines

    def message(self, language: str = "en") -> str:
        label = self.case if self.visible else say("{case} (hidden test)", language, case=self.case)
        head = f"{label}: {say(self.problem, language)}"
        return "\n".join([head, *[f"  {_localised(line, language)}" for line in self.details]])

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "visible": self.visible,
            "passed": self.passed,
            "problem": self.problem,
            "details": self.details,
        }


@dataclass
class CellVerdict:
    """The judge's decision on one graded cell."""

    grade_id: str
    cases: list[CaseResult] = field(default_factory=list)
    kernel_problem: str = ""  # the kernel reported an error or wrote to stderr (the judge's words)
    kernel_detail: str = ""  # what the kernel said (student-controlled text: instructors only)
    ignored: int = 0  # records that are no case of this cell, or malformed

    @property
    def passed(self) -> bool:
        return bool(self.cases) and not self.kernel_problem and all(case.passed for case in self.cases)

    @property
    def failed_cases(self) -> list[CaseResult]:
        return [case for case in self.cases if not case.passed]

    def summary(self) -> str:
        """One line: why the cell lost its points ('' when it passed)."""
        if self.passed:
            return ""
        if self.kernel_problem and (not self.failed_cases or self.failed_cases[0].problem.startswith("not recorded")):
            return self.kernel_problem
        first = self.failed_cases[0] if self.failed_cases else None
        return f"{first.case}: {first.problem}" if first else "no cases recorded"

    def message(self, *, for_instructor: bool = False, language: str = "en") -> str:
        """The whole explanation: the kernel's problem, then each failing case (at most a few), in
        the notebook's language (the phrases of autograder.language; the rest stays English)."""
        if self.passed:
            return say("all {count} cases passed", language, count=len(self.cases))
        lines = []
        if self.kernel_problem:
            lines.append(self.kernel_problem)
            if for_instructor and self.kernel_detail:
                lines.append(say("  the kernel said: {detail}", language, detail=self.kernel_detail))
        failed = self.failed_cases
        missing = [case for case in failed if case.problem.startswith("not recorded")]
        shown = [case for case in failed if case not in missing]
        for case in shown[:MAX_SHOWN_CASES]:
            lines.append(case.message(language))
        if len(shown) > MAX_SHOWN_CASES:
            lines.append(say("... and {count} more failing case(s)", language, count=len(shown) - MAX_SHOWN_CASES))
        if missing:
            template = (
                "{missing} of the {total} cases were not recorded: the cell stopped before them"
                if self.kernel_problem
                else "{missing} of the {total} cases were not recorded: the cell stopped without reaching them"
            )
            lines.append(say(template, language, missing=len(missing), total=len(self.cases)))
        if not self.cases:
            lines.append(say("no cases recorded: the reference solution has none for this cell", language))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "grade_id": self.grade_id,
            "passed": self.passed,
            "summary": self.summary(),
            "message": self.message(),
            "kernel_problem": self.kernel_problem,
            "cases": [case.to_dict() for case in self.cases],
            "ignored": self.ignored,
        }


# ---------------------------------------------------------------- reading records


def is_record(output: Any) -> bool:
    """Is this notebook output a record (a display output carrying the course's MIME type)?"""
    return isinstance(output, dict) and isinstance(output.get("data"), dict) and MIME in output["data"]


def records_in(outputs: list[Any]) -> tuple[list[dict[str, Any]], int]:
    """The well-formed records among a cell's outputs, in order, and how many were malformed."""
    found, malformed = [], 0
    for output in outputs:
        if not is_record(output):
            continue
        payload = output["data"][MIME]
        if well_formed(payload):
            found.append(payload)
        else:
            malformed += 1
    return found, malformed


def well_formed(payload: Any) -> bool:
    """The shape of a record: a case name, an encoded value, a rule of the known ones."""
    if not isinstance(payload, dict) or not isinstance(payload.get("case"), str):
        return False
    if not isinstance(payload.get("value"), dict) or not isinstance(payload.get("rule"), dict):
        return False
    return payload["rule"].get("name") in RULES


def decode(encoded: Any, depth: int = 0) -> Any:
    """An encoded value back as an ndarray, str, None, list or dict; anything else as ``Opaque``."""
    if not isinstance(encoded, dict) or depth > 8:
        return Opaque("a malformed value")
    kind = encoded.get("kind")
    try:
        if kind == "none":
            return None
        if kind == "array":
            return _decode_array(encoded)
        if kind == "str":
            value = encoded.get("value")
            return value if isinstance(value, str) else Opaque("a malformed string")
        if kind == "sequence":
            items = encoded.get("items")
            if not isinstance(items, list):
                return Opaque("a malformed sequence")
            return [decode(item, depth + 1) for item in items]
        if kind == "dict":
            pairs = encoded.get("items")
            if not isinstance(pairs, list):
                return Opaque("a malformed dict")
            return {str(pair[0]): decode(pair[1], depth + 1) for pair in pairs if isinstance(pair, list | tuple)}
        if kind == "too_big":
            return Opaque(f"an array of shape {_shape_text(encoded.get('shape'))}, too big to record")
        if kind in ("other", "too_deep", "unreadable"):
            return Opaque(f"an object of type {_identifier(encoded.get('type'))}")
    except (ValueError, TypeError, KeyError, IndexError, binascii.Error, OverflowError, MemoryError):
        return Opaque("a malformed value")
    return Opaque("a malformed value")


def _decode_array(encoded: dict[str, Any]) -> np.ndarray | Opaque:
    dtype = np.dtype(str(encoded["dtype"]))
    if dtype.kind not in NUMERIC_KINDS or dtype.hasobject:
        return Opaque("a malformed array")
    shape = tuple(int(n) for n in encoded["shape"])
    if any(n < 0 for n in shape) or math.prod(shape) > MAX_ELEMENTS:
        return Opaque("a malformed array")
    data = base64.b64decode(str(encoded["data"]), validate=True)
    if len(data) != math.prod(shape) * dtype.itemsize:
        return Opaque("a malformed array")
    return np.frombuffer(data, dtype=dtype).reshape(shape)


def _shape_text(shape: Any) -> str:
    try:
        return _shape(tuple(int(n) for n in shape))
    except (TypeError, ValueError):
        return "?"


def _identifier(name: Any) -> str:
    """A class name the student's code chose, shown only if it is one of a fixed list."""
    text = str(name)
    return text if text in KNOWN_NAMES else "?"


# ---------------------------------------------------------------- judging


def judge_cell(grade_id: str, reference: list[dict[str, Any]] | None, outputs: list[Any]) -> CellVerdict:
    """Judge one graded cell's outputs against the reference's records for it."""
    verdict = CellVerdict(grade_id)
    verdict.kernel_problem, verdict.kernel_detail = kernel_problem(outputs)
    if reference is None:
        verdict.kernel_problem = verdict.kernel_problem or "not a test of this assignment"
        return verdict
    student, malformed = records_in(outputs)
    by_case: dict[str, list[dict[str, Any]]] = {}
    for payload in student:
        by_case.setdefault(payload["case"], []).append(payload)
    cases = {payload["case"] for payload in reference}
    verdict.ignored = malformed + sum(len(found) for case, found in by_case.items() if case not in cases)
    for expected in reference:
        verdict.cases.append(judge_case(expected, by_case.get(expected["case"], []), bool(verdict.kernel_problem)))
    return verdict


def judge_case(reference: dict[str, Any], student: list[dict[str, Any]], stopped: bool) -> CaseResult:
    """One case: the reference's record against the student's records of the same case."""
    case, visible = reference["case"], bool(reference.get("visible"))
    result = CaseResult(case, visible, passed=False)
    hint = str(reference.get("hint") or "")
    if not student:
        result.problem = (
            "not recorded: the cell stopped before this case (the error above)"
            if stopped
            else "not recorded: the test never reached this case"
        )
        return result
    if len(student) > 1:
        result.problem = f"recorded {len(student)} times: the grader cannot tell which to judge"
        return result
    rule = reference["rule"]
    want, got = decode(reference["value"]), decode(student[0]["value"])
    problem = compare(want, got, rule, visible)
    if not problem:
        result.passed = True
        return result
    result.problem = problem
    result.details = details(reference, want, got, visible)
    if hint:
        result.details.append(f"hint: {hint}")
    return result


def compare(want: Any, got: Any, rule: dict[str, Any], visible: bool) -> str:
    """'' when ``got`` passes the reference's ``rule`` against ``want``; else what is wrong."""
    name = rule.get("name")
    if name == "raises":
        return _compare_raises(want, got, rule.get("match"), visible)
    if isinstance(want, np.ndarray) and want.size == 0 and isinstance(got, list):  # [] of a list of names
        return "" if not got else f"expected no items, got {describe(got, visible)}"
    if isinstance(want, np.ndarray):
        if isinstance(got, Opaque) and got.description.startswith("an array of shape"):
            return f"got {got.description}"
        if not isinstance(got, np.ndarray):
            if got is None:
                return "got None: did the function forget to `return` its result?"
            return f"expected numbers, got {describe(got, visible)}"
        if name == "dtype":
            return "" if got.dtype == want.dtype else f"wrong dtype: expected {want.dtype}, got {got.dtype}"
        if name == "set":
            if got.size != want.size:
                return f"expected {want.size} values (in any order), got {_count(got.size)}"
            same = np.array_equal(np.sort(got.ravel()), np.sort(want.ravel()))
            return "" if same else "not the same values (in any order)"
        if got.shape != want.shape:
            return f"wrong shape: expected {want.shape}, got {_shape(got.shape)}"
        if name == "shape":
            return ""
        if name == "equal":
            return _compare_equal_arrays(want, got)
        if name == "rel_error":
            return _compare_rel_error(want, got, float(rule.get("tol", 1e-6)))
        return _compare_close(want, got, float(rule.get("atol", 1e-8)), float(rule.get("rtol", 1e-6)))
    if name == "set" and isinstance(want, list) and isinstance(got, list):
        same = sorted(map(repr, want)) == sorted(map(repr, got))
        return "" if same else "not the same items (in any order)"
    return "" if _equal(want, got) else _not_equal(want, got, visible)


def _compare_close(want: np.ndarray, got: np.ndarray, atol: float, rtol: float) -> str:
    real = want.dtype.kind != "c" and got.dtype.kind != "c"
    a = got.astype(float if real else complex)
    b = want.astype(float if real else complex)
    with np.errstate(all="ignore"):
        bad = ~np.isclose(a, b, atol=atol, rtol=rtol, equal_nan=True)
    if not bad.any():
        return ""
    problem = f"{int(bad.sum())} of {bad.size} entries differ (atol={atol:g}, rtol={rtol:g})"
    if bad.ndim:
        problem += f"; first at {tuple(int(i) for i in np.argwhere(bad)[0])}"
    if not np.isfinite(a).all() and np.isfinite(b).all():
        problem += "; the result contains nan or inf: look for 0/0, inf - inf, overflow or log of a negative number"
    return problem


def _compare_rel_error(want: np.ndarray, got: np.ndarray, tol: float) -> str:
    with np.errstate(all="ignore"):
        a, b = got.astype(float), want.astype(float)
        error = float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12))) if a.size else 0.0
    if error < tol:  # nan fails too
        return ""
    return f"relative error {error:.3g} is above {tol:g}"


def _compare_equal_arrays(want: np.ndarray, got: np.ndarray) -> str:
    with np.errstate(all="ignore"):
        same = got == want
        if want.dtype.kind in "fc" and got.dtype.kind in "fc":
            same = same | (np.isnan(got) & np.isnan(want))
    bad = ~np.asarray(same, dtype=bool)
    if not bad.any():
        return ""
    problem = f"{int(bad.sum())} of {bad.size} entries differ (exact comparison)"
    if bad.ndim:
        problem += f"; first at {tuple(int(i) for i in np.argwhere(bad)[0])}"
    return problem


def _equal(want: Any, got: Any) -> bool:
    if isinstance(want, np.ndarray):
        return isinstance(got, np.ndarray) and got.shape == want.shape and not _compare_equal_arrays(want, got)
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(map(_equal, want, got))
    if isinstance(want, dict):
        return isinstance(got, dict) and set(got) == set(want) and all(_equal(want[k], got[k]) for k in want)
    if isinstance(want, Opaque):
        return False
    return type(got) is type(want) and bool(got == want)


def _not_equal(want: Any, got: Any, visible: bool) -> str:
    if isinstance(want, list) and isinstance(got, list) and len(want) != len(got):
        return f"expected {len(want)} items, got {_count(len(got))}"
    if type(want) is not type(got) and not (isinstance(want, list) and isinstance(got, list)):
        return f"expected {kind_of(want)}, got {describe(got, visible)}"
    return "not equal"


def _compare_raises(want: Any, got: Any, match: Any, visible: bool) -> str:
    if not isinstance(want, dict) or not isinstance(got, dict):
        return "malformed record"
    expected = [str(name) for name in want.get("raised", [])] if isinstance(want.get("raised"), list) else []
    raised = [str(name) for name in got.get("raised", [])] if isinstance(got.get("raised"), list) else []
    message = str(got["message"]) if isinstance(got.get("message"), str) else ""
    if not expected:
        return "" if not raised else f"raised {_identifier(raised[0])}; expected it to return"
    if not raised:
        return f"did not raise {_identifier(expected[0])}"
    if expected[0] not in raised:
        return f"raised {_identifier(raised[0])} instead of {_identifier(expected[0])}"
    if isinstance(match, str) and not re.search(match, message, flags=re.IGNORECASE):
        said = f" (it should match {match!r})" if visible else ""
        return f"raised {_identifier(expected[0])}, but its message does not say what is wrong{said}"
    return ""


# ---------------------------------------------------------------- what a message shows


def details(reference: dict[str, Any], want: Any, got: Any, visible: bool) -> list[str]:
    """expected / got lines: expected only for visible cases; got always, in the judge's words."""
    lines = []
    if visible:
        shown = decode(reference["expected"]) if "expected" in reference else want
        if reference["rule"].get("name") == "shape" and isinstance(want, np.ndarray):
            lines.append(f"expected: an array of shape {want.shape}")
        elif isinstance(shown, str):  # a check's description of what it wanted (the reference's words)
            lines.append(f"expected: {shown}")
        elif reference["rule"].get("name") != "raises":
            lines.append(f"expected: {describe(shown, True, trusted=True)}")
    if reference["rule"].get("name") != "raises":
        lines.append(f"got:      {describe(got, visible)}")
    return lines


def describe(value: Any, visible: bool, *, trusted: bool = False) -> str:
    """A value in a few words and numbers.

    What the student's code returned (``trusted=False``) is shown within a small budget, since code
    that read the test's source could try to smuggle it out through its own feedback page: at most
    three numbers of four significant digits, a shape of at most four axes below 10,000, lengths
    below 1,000, and names only from fixed lists (warning and exception classes, common types); never
    a string's content. About 12 bytes per failing case, whatever the code does. The reference's
    values (``trusted=True``, expected values of visible cases) are shown in full.
    """
    if value is None:
        return "None"
    if isinstance(value, Opaque):
        return value.description
    if isinstance(value, np.ndarray):
        return _numbers(value, trusted)
    if isinstance(value, str):
        return repr(value) if trusted else f"a string of {_count(len(value))} characters"
    if isinstance(value, list):
        if value and all(isinstance(v, str) and v in WARNING_NAMES for v in value[:3]):
            return "[" + ", ".join(value[:3]) + (", ...]" if len(value) > 3 else "]")
        if trusted and all(isinstance(v, str) for v in value):
            return "[" + ", ".join(value) + "]"
        return f"a sequence of {_count(len(value))} items"
    if isinstance(value, dict):
        return f"a dict of {_count(len(value))} items"
    return kind_of(value)


def kind_of(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {_shape(value.shape)}" if value.ndim else "a number"
    if isinstance(value, list):
        return f"a sequence of {_count(len(value))} items"
    return {str: "a string", dict: "a dict", type(None): "None"}.get(type(value), "a value")


def _count(n: int) -> str:
    return str(n) if n < 1000 else "1000 or more"


def _shape(shape: tuple[int, ...]) -> str:
    if len(shape) <= 4 and all(n < 10_000 for n in shape):
        return str(tuple(shape))
    return f"({len(shape)} axes, some of 10,000 or more)" if len(shape) <= 4 else "(more than 4 axes)"


def _numbers(array: np.ndarray, trusted: bool) -> str:
    shown = SHOWN_NUMBERS if trusted else 3
    if array.dtype.kind == "b":
        entries = ", ".join(str(bool(x)) for x in array.ravel()[:shown].tolist())
    elif trusted:
        entries = ", ".join(f"{x:.6g}" for x in array.ravel()[:shown].tolist())
    else:
        entries = ", ".join(f"{x:.4g}" for x in array.ravel()[:shown].tolist())
    if array.ndim == 0:
        return entries
    more = ", ..." if array.size > shown else ""
    return f"[{entries}{more}] (shape {_shape(array.shape)})"


# ---------------------------------------------------------------- what the kernel said


KNOWN_ERRORS = {
    "NotImplementedError": (
        "not done yet: an exercise this test uses still raises NotImplementedError (replace the stub)"
    ),
    "CheckFailure": "a visible check failed",
    "AssertionError": "a visible check failed",
    "CellTimeoutError": "timed out: the cell ran longer than the time limit (an infinite loop?)",
    "MemoryError": "ran out of memory",
}
SKIPPED_MARK = "The grader skipped this cell"  # GuardedExecute's error in a cell that killed the kernel
SKIPPED_PROBLEM = "the cell killed or hung the kernel, so the grader skipped it"
NOT_DONE = KNOWN_ERRORS["NotImplementedError"]


def kernel_problem(outputs: list[Any]) -> tuple[str, str]:
    """(what the judge says of the kernel's error or stderr, what the kernel said), or ('', '')."""
    errors = [o for o in outputs if isinstance(o, dict) and o.get("output_type") == "error"]
    errors.sort(key=lambda o: (o.get("ename") != "CellTimeoutError", SKIPPED_MARK not in str(o.get("evalue", ""))))
    for output in errors:
        ename, evalue = str(output.get("ename", "")), str(output.get("evalue", ""))
        said = f"{ename}: {evalue}".strip()
        if SKIPPED_MARK in evalue:
            return SKIPPED_PROBLEM, said
        if ename in KNOWN_ERRORS:
            return KNOWN_ERRORS[ename], said
        return f"the cell raised {_identifier(ename)}", said
    for output in outputs:
        if isinstance(output, dict) and output.get("output_type") == "stream" and output.get("name") == "stderr":
            return "the cell wrote to stderr (a graded cell must not: fix the warning or message)", str(
                output.get("text", "")
            )[:500]
    return "", ""
