"""The grader on bad input: every problem is reported, what can be scored is, the rest are graded.

A small two-exercise course is built in a temporary folder with the repository's nbgrader_config.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import REPO

from autograder import grading
from autograder.demo import solved

CHAPTER = "toy"


def cell(kind: str, source: str, grade_id: str = "", points: int = 0) -> nbformat.NotebookNode:
    new = nbformat.v4.new_code_cell(source)
    base = {"schema_version": 3, "task": False, "grade_id": grade_id}
    if kind == "solution":
        new.metadata["nbgrader"] = {**base, "grade": False, "locked": False, "solution": True}
    elif kind == "test":
        new.metadata["nbgrader"] = {**base, "grade": True, "locked": True, "points": points, "solution": False}
    return new


def toy_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Toy chapter"),
        cell("", "from autograder.checks import check_close"),
        cell("solution", "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION", "double"),
        cell(
            "test",
            "check_close(double(2.0), 4.0, 'double(2)')\n### BEGIN HIDDEN TESTS\n"
            "check_close(double(-1.5), -3.0, 'double(-1.5)')\n### END HIDDEN TESTS",
            "test_double",
            2,
        ),
        cell("solution", "def square(x):\n    ### BEGIN SOLUTION\n    return x * x\n    ### END SOLUTION", "square"),
        cell(
            "test",
            "check_close(square(3.0), 9.0, 'square(3)')\n### BEGIN HIDDEN TESTS\n"
            "check_close(square(-2.0), 4.0, 'square(-2)')\n### END HIDDEN TESTS",
            "test_square",
            3,
        ),
    ]
    return nb


@pytest.fixture
def toy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> grading.Course:
    """A course folder with the repository's config, one chapter, generated and released."""
    root = tmp_path / "toycourse"
    (root / "solutions" / CHAPTER).mkdir(parents=True)
    shutil.copy(REPO / "nbgrader_config.py", root)
    nbformat.write(toy_notebook(), root / "solutions" / CHAPTER / "toy.ipynb")
    monkeypatch.setenv("COURSE_CELL_TIMEOUT", "5")
    course = grading.Course(root, root / "work")
    ok, log = grading.nbgrader(course, "generate_assignment", CHAPTER)
    assert ok, log
    return course


def submit(course: grading.Course, student: str, notebook: nbformat.NotebookNode | str) -> None:
    folder = course.submitted(student, CHAPTER)
    folder.mkdir(parents=True)
    text = notebook if isinstance(notebook, str) else nbformat.writes(notebook)
    (folder / "toy.ipynb").write_text(text)


def release(course: grading.Course) -> nbformat.NotebookNode:
    return nbformat.read(course.release(CHAPTER) / "toy.ipynb", as_version=4)


def full(course: grading.Course) -> nbformat.NotebookNode:
    return solved(release(course), nbformat.read(course.source(CHAPTER) / "toy.ipynb", as_version=4))


def scores(result: grading.StudentResult) -> dict[str, float]:
    return {cell.grade_id: cell.score for cell in result.cells}


def test_a_bad_class_is_graded_student_by_student(toy: grading.Course) -> None:
    good = full(toy)
    looping = nbformat.from_dict(good)
    looping.cells[2].source = "def double(x):\n    while True:\n        pass"
    crashing = nbformat.from_dict(good)
    crashing.cells[2].source += "\nimport os\nos._exit(1)"
    bomb = nbformat.from_dict(good)
    bomb.cells[4].source = (
        "def square(x):\n    import numpy as np\n    keep = []\n"
        "    while True:\n        keep.append(np.ones(6 * 10**8))  # 4.8 GB a step"
    )
    tampered = nbformat.from_dict(good)
    tampered.cells[5].source = "pass"
    del tampered.cells[3]
    text = nbformat.writes(good)
    submit(toy, "corrupt", text[: len(text) // 2])
    submit(toy, "loop", looping)
    submit(toy, "crash", crashing)
    submit(toy, "bomb", bomb)
    submit(toy, "tamper", tampered)
    submit(toy, "good", good)
    results = {result.student: result for result in grading.grade_class(toy, CHAPTER, feedback=True)}

    assert list(results) == ["bomb", "corrupt", "crash", "good", "loop", "tamper"]
    assert scores(results["good"]) == {"test_double": 2, "test_square": 3} and not results["good"].problems
    assert (toy.work / "feedback" / "good" / CHAPTER / "toy.html").exists()
    assert not (toy.work / "feedback" / "corrupt").exists()

    assert not results["corrupt"].graded and results["corrupt"].score == 0
    assert "cannot be read as a notebook" in results["corrupt"].problems[0]

    assert scores(results["loop"]) == {"test_double": 0, "test_square": 3}
    assert any("timed out" in problem for problem in results["loop"].problems)

    assert scores(results["crash"]) == {"test_double": 0, "test_square": 3}
    assert any("crashed the kernel" in problem for problem in results["crash"].problems)
    assert (toy.quarantine("crash", CHAPTER) / "toy.ipynb").exists()

    assert scores(results["bomb"]) == {"test_double": 2, "test_square": 0}
    assert any("out of memory" in problem for problem in results["bomb"].problems)

    assert scores(results["tamper"]) == {"test_double": 2, "test_square": 3}
    assert "test cell test_double was deleted (restored for grading)" in results["tamper"].problems
    assert "test cell test_square was edited (restored for grading)" in results["tamper"].problems

    table = grading.format_table(list(results.values()))
    assert "corrupt" in table and "-/5" in table and "5/5" in table

    assert grading.export_grades(toy) is not None
    csv = (toy.work / "grades.csv").read_text()
    assert "corrupt" in csv and "good" in csv


def test_code_that_patches_the_checks_is_flagged(toy: grading.Course) -> None:
    cheat = full(toy)
    cheat.cells[2].source = "import autograder.checks\nautograder.checks.check_close = lambda *a, **k: None\n" + (
        "def double(x):\n    return x"
    )
    submit(toy, "cheat", cheat)
    notebooks, problems = grading.preflight(toy, CHAPTER, "cheat")
    assert notebooks and any("touches the grading machinery ('autograder.checks.check_close =" in p for p in problems)
    honest = full(toy)
    honest.cells[2].source += "\ncheck_result = double(2.0)  # a name like a check's, but the student's own"
    submit(toy, "honest", honest)
    assert grading.preflight(toy, CHAPTER, "honest")[1] == []


def test_code_as_released_is_never_flagged(toy: grading.Course) -> None:
    """The course's own demo code may rebind a name (here: check_close); only student changes count."""
    released = release(toy)
    released.cells.insert(2, nbformat.v4.new_code_cell("check_close = print  # the course's own demo"))
    nbformat.write(released, toy.release(CHAPTER) / "toy.ipynb")
    student = nbformat.from_dict(released)
    submit(toy, "untouched", student)
    assert grading.preflight(toy, CHAPTER, "untouched")[1] == []
    student.cells[2].source += "\ncheck_close = lambda *a, **k: None"
    submit(toy, "changed", student)
    assert any("check_close =" in p for p in grading.preflight(toy, CHAPTER, "changed")[1])


def test_a_missing_notebook_is_reported(toy: grading.Course) -> None:
    folder = toy.submitted("renamed", CHAPTER)
    folder.mkdir(parents=True)
    nbformat.write(full(toy), folder / "toy (1).ipynb")
    result = grading.grade_student(toy, CHAPTER, "renamed")
    assert not result.graded
    assert "toy.ipynb is missing (notebooks found: toy (1).ipynb)" in result.problems
