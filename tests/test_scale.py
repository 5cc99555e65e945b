"""Grading at scale: parallel workers, a real Dask cluster, a real PostgreSQL gradebook, the class report.

Scores must equal serial stock ``nbgrader autograde`` on the same class. The services run on
loopback and are started and stopped by the tests (tests/services.py); a test skips, saying why,
only where its service cannot start. Nothing here measures time (that is ``make bench``).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import nbformat
import pytest
from services import dask_cluster, postgres_server
from test_grading import CHAPTER, full, release, submit, toy  # noqa: F401 (toy is a fixture)

from autograder import cli, grading
from autograder.grading.judge import NOT_DONE


def mixed_class(course: grading.Course) -> dict[str, str]:
    """Correct, blank, wrong, half-done and corrupt submissions; returns what each one is."""
    good = full(course)
    wrong = full(course)
    wrong.cells[4].source = "def square(x):\n    return 2 * x"
    half = release(course)
    half.cells[2].source = good.cells[2].source
    noisy = full(course)
    noisy.cells[2].source = "import sys\n\ndef double(x):\n    print('debug', file=sys.stderr)\n    return 2 * x"
    text = nbformat.writes(good)
    kinds: dict[str, nbformat.NotebookNode | str] = {
        "ada": good,
        "ben": release(course),
        "cai": wrong,
        "dee": half,
        "eli": noisy,
        "fay": text[: len(text) // 2],
        "gus": good,
    }
    for student, notebook in kinds.items():
        submit(course, student, notebook)
    return {student: type(notebook).__name__ for student, notebook in kinds.items()}


def stock_scores(
    course: grading.Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, dict[str, float]]:
    """Serial stock ``nbgrader autograde`` (its own command line) of the same class in a folder of its own."""
    from nbgrader.api import Gradebook, MissingEntry

    monkeypatch.setenv("COURSE_NBGRADER_SUBPROCESS", "1")
    plain = grading.Course(course.root, tmp_path / "stock")
    shutil.copytree(course.work / "submitted", plain.work / "submitted")
    ok, log = grading.nbgrader(
        plain, "generate_assignment", CHAPTER, f"--CourseDirectory.release_directory={tmp_path}/r"
    )
    assert ok, log
    _, log = grading.nbgrader(plain, "autograde", CHAPTER)  # the corrupt notebook makes it exit non-zero
    failed = [line for line in log.splitlines() if "error processing assignment '" in line]
    assert len(failed) == 1 and "'fay'" in failed[0], log  # stock nbgrader graded all but the corrupt one
    found = {}
    with Gradebook(grading.db_url(plain)) as gradebook:
        for student in plain.students(CHAPTER):
            try:
                submission = gradebook.find_submission(CHAPTER, student)
            except MissingEntry:
                continue
            found[student] = {g.name: g.score for nb in submission.notebooks for g in nb.grades if g.max_score}
    return found


def gradebook_totals(course: grading.Course) -> dict[str, float]:
    """Each student's total as the gradebook (SQLite or NBGRADER_DB_URL) holds it."""
    from nbgrader.api import Gradebook

    with Gradebook(grading.db_url(course)) as gradebook:
        return {s.student.id: s.score for s in gradebook.assignment_submissions(CHAPTER)}


def scores_of(results: list[grading.StudentResult]) -> dict[str, dict[str, float]]:
    return {r.student: {c.grade_id: c.score for c in r.cells} for r in results if r.graded}


def test_parallel_grading_equals_serial_stock_nbgrader(
    toy: grading.Course,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mixed_class(toy)
    before = grading.fingerprint(toy.work / "submitted")
    results = grading.grade_class(toy, CHAPTER, jobs=2, feedback=True)
    assert grading.fingerprint(toy.work / "submitted") == before
    assert [r.student for r in results] == ["ada", "ben", "cai", "dee", "eli", "fay", "gus"]
    parallel = scores_of(results)
    stock = stock_scores(toy, tmp_path, monkeypatch)
    assert stock.pop("fay") == {"test_double": 0, "test_square": 0}  # nbgrader records a corrupt one as 0
    assert parallel == stock
    assert parallel["ada"] == {"test_double": 2, "test_square": 3} == parallel["gus"]
    assert parallel["cai"] == {"test_double": 2, "test_square": 0}
    assert parallel["eli"]["test_double"] == 0  # wrote to stderr in a graded cell: 0, as in nbgrader
    assert "fay" not in parallel and any("cannot be read" in p for p in results[5].problems)
    for student in parallel:  # the one writer recorded every result; feedback for each
        assert (toy.work / "feedback" / student / CHAPTER / "toy.html").exists(), student
    from nbgrader.api import Gradebook

    with Gradebook(grading.db_url(toy)) as gradebook:
        assert {s.student.id for s in gradebook.assignment_submissions(CHAPTER)} == set(parallel)
    assert_feedback_summary(toy)


def assert_feedback_summary(course: grading.Course) -> None:
    """The feedback page opens with each exercise named and the failure message of what lost points;
    MathJax comes from this environment, never a CDN."""
    page = (course.work / "feedback" / "cai" / CHAPTER / "toy.html").read_text()
    summary = page.split('<ol class="feedback-summary">', 1)[1].split("</ol>", 1)[0]
    assert "Exercise <code>double</code>" in summary and "Exercise <code>square</code>" in summary
    assert "✓ passed" in summary and "lost 3.0 points" in summary
    assert "square(3): 1 of 1 entries differ" in summary and "expected: 9" in summary  # the judge's words
    assert "Test cell</a>" not in summary
    noisy = (course.work / "feedback" / "eli" / CHAPTER / "toy.html").read_text()
    assert "wrote to stderr" in noisy.split("</ol>", 1)[0]
    assert "cdnjs" not in page and 'src="http' not in page and "STIX-Web" in page  # the fonts it ships
    url = page.split("candidates.push(", 2)[2].split(")", 1)[0].strip('"')
    assert url.startswith("file://") and Path(url[len("file://") :].split("?")[0]).is_file()


def test_grading_on_a_local_dask_cluster(toy: grading.Course) -> None:  # noqa: F811
    """A real `dask scheduler` and two `dask worker` processes on loopback grade the class."""
    mixed_class(toy)
    before = grading.fingerprint(toy.work / "submitted")
    with dask_cluster(workers=2) as address:
        results = grading.grade_class(toy, CHAPTER, scheduler=address)
    assert grading.fingerprint(toy.work / "submitted") == before
    on_cluster = scores_of(results)
    assert on_cluster["ada"] == {"test_double": 2, "test_square": 3} == on_cluster["gus"]
    assert on_cluster["ben"] == {"test_double": 0, "test_square": 0}
    assert on_cluster["cai"] == {"test_double": 2, "test_square": 0}
    assert on_cluster["dee"] == {"test_double": 2, "test_square": 0}
    assert on_cluster["eli"] == {"test_double": 0, "test_square": 3}
    assert "fay" not in on_cluster
    assert gradebook_totals(toy) == {s: sum(c.values()) for s, c in on_cluster.items()}


def test_a_postgresql_gradebook_with_db(
    toy: grading.Course,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`grade --db postgresql://...` against a real PostgreSQL server on loopback; export reads it back."""
    submit(toy, "ada", full(toy))
    wrong = full(toy)
    wrong.cells[4].source = "def square(x):\n    return 2 * x"
    submit(toy, "cai", wrong)
    monkeypatch.chdir(toy.root)
    monkeypatch.setenv("COURSE_WORK_DIR", str(toy.work))
    monkeypatch.delenv("NBGRADER_DB_URL", raising=False)
    with postgres_server() as url:
        assert cli.main(["grade", CHAPTER, "--db", url, "--jobs", "2"]) == 0
        monkeypatch.setenv("NBGRADER_DB_URL", grading.normalize_db_url(url))
        assert gradebook_totals(toy) == {"ada": 5, "cai": 2}
        assert not (toy.work / "gradebook.db").exists()  # nothing went to SQLite
        with (toy.work / "grades.csv").open() as handle:  # nbgrader export read PostgreSQL
            rows = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
        assert rows == {"ada": 5, "cai": 2}
    out = capsys.readouterr()
    assert "problems: 0" in out.err and "100%" in out.err  # the progress bar: count, ETA, problems
    assert "class report:" in out.out


def test_class_report(toy: grading.Course) -> None:  # noqa: F811
    """grades.csv, pass rates, the most common failure message per exercise, histogram, one page."""
    cells = [("test_double", 2.0), ("test_square", 3.0)]

    def result(student: str, lost: dict[str, str], graded: bool = True) -> grading.StudentResult:
        scores = [grading.CellScore(g, 0.0 if g in lost else top, top, lost.get(g, "")) for g, top in cells]
        total = sum(c.score for c in scores)
        return grading.StudentResult(student, total, 5.0, scores if graded else [], [], graded)

    square = "CheckFailure: square(3): expected 9.0, got 6.0"
    results = [
        result("ada", {}),
        result("ben", {"test_double": NOT_DONE, "test_square": NOT_DONE}),
        result("cai", {"test_square": square}),
        result("dee", {"test_square": square}),
        result("eli", {}, graded=False),
    ]
    results[-1].problems.append("toy.ipynb is an empty file: not graded")
    report = grading.class_report(toy, CHAPTER, results, nbgrader_export=False)
    by_id = {s.grade_id: s for s in report.summaries}
    assert by_id["test_double"].pass_rate == pytest.approx(3 / 4)
    assert by_id["test_square"].pass_rate == pytest.approx(1 / 4)
    assert by_id["test_square"].common_failure == square and by_id["test_square"].failures == 2
    assert by_id["test_square"].not_attempted == 1  # ben left the stub: counted apart, not the common failure
    assert by_id["test_double"].common_failure == "" and by_id["test_double"].not_attempted == 1
    assert report.histogram.read_bytes().startswith(b"\x89PNG")
    with report.grades.open() as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert rows["cai"]["score"] == "2" and rows["cai"]["test_square"] == "0" and rows["eli"]["graded"] == "no"
    page = report.html.read_text()
    assert "square" in page and "expected 9.0, got 6.0" in page and "25%" in page and "histogram.png" in page
    assert "empty file" in page
