"""nbgrader's own round trip on one machine with a local exchange folder, graded by the wrapper.

release_assignment → fetch_assignment → submit (two students) → collect → grade → generate_feedback
→ release_feedback → fetch_feedback. Instructor commands run in the course root (its
nbgrader_config.py); student commands run in each student's own folder, as a student would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
from test_grading import CHAPTER, full, toy  # noqa: F401 (toy is a fixture)

from autograder import grading
from autograder.demo import solved


def run(args: list[str], cwd: Path, exchange: Path, user: str, cache: Path, work: Path) -> str:
    env = {**os.environ, "USER": user, "LOGNAME": user, "COURSE_WORK_DIR": str(work)}
    command = [sys.executable, "-m", "nbgrader", *args, f"--Exchange.root={exchange}", f"--Exchange.cache={cache}"]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_the_exchange_round_trip(toy: grading.Course, tmp_path: Path) -> None:  # noqa: F811
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    course_args = ["--course", "dl-foundations"]

    def instructor(*args: str) -> str:
        return run(list(args), toy.root, exchange, "instructor", tmp_path / "cache-instructor", toy.work)

    instructor("release_assignment", CHAPTER, "--force")
    for student, answers in {"alice": None, "bob": 1}.items():
        home = tmp_path / student
        home.mkdir()
        cache = tmp_path / f"cache-{student}"
        run(["fetch_assignment", CHAPTER, *course_args], home, exchange, student, cache, toy.work)
        path = home / CHAPTER / "toy.ipynb"
        released = nbformat.read(path, as_version=4)
        source = nbformat.read(toy.source(CHAPTER) / "toy.ipynb", as_version=4)
        nbformat.write(solved(released, source, how_many=answers), path)
        run(["submit", CHAPTER, *course_args, f"--student={student}"], home, exchange, student, cache, toy.work)
    instructor("collect", CHAPTER)
    assert sorted(toy.students(CHAPTER)) == ["alice", "bob"]
    before = grading.fingerprint(toy.work / "submitted")
    results = {r.student: r for r in grading.grade_class(toy, CHAPTER)}
    assert results["alice"].score == 5 and results["bob"].score == 2
    assert grading.fingerprint(toy.work / "submitted") == before
    instructor("generate_feedback", CHAPTER)
    instructor("release_feedback", CHAPTER)
    for student in ("alice", "bob"):
        home = tmp_path / student
        run(
            ["fetch_feedback", CHAPTER, *course_args, f"--student={student}"],
            home,
            exchange,
            student,
            tmp_path / f"cache-{student}",
            toy.work,
        )
        pages = list((home / CHAPTER / "feedback").rglob("toy.html"))
        assert len(pages) == 1, student
        assert ("Score: 5.0 / 5.0" if student == "alice" else "Score: 2.0 / 5.0") in pages[0].read_text()


def test_a_fix_to_a_released_chapter_during_the_term(toy: grading.Course, tmp_path: Path) -> None:  # noqa: F811
    """README, "Running a class": the instructor fixes a test of a chapter students already have —
    edit solutions/, generate and release again with --force. A student who fetches now gets the
    fix; a notebook submitted before the fix is graded by the fixed test (nbgrader grades test cells
    from the gradebook's source, not the student's copy)."""
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    course_args = ["--course", "dl-foundations"]

    def instructor(*args: str) -> str:
        return run(list(args), toy.root, exchange, "instructor", tmp_path / "cache-instructor", toy.work)

    def student(name: str, *args: str) -> Path:
        home = tmp_path / name
        home.mkdir(exist_ok=True)
        run([*args, *course_args], home, exchange, name, tmp_path / f"cache-{name}", toy.work)
        return home / CHAPTER / "toy.ipynb"

    source_path = toy.source(CHAPTER) / "toy.ipynb"
    instructor("release_assignment", CHAPTER, "--force")
    early = student("alice", "fetch_assignment", CHAPTER)
    nbformat.write(solved(nbformat.read(early, as_version=4), nbformat.read(source_path, as_version=4)), early)
    student("alice", "submit", CHAPTER, "--student=alice")

    fixed = nbformat.read(source_path, as_version=4)
    test = next(c for c in fixed.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "test_square")
    test.source = test.source.replace("'square(3)'", "'square(3), after the fix'").replace(
        "### END HIDDEN TESTS", "record('square(0.5)', square(0.5))\n### END HIDDEN TESTS"
    )
    nbformat.write(fixed, source_path)
    instructor("generate_assignment", CHAPTER, "--force", "--CourseDirectory.release_directory=course")
    instructor("release_assignment", CHAPTER, "--force")
    late = student("carol", "fetch_assignment", CHAPTER)
    assert "after the fix" in late.read_text() and "square(0.5)" not in late.read_text()

    instructor("collect", CHAPTER)
    results = {r.student: r for r in grading.grade_class(toy, CHAPTER)}
    assert results["alice"].score == 5, results["alice"]
    graded = (toy.work / "autograded" / "alice" / CHAPTER / "toy.ipynb").read_text()
    assert "square(0.5)" in graded and "after the fix" in graded
