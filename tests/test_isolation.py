"""Gate g: one exercise alone. Blanking one exercise may cost points only in the graded cells that judge it.

For every chapter in solutions/, each exercise function in turn is replaced by a blank
(``raise NotImplementedError()``) and every graded cell runs again (see autograder.isolation for
which cells may then lose points). A chapter author runs it with ``pytest tests/test_isolation.py -k <id>``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from conftest import CHAPTERS, source_notebook

from autograder.isolation import (
    allowed_failures,
    blank_source,
    judged_exercises,
    report,
    run_isolation,
    users_of,
    uses_graph,
)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_graded_cell_judges_its_own_exercise_alone(chapter: str) -> None:
    result = run_isolation(source_notebook(chapter))
    text = report(result)
    print(text)
    assert not result.problems, text
    assert not result.untested, f"exercises whose blank costs no points: {result.untested}\n{text}"
    assert not result.violations, "\n".join(str(violation) for violation in result.violations)


# ---------------------------------------------------------------- the gate itself, on a small notebook


def _solution(grade_id: str, source: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": False,
        "solution": True,
        "locked": False,
        "grade_id": grade_id,
        "schema_version": 3,
    }
    return cell


def _setup(source: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": False,
        "solution": False,
        "locked": True,
        "grade_id": "setup",
        "schema_version": 3,
    }
    return cell


def _test(grade_id: str, source: str, points: int = 1) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": True, "solution": False, "locked": True, "points": points, "grade_id": grade_id, "schema_version": 3,
    }  # fmt: skip
    return cell


def small_notebook(mlp_backward_test: str) -> nbformat.NotebookNode:
    """Two layers, a loss, a backward pass and a network: the shapes of chapter 02 in miniature."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        _setup("from autograder.record import record"),
        _solution(
            "square",
            'def square(x):\n    """x squared."""\n    ### BEGIN SOLUTION\n    return x * x\n    ### END SOLUTION',
        ),
        _test("test_square", "assert square(3) == 9\n### BEGIN HIDDEN TESTS\nrecord('square(3)', square(3))"),
        _solution(
            "layer",
            "def layer_forward(x):\n    return square(x), x\n\n\ndef layer_backward(d, c):\n    return 2 * c * d",
        ),
        _test("test_layer_forward", "record('layer_forward(2)', layer_forward(2)[0])"),
        _test(
            "test_layer_backward", "out, cache = layer_forward(3)\nrecord('layer_backward', layer_backward(1, cache))"
        ),
        _solution("loss", "def loss(y, t):\n    return (y - t) ** 2, 2 * (y - t)"),
        _test("test_loss", "record('loss(3, 1)', loss(3, 1))"),
        _solution("net_backward", "def net_backward(x, dout):\n    return layer_backward(dout, layer_forward(x)[1])"),
        _test("test_net_backward", mlp_backward_test),
    ]
    return nb


FAIR = "dout = 2 * (1 - 0)  # the upstream gradient written out\nrecord('net_backward', net_backward(1, dout))"
UNFAIR = (
    "_, dout = loss(1, 0)  # the student's loss: a blank one costs net_backward\n"
    "record('net_backward', net_backward(1, dout))"
)


def test_a_graded_cell_judges_the_exercises_defined_before_it() -> None:
    judged = judged_exercises(small_notebook(FAIR))
    assert judged == {
        "test_square": ["square"],
        "test_layer_forward": ["layer_forward"],  # the cell defines two; this test names only one
        "test_layer_backward": ["layer_forward", "layer_backward"],
        "test_loss": ["loss"],
        "test_net_backward": ["net_backward"],
    }


def test_allowed_failures_follow_the_solutions_own_uses_and_the_backward_rule() -> None:
    nb = small_notebook(UNFAIR)
    assert users_of("square", uses_graph(nb)) == {"layer_forward", "net_backward"}
    allowed = allowed_failures(nb)
    assert set(allowed["square"]) == {"test_square", "test_layer_forward", "test_layer_backward", "test_net_backward"}
    assert set(allowed["loss"]) == {"test_loss"}
    assert set(allowed["layer_backward"]) == {"test_layer_backward", "test_net_backward"}
    assert "test_layer_backward" in allowed["layer_forward"]  # a backward test needs its forward's cache


def test_the_blank_keeps_the_signature_and_docstring() -> None:
    blank = blank_source(small_notebook(FAIR), "square")
    assert blank.startswith("def square(x):") and '"""x squared."""' in blank
    assert blank.rstrip().endswith("raise NotImplementedError()")


@pytest.mark.parametrize(
    "test_source, violations", [(FAIR, []), (UNFAIR, [("loss", "test_net_backward")])], ids=["fair", "unfair"]
)
def test_the_gate_finds_a_test_that_calls_another_exercise(tmp_path: Path, test_source: str, violations: list) -> None:
    path = tmp_path / "small.ipynb"
    nbformat.write(small_notebook(test_source), path)
    result = run_isolation(path)
    assert not result.problems and not result.untested, report(result)
    assert [(v.function, v.grade_id) for v in result.violations] == violations, report(result)
    if violations:
        assert "net_backward" in str(result.violations[0]) and "loss" in str(result.violations[0])
