"""Grading a class: every student through submission → worker → gradebook → report, one at a time.

Nothing a submission contains stops the class: any exception while grading one student becomes
that student's report line (and its log is kept). Issue 11 replaces the loop by a pool of workers;
the coordinator (this module) stays the only writer of the gradebook.
"""

from __future__ import annotations

import shutil
import traceback
from collections.abc import Callable

from autograder.grading import gradebook
from autograder.grading.course import Course, max_score
from autograder.grading.preprocessors import CRASH_MESSAGE, OUTPUT_CUT
from autograder.grading.report import StudentResult, generate_feedback, keep_log
from autograder.grading.submission import read_submission
from autograder.grading.worker import WorkResult, grade_submission


def announce(student: str) -> None:
    """Progress line for grade_class: which student is being graded now."""
    print(f"grading {student} ...", flush=True)


def grade_class(
    course: Course,
    assignment: str,
    students: list[str] | None = None,
    *,
    feedback: bool = False,
    progress: Callable[[str], None] | None = None,
) -> list[StudentResult]:
    """Autograde every submitted student (or the given ones); registers the assignment first.

    feedback: also write each graded student's feedback HTML. progress: called with each
    student's name before grading (the CLI prints it).
    """
    template = gradebook.register(course, assignment)
    try:
        results = []
        for student in students or course.students(assignment):
            if progress:
                progress(student)
            results.append(grade_one(course, assignment, student, template / "work" / "gradebook.db", feedback))
        return results
    finally:
        shutil.rmtree(template, ignore_errors=True)


def grade_student(course: Course, assignment: str, student: str) -> StudentResult:
    """Grade one student (registering the assignment first)."""
    return grade_class(course, assignment, [student])[0]


def grade_one(course: Course, assignment: str, student: str, template: object, feedback: bool) -> StudentResult:
    result = StudentResult(student, max_score=max_score(course, assignment))
    try:
        _grade(course, assignment, student, template, feedback, result)
    except Exception as error:  # the guard: one student's failure is that student's line
        log = keep_log(course, assignment, student, traceback.format_exc())
        result.problems.append(f"grading failed: {type(error).__name__}: {error} (log: {log})")
        result.graded = False
        try:
            gradebook.record(course, assignment, student, None)
        except Exception:
            pass
    return result


def _grade(
    course: Course, assignment: str, student: str, template: object, feedback: bool, result: StudentResult
) -> None:
    from pathlib import Path

    submission = read_submission(course, assignment, student)
    result.problems += submission.problems
    if not submission.gradable:
        gradebook.record(course, assignment, student, None)
        if not result.problems:
            result.problems.append("nothing to grade")
        return
    work = grade_submission(
        course.root, assignment, student, submission.files, submission.gradable, Path(str(template))
    )
    if not work.ok:
        log = keep_log(course, assignment, student, work.log)
        result.problems.append(f"nbgrader could not grade it: {work.error} (log: {log})")
        gradebook.record(course, assignment, student, None)
        return
    gradebook.record(course, assignment, student, work)
    result.problems += work.notes + cell_notes(work)
    recorded = gradebook.recorded_scores(course, assignment, student)
    if recorded is None:
        result.problems.append("graded, but the gradebook has no submission: not recorded")
        return
    result.graded = True
    result.score, result.max_score, cells = recorded
    errors = {cell.grade_id: cell.error for cell in work.cells}
    result.cells = [
        cell.__class__(cell.grade_id, cell.score, cell.max_score, errors.get(cell.grade_id, "")) for cell in cells
    ]
    if {c.grade_id: c.score for c in cells} != {c.grade_id: c.score for c in work.cells}:
        result.problems.append("the gradebook's scores differ from the worker's: regrade")
    if feedback and not generate_feedback(course, assignment, student):
        result.problems.append("feedback could not be generated")


def cell_notes(work: WorkResult, limit: int = 5) -> list[str]:
    """What went wrong in the student's own cells (test cells are reported from their scores)."""
    import nbformat

    from autograder.notebooks import is_grade_cell

    found = []
    marker = CRASH_MESSAGE.split("{", 1)[0]
    cut = OUTPUT_CUT.split("{", 1)[0].strip()
    for name, data in sorted(work.files.items()):
        if not name.endswith(".ipynb"):
            continue
        notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
        for index, cell in enumerate(notebook.cells, start=1):
            if cell.cell_type != "code" or is_grade_cell(cell):
                continue
            outputs = cell.get("outputs", [])
            timed_out = any(o.get("ename") == "CellTimeoutError" for o in outputs)
            for output in outputs:
                evalue = str(output.get("evalue", ""))
                if timed_out and output.get("output_type") == "error":
                    if output.get("ename") == "CellTimeoutError":
                        found.append(f"{name}: cell {index} timed out (infinite loop?)")
                    continue
                if output.get("output_type") == "error" and marker in evalue:
                    why = evalue.split("running it ", 1)[-1].split(".", 1)[0]
                    found.append(f"{name}: cell {index} {why}: skipped, the rest graded")
                elif output.get("output_type") == "error" and output.get("ename") != "NotImplementedError":
                    first = (evalue.splitlines() or [""])[0][:120]
                    found.append(f"{name}: cell {index} raised {output.get('ename')}: {first}".rstrip(": "))
                elif output.get("output_type") == "stream" and cut in str(output.get("text", "")):
                    found.append(f"{name}: cell {index} printed too much: output cut")
    return list(dict.fromkeys(found))[:limit]
