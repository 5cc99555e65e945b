"""What an instructor reads: one row per student with a reason for every outcome, logs, grades.csv."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from autograder.grading.course import Course, nbgrader
from autograder.grading.worker import CellScore
from autograder.text import printable


@dataclass
class StudentResult:
    student: str
    score: float = 0.0
    max_score: float = 0.0
    cells: list[CellScore] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    graded: bool = False


def format_table(results: list[StudentResult]) -> str:
    """The class table: student, score/max, and why (every row says something).

    Every text that student code could have produced (a file name, an error message) is made
    printable: no terminal escape reaches the screen, no undecodable byte stops the table."""
    rows = [("student", "score", "problems found")]
    for result in results:
        score = f"{result.score:g}/{result.max_score:g}" if result.graded else f"-/{result.max_score:g}"
        lost = [cell.grade_id for cell in result.cells if cell.score < cell.max_score]
        notes = result.problems + ([f"lost points in {', '.join(lost)}"] if lost else [])
        if not notes:
            notes = ["full marks"] if result.graded and result.score == result.max_score else ["-"]
        rows.append((printable(result.student, limit=60), score, printable("; ".join(notes), limit=2000)))
    width = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [f"{row[0]:<{width[0]}}  {row[1]:>{width[1]}}  {row[2]}" for row in rows]
    lines.insert(1, "-" * min(100, max(len(line) for line in lines)))
    return "\n".join(lines)


def keep_log(course: Course, assignment: str, student: str, log: str) -> Path:
    """nbgrader's log of a student whose grading went wrong, kept under work/logs/."""
    path = course.log(student, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(log, encoding="utf-8")
    return path


def generate_feedback(course: Course, assignment: str, student: str) -> bool:
    ok, _ = nbgrader(course, "generate_feedback", assignment, "--student", student, "--force")
    return ok


def export_grades(course: Course) -> Path | None:
    """``nbgrader export`` to work/grades.csv; returns its path, or None if it failed."""
    target = course.work / "grades.csv"
    ok, _ = nbgrader(course, "export")
    return target if ok and target.exists() else None
