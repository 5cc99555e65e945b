"""One grading flow for ``grade``, ``make demo`` and the benchmark: the class graded, then reported.

``grade_assignment`` grades every student (``pool.grade_class``: reference records, workers, the
judge, the gradebook), writes the class report under ``work/reports/<assignment>/`` and nbgrader's
``grades.csv`` (``class_report``), and returns both; ``GradingRun.summary`` is what an instructor
reads at the end: how student code was confined, the table, where the report is, who was not graded.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograder.grading.class_report import ClassReport, class_report
from autograder.grading.confine import status
from autograder.grading.course import Course
from autograder.grading.pool import grade_class
from autograder.grading.report import StudentResult, format_table


@dataclass
class GradingRun:
    assignment: str
    results: list[StudentResult]
    report: ClassReport

    @property
    def ungraded(self) -> list[str]:
        return [result.student for result in self.results if not result.graded]

    def summary(self) -> str:
        lines = [format_table(self.results), status()]
        lines.append(f"class report: {self.report.html} (grades.csv, pass rates, common failures, histogram)")
        lines.append(f"nbgrader's grades.csv: {self.report.nbgrader_csv or 'export failed'}")
        if self.ungraded:
            lines.append(
                f"{len(self.ungraded)} of {len(self.results)} students were not graded: {', '.join(self.ungraded)}"
            )
        return "\n".join(lines)


def grade_assignment(
    course: Course,
    assignment: str,
    students: list[str] | None = None,
    *,
    feedback: bool = False,
    jobs: int | None = None,
    scheduler: str | None = None,
    bar: bool = True,
) -> GradingRun:
    """Grade the class (every submitted student, or the given ones) and write the class report.

    Raises ``GradingSetupError`` when nothing can be graded (the assignment cannot be registered,
    the reference solution fails its own tests).
    """
    results = grade_class(course, assignment, students, feedback=feedback, jobs=jobs, scheduler=scheduler, bar=bar)
    return GradingRun(assignment, results, class_report(course, assignment, results))
