"""The class report written after every grading run, for the instructor.

``work/reports/<assignment>/``: ``grades.csv`` (one row per student: score, every test cell, the
problems found), ``exercises.csv`` (per exercise: pass rate, students who left the stub, and the most common
failure message of those who tried),
``histogram.png`` (the class's scores) and ``index.html``, one page that shows them all. nbgrader's
own ``grades.csv`` (``nbgrader export``, every assignment) is written beside the gradebook too.
"""

from __future__ import annotations

import csv
import html
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from autograder.grading.course import Course
from autograder.grading.judge import NOT_DONE
from autograder.grading.report import StudentResult, export_grades
from autograder.notebooks import exercise_name
from autograder.text import printable


@dataclass
class ExerciseSummary:
    grade_id: str
    max_score: float
    graded: int  # students graded on it
    passed: int  # of those, with full points
    mean: float
    common_failure: str  # the most common failure message of an attempt ("" when none failed)
    failures: int  # students with that message
    not_attempted: int = 0  # students whose exercise still raises NotImplementedError (the stub)

    @property
    def name(self) -> str:
        return exercise_name(self.grade_id)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.graded if self.graded else 0.0


@dataclass
class ClassReport:
    folder: Path
    grades: Path
    exercises: Path
    histogram: Path
    html: Path
    summaries: list[ExerciseSummary]
    nbgrader_csv: Path | None


NOT_ATTEMPTED = NOT_DONE  # the judge's words for the released stub, untouched


def summarize(results: list[StudentResult]) -> list[ExerciseSummary]:
    """Per exercise (test cell), in notebook order: pass rate, mean and the most common failure."""
    order: list[str] = []
    cells: dict[str, list[tuple[float, float, str]]] = {}
    for result in results:
        if not result.graded:
            continue
        for cell in result.cells:
            if cell.grade_id not in cells:
                order.append(cell.grade_id)
                cells[cell.grade_id] = []
            cells[cell.grade_id].append((cell.score, cell.max_score, cell.error))
    summaries = []
    for grade_id in order:
        rows = cells[grade_id]
        errors = [error or "(no error message: output on stderr?)" for score, top, error in rows if score < top]
        stubs = sum(1 for error in errors if error.startswith(NOT_ATTEMPTED))
        failed = Counter(error for error in errors if not error.startswith(NOT_ATTEMPTED))
        message, count = failed.most_common(1)[0] if failed else ("", 0)
        summaries.append(
            ExerciseSummary(
                grade_id,
                max(top for _, top, _ in rows),
                len(rows),
                sum(1 for score, top, _ in rows if score >= top),
                sum(score for score, _, _ in rows) / len(rows),
                message,
                count,
                stubs,
            )
        )
    return summaries


def write_grades_csv(path: Path, results: list[StudentResult]) -> None:
    grade_ids = list(dict.fromkeys(cell.grade_id for result in results for cell in result.cells))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "graded", "score", "max_score", *grade_ids, "problems"])
        for result in results:
            scores = {cell.grade_id: cell.score for cell in result.cells}
            writer.writerow(
                [
                    printable(result.student),
                    "yes" if result.graded else "no",
                    f"{result.score:g}" if result.graded else "",
                    f"{result.max_score:g}",
                    *[f"{scores[g]:g}" if g in scores else "" for g in grade_ids],
                    printable("; ".join(result.problems), limit=2000),
                ]
            )


def write_exercises_csv(path: Path, summaries: list[ExerciseSummary]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        header = ["exercise", "test_cell", "points", "graded", "passed", "pass_rate", "mean", "not_attempted"]
        writer.writerow([*header, "common_failure"])
        for s in summaries:
            writer.writerow(
                [
                    s.name,
                    s.grade_id,
                    f"{s.max_score:g}",
                    s.graded,
                    s.passed,
                    f"{s.pass_rate:.3f}",
                    f"{s.mean:.2f}",
                    s.not_attempted,
                    f"{printable(s.common_failure)} ({s.failures} students)" if s.failures else "",
                ]
            )


def write_histogram(path: Path, results: list[StudentResult], max_score: float, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    scores = [result.score for result in results if result.graded]
    figure = Figure(figsize=(6.4, 3.6), dpi=100)
    axes = figure.subplots()
    top = max(max_score, max(scores, default=0.0), 1.0)
    bins = min(20, max(1, int(top)))
    axes.hist(scores, bins=bins, range=(0, top), color="#4c72b0", edgecolor="white")
    ungraded = sum(1 for result in results if not result.graded)
    axes.set_xlabel(f"score (of {max_score:g})" + (f"; {ungraded} not graded" if ungraded else ""))
    axes.set_ylabel("students")
    axes.set_title(title)
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    figure.tight_layout()
    figure.savefig(path)


def _page(assignment: str, results: list[StudentResult], summaries: list[ExerciseSummary]) -> str:
    def e(text: str) -> str:
        return html.escape(printable(text, limit=2000))

    graded = [r for r in results if r.graded]
    mean = sum(r.score for r in graded) / len(graded) if graded else 0.0
    top = results[0].max_score if results else 0.0
    out = io.StringIO()
    out.write(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(assignment)}: class report</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }}
td.num {{ text-align: right; }}
.bar {{ background: #4c72b0; height: 0.8em; display: inline-block; }}
code {{ white-space: pre-wrap; }}
</style></head><body>
<h1>{e(assignment)}: class report</h1>
<p>{len(results)} students, {len(graded)} graded; mean score {mean:.2f} of {top:g}.
Files beside this page: <a href="grades.csv">grades.csv</a>, <a href="exercises.csv">exercises.csv</a>,
<a href="histogram.png">histogram.png</a>.</p>
<h2>Scores</h2>
<img src="histogram.png" alt="histogram of the class's scores">
<h2>Exercises</h2>
<table><tr><th>exercise</th><th>points</th><th>pass rate</th><th>mean</th><th>not attempted</th>
<th>most common failure (of those who tried)</th></tr>
""")
    for s in summaries:
        width = round(100 * s.pass_rate)
        failure = f"<code>{e(s.common_failure)}</code> ({s.failures} students)" if s.failures else "none"
        out.write(
            f"<tr><td>{e(s.name)}</td><td class='num'>{s.max_score:g}</td>"
            f"<td><span class='bar' style='width:{width}px'></span> {100 * s.pass_rate:.0f}% "
            f"({s.passed}/{s.graded})</td><td class='num'>{s.mean:.2f}</td>"
            f"<td class='num'>{s.not_attempted}</td><td>{failure}</td></tr>\n"
        )
    out.write("</table>\n<h2>Students</h2>\n<table><tr><th>student</th><th>score</th><th>problems</th></tr>\n")
    for r in results:
        score = f"{r.score:g}/{r.max_score:g}" if r.graded else f"-/{r.max_score:g}"
        lost = [exercise_name(c.grade_id) for c in r.cells if c.score < c.max_score]
        notes = r.problems + ([f"lost points in {', '.join(lost)}"] if lost else [])
        out.write(f"<tr><td>{e(r.student)}</td><td class='num'>{score}</td><td>{e('; '.join(notes))}</td></tr>\n")
    out.write("</table>\n</body></html>\n")
    return out.getvalue()


def class_report(
    course: Course, assignment: str, results: list[StudentResult], *, nbgrader_export: bool = True
) -> ClassReport:
    """Write the class report of one grading run under work/reports/<assignment>/."""
    folder = course.work / "reports" / assignment
    folder.mkdir(parents=True, exist_ok=True)
    summaries = summarize(results)
    grades, exercises = folder / "grades.csv", folder / "exercises.csv"
    histogram, page = folder / "histogram.png", folder / "index.html"
    write_grades_csv(grades, results)
    write_exercises_csv(exercises, summaries)
    top = results[0].max_score if results else 0.0
    write_histogram(histogram, results, top, f"{assignment}: {sum(r.graded for r in results)} students graded")
    page.write_text(_page(assignment, results, summaries), encoding="utf-8")
    exported = export_grades(course) if nbgrader_export else None
    return ClassReport(folder, grades, exercises, histogram, page, summaries, exported)
