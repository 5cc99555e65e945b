"""The grader on bad input: every problem is reported, what can be scored is, the rest are graded.

A small two-exercise course is built in a temporary folder with the repository's nbgrader_config.py.
Each test named after a defect of issue 10 failed before its fix.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import REPO

from autograder import cli, grading
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
        cell("", "from autograder.checks import check_close\nfrom autograder.record import record"),
        cell("solution", "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION", "double"),
        cell(
            "test",
            "check_close(double(2.0), 4.0, 'double(2)')\n### BEGIN HIDDEN TESTS\n"
            "record('double(-1.5)', double(-1.5))\n### END HIDDEN TESTS",
            "test_double",
            2,
        ),
        cell("solution", "def square(x):\n    ### BEGIN SOLUTION\n    return x * x\n    ### END SOLUTION", "square"),
        cell(
            "test",
            "check_close(square(3.0), 9.0, 'square(3)')\n### BEGIN HIDDEN TESTS\n"
            "record('square(-2)', square(-2.0))\n### END HIDDEN TESTS",
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
    ok, log = grading.nbgrader(course, "generate_assignment", CHAPTER, "--CourseDirectory.release_directory=course")
    assert ok, log
    shutil.rmtree(course.work)  # a fresh work folder: the gradebook does not know the assignment yet
    return course


def submit(course: grading.Course, student: str, notebook: nbformat.NotebookNode | str | bytes) -> None:
    folder = course.submitted(student, CHAPTER)
    folder.mkdir(parents=True)
    if isinstance(notebook, bytes):
        (folder / "toy.ipynb").write_bytes(notebook)
    else:
        (folder / "toy.ipynb").write_text(notebook if isinstance(notebook, str) else nbformat.writes(notebook))


def release(course: grading.Course) -> nbformat.NotebookNode:
    return nbformat.read(course.release(CHAPTER) / "toy.ipynb", as_version=4)


def full(course: grading.Course) -> nbformat.NotebookNode:
    return solved(release(course), nbformat.read(course.source(CHAPTER) / "toy.ipynb", as_version=4))


def scores(result: grading.StudentResult) -> dict[str, float]:
    return {cell.grade_id: cell.score for cell in result.cells}


def problems_of(course: grading.Course, student: str) -> list[str]:
    return grading.read_submission(course, CHAPTER, student).problems


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
    before = grading.fingerprint(toy.work / "submitted")
    results = {result.student: result for result in grading.grade_class(toy, CHAPTER, feedback=True)}
    assert grading.fingerprint(toy.work / "submitted") == before  # no submission is ever modified

    assert list(results) == ["bomb", "corrupt", "crash", "good", "loop", "tamper"]
    assert scores(results["good"]) == {"test_double": 2, "test_square": 3} and not results["good"].problems
    assert (toy.work / "feedback" / "good" / CHAPTER / "toy.html").exists()
    assert not (toy.work / "feedback" / "corrupt").exists()

    assert not results["corrupt"].graded and results["corrupt"].score == 0
    assert "cannot be read as a notebook" in results["corrupt"].problems[0]

    assert scores(results["loop"]) == {"test_double": 0, "test_square": 3}
    assert any("timed out" in problem for problem in results["loop"].problems)

    assert scores(results["crash"]) == {"test_double": 0, "test_square": 3}
    assert any("cell 3 killed the Python kernel" in problem for problem in results["crash"].problems)

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
    assert any("rebinds autograder.checks.check_close" in p for p in problems_of(toy, "cheat"))
    honest = full(toy)
    honest.cells[2].source += "\ncheck_result = double(2.0)  # a name like a check's, but the student's own"
    submit(toy, "honest", honest)
    assert problems_of(toy, "honest") == []


def test_code_as_released_is_never_flagged(toy: grading.Course) -> None:
    """The course's own demo code may rebind a name (here: check_close); only student changes count."""
    released = release(toy)
    released.cells.insert(2, nbformat.v4.new_code_cell("check_close = print  # the course's own demo"))
    nbformat.write(released, toy.release(CHAPTER) / "toy.ipynb")
    student = nbformat.from_dict(released)
    submit(toy, "untouched", student)
    assert problems_of(toy, "untouched") == []
    student.cells[2].source += "\ncheck_close = lambda *a, **k: None"
    submit(toy, "changed", student)
    assert any("check_close" in p for p in problems_of(toy, "changed"))


def test_a_missing_notebook_is_reported(toy: grading.Course) -> None:
    folder = toy.submitted("renamed", CHAPTER)
    folder.mkdir(parents=True)
    nbformat.write(full(toy), folder / "toy (1).ipynb")
    result = grading.grade_student(toy, CHAPTER, "renamed")
    assert not result.graded
    assert "toy.ipynb is missing (notebooks found: toy (1).ipynb)" in result.problems


def test_defect_a_kernel_that_cannot_start_changes_nothing(
    toy: grading.Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defect 1: a kernel that failed to start made salvage rewrite the student's last cell in submitted/."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-c", "raise SystemExit(3)", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "broken", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    submit(toy, "ada", full(toy))
    before = grading.fingerprint(toy.work / "submitted")
    result = grading.grade_student(toy, CHAPTER, "ada")
    assert grading.fingerprint(toy.work / "submitted") == before
    assert not result.graded
    assert any("Kernel died before replying" in p or "could not start" in p for p in result.problems), result.problems
    assert toy.log("ada", CHAPTER).exists()  # the log of a failed student is kept


@pytest.mark.parametrize("fork", ["on", "off"])
def test_an_instructor_with_umask_077_grades_the_students_files(
    toy: grading.Course, monkeypatch: pytest.MonkeyPatch, fork: str
) -> None:
    """Issue 16: on a hardened server (umask 077: folders 0700, files 0600) the sandboxed kernel, a
    user of its own, could not read the student's data files beside the notebook."""
    import os

    monkeypatch.setenv("COURSE_KERNEL_FORK", fork)
    reads = full(toy)
    reads.cells[2].source = "def double(x):\n    return float(open('factor.txt').read()) * x"
    submit(toy, "ada", reads)
    folder = toy.submitted("ada", CHAPTER)
    (folder / "factor.txt").write_text("2")
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    old = os.umask(0o077)
    try:
        result = grading.grade_student(toy, CHAPTER, "ada")
    finally:
        os.umask(old)
    assert scores(result) == {"test_double": 2, "test_square": 3}, result.problems


def test_defect_a_fresh_work_folder_registers_the_assignment(toy: grading.Course) -> None:
    """Defect: on a new gradebook every student failed ('No assignment with ID ... exists')."""
    submit(toy, "ada", full(toy))
    result = grading.grade_student(toy, CHAPTER, "ada")
    assert result.graded and result.score == 5, result.problems


def test_defect_a_graded_cell_without_grade_id_does_not_stop_the_class(toy: grading.Course) -> None:
    """Defect: a submitted graded cell without a grade_id raised KeyError and stopped grade_class."""
    odd = full(toy)
    odd.cells.append(nbformat.from_dict(odd.cells[3]))
    del odd.cells[-1].metadata["nbgrader"]["grade_id"]
    submit(toy, "odd", odd)
    submit(toy, "zoe", full(toy))
    results = {r.student: r for r in grading.grade_class(toy, CHAPTER)}
    assert results["zoe"].score == 5
    assert results["odd"].score == 5
    assert any("claims to be a graded test cell without a grade_id" in p for p in results["odd"].problems)


def test_defect_many_threads_are_not_out_of_memory(toy: grading.Course) -> None:
    """Defect: RLIMIT_AS counted idle thread stacks and arenas, so threaded correct code 'ran out of memory'."""
    threaded = full(toy)
    threaded.cells[2].source = (
        "import threading, os\nimport numpy as np\n\ndef double(x):\n"
        "    barrier = threading.Barrier(81)\n"
        "    def work():\n        np.ones(1000).sum()\n        barrier.wait()\n"
        "    threads = [threading.Thread(target=work) for _ in range(80)]\n"
        "    for t in threads:\n        t.start()\n    barrier.wait()\n"
        "    for t in threads:\n        t.join()\n"
        "    assert os.environ['OMP_NUM_THREADS'] == '1'\n    return 2 * x"
    )
    submit(toy, "threads", threaded)
    result = grading.grade_student(toy, CHAPTER, "threads")
    assert scores(result) == {"test_double": 2, "test_square": 3}, result.problems


def test_defect_patched_checks_score_what_the_code_earns(toy: grading.Course) -> None:
    """Defect: wrong code plus a patched _fail, __code__ or np.isclose scored full marks unflagged."""
    patches = {
        "fail": "import autograder.checks as checks\nchecks._fail = lambda *a, **k: None",
        "code": "check_close.__code__ = (lambda *a, **k: None).__code__",
        "isclose": "import numpy as np\nnp.isclose = lambda a, b, **k: np.ones(np.shape(a), bool)",
    }
    for student, patch in patches.items():
        wrong = full(toy)
        wrong.cells[2].source = patch + "\n\ndef double(x):\n    return 3 * x"
        submit(toy, student, wrong)
    results = {r.student: r for r in grading.grade_class(toy, CHAPTER)}
    for student in patches:
        # a check whose __code__ is replaced records nothing: the student's own square loses its case too
        square = 0 if student == "code" else 3
        assert scores(results[student]) == {"test_double": 0, "test_square": square}, student
        assert any("an attempt on the grader" in p for p in results[student].problems), student


def test_defect_plain_nbgrader_and_the_wrapper_agree(toy: grading.Course, tmp_path: Path) -> None:
    """Defect: the wrapper set PYTHONWARNINGS=ignore for the kernel, plain nbgrader did not."""
    good = full(toy)
    warns = full(toy)
    warns.cells[2].source = "import numpy as np\n\ndef double(x):\n    np.log(np.zeros(1))\n    return 2 * x"
    wrong = full(toy)
    wrong.cells[4].source = "def square(x):\n    return 2 * x"
    for student, notebook in {"good": good, "warns": warns, "wrong": wrong}.items():
        submit(toy, student, notebook)
    plain = grading.Course(toy.root, tmp_path / "plain")
    shutil.copytree(toy.work / "submitted", plain.work / "submitted")
    ok, log = grading.nbgrader(
        plain, "generate_assignment", CHAPTER, f"--CourseDirectory.release_directory={tmp_path}/r"
    )
    assert ok, log
    ok, log = grading.nbgrader(plain, "autograde", CHAPTER)
    assert ok, log
    wrapped = {r.student: scores(r) for r in grading.grade_class(toy, CHAPTER)}
    from nbgrader.api import Gradebook

    with Gradebook(grading.db_url(plain)) as gradebook:
        stock = {
            student: {
                g.name: g.score for nb in gradebook.find_submission(CHAPTER, student).notebooks for g in nb.grades
            }
            for student in wrapped
        }
    assert wrapped == stock
    assert wrapped["warns"]["test_double"] == 0  # a graded cell that writes to stderr scores 0, both ways


def test_grade_exits_non_zero_when_students_went_ungraded(
    toy: grading.Course, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    submit(toy, "ada", full(toy))
    submit(toy, "empty", b"")
    monkeypatch.chdir(toy.root)
    monkeypatch.setenv("COURSE_WORK_DIR", str(toy.work))
    assert cli.main(["grade", CHAPTER]) == 2
    out = capsys.readouterr().out
    assert "1 of 2 students were not graded: empty" in out and "sandbox" in out


def test_without_bubblewrap_grading_says_so_loudly(
    toy: grading.Course, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Where bwrap cannot run, kernels get the limits only, and every run says so (start and end)."""
    from autograder.grading.sandbox import bwrap_problem

    submit(toy, "ada", full(toy))
    monkeypatch.chdir(toy.root)
    monkeypatch.setenv("COURSE_WORK_DIR", str(toy.work))
    monkeypatch.setenv("COURSE_SANDBOX", "off")
    bwrap_problem.cache_clear()
    try:
        assert cli.main(["grade", CHAPTER]) == 0
    finally:
        monkeypatch.delenv("COURSE_SANDBOX")
        bwrap_problem.cache_clear()
    out = capsys.readouterr().out
    assert out.count("WARNING: student code is NOT sandboxed (COURSE_SANDBOX=off)") == 2
    assert "5/5" in out


def test_defect_a_corrupt_resubmission_clears_the_old_score(toy: grading.Course) -> None:
    """Defect: a corrupt resubmission left the previous score in grades.csv while the table showed '-'."""
    import csv

    submit(toy, "ada", full(toy))
    assert grading.grade_student(toy, CHAPTER, "ada").score == 5
    (toy.submitted("ada", CHAPTER) / "toy.ipynb").write_text("{ not json")
    result = grading.grade_student(toy, CHAPTER, "ada")
    assert not result.graded and "cannot be read as a notebook" in result.problems[0]
    exported = grading.export_grades(toy)
    assert exported is not None
    rows = [row for row in csv.DictReader(exported.open()) if row["student_id"] == "ada"]
    assert rows and all(float(row["score"] or 0) == 0 for row in rows)
    assert not toy.autograded("ada", CHAPTER).exists()


DUE = "2026-01-15 12:00:00 UTC"


def late_course(course: grading.Course) -> None:
    """The course's config gains a late penalty (nbgrader's 'zero') and the assignment a due date."""
    with (course.root / "nbgrader_config.py").open("a") as config:
        config.write("\nc.LateSubmissionPlugin.penalty_method = 'zero'\n")
    ok, log = grading.nbgrader(course, "db", "assignment", "add", CHAPTER, f"--duedate={DUE}")
    assert ok, log


def submit_at(course: grading.Course, student: str, notebook: nbformat.NotebookNode, timestamp: str) -> None:
    submit(course, student, notebook)
    (course.submitted(student, CHAPTER) / "timestamp.txt").write_text(timestamp)


def test_a_late_submission_gets_the_penalty_plain_nbgrader_gives(toy: grading.Course, tmp_path: Path) -> None:
    """Defect: the late penalty was applied to the worker's private gradebook only, never to the real one."""
    from nbgrader.api import Gradebook

    late_course(toy)
    half = full(toy)
    half.cells[4].source = "def square(x):\n    return 2 * x"
    submit_at(toy, "late", half, "2026-01-16 09:30:00 UTC")
    submit_at(toy, "early", full(toy), "2026-01-14 09:30:00 UTC")
    plain = grading.Course(toy.root, tmp_path / "plain")
    shutil.copytree(toy.work / "submitted", plain.work / "submitted")
    ok, log = grading.nbgrader(plain, "db", "assignment", "add", CHAPTER, f"--duedate={DUE}")
    assert ok, log
    ok, log = grading.nbgrader(
        plain, "generate_assignment", CHAPTER, f"--CourseDirectory.release_directory={tmp_path}/r"
    )
    assert ok, log
    ok, log = grading.nbgrader(plain, "autograde", CHAPTER)
    assert ok, log
    results = {r.student: r for r in grading.grade_class(toy, CHAPTER)}

    def penalties(course: grading.Course) -> dict[str, tuple[float, float]]:
        with Gradebook(grading.db_url(course)) as gradebook:
            return {
                student: (submission.score, submission.late_submission_penalty)
                for student in results
                for submission in [gradebook.find_submission(CHAPTER, student)]
            }

    assert penalties(plain) == {"late": (2.0, 2.0), "early": (5.0, 0.0)}  # 'zero': the penalty is the score
    assert penalties(toy) == penalties(plain)
    assert any("late" in p and "penalty 2" in p for p in results["late"].problems), results["late"].problems
    assert not results["early"].problems


def test_a_worker_that_dies_costs_only_the_student_it_was_grading(
    toy: grading.Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hostile-student finding: a worker killed mid-grading (out of memory) broke the pool, and every
    student still waiting was failed and removed from the gradebook. Now the others go again, one at
    a time; only a submission whose grading kills its worker every time gets a failed row."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from autograder.grading import pool

    for student in ("ada", "ben", "cai"):
        submit(toy, student, full(toy))
    real = pool.LocalWorkers.submit

    def dies(self: pool.LocalWorkers, student: str, submission: object) -> object:
        first_round = self.executor._max_workers > 1
        if student == "cai" or (student == "ben" and first_round):
            future: Future[object] = Future()
            future.set_exception(BrokenProcessPool("a worker died"))
            return future
        return real(self, student, submission)  # type: ignore[arg-type]

    monkeypatch.setattr(pool.LocalWorkers, "submit", dies)
    results = {r.student: r for r in grading.grade_class(toy, CHAPTER, jobs=2)}
    assert results["ada"].score == results["ben"].score == 5, (results["ada"].problems, results["ben"].problems)
    assert not results["cai"].graded and any(pool.WORKER_DIED in p for p in results["cai"].problems)
