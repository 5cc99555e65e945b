"""``make demo``: grade a small example class end to end, headless, as an instructor would.

The class is built from the chapter's own notebooks, in the git-ignored work folder:

==========  ==============================================================================
student     submission
==========  ==============================================================================
ada_full    every exercise solved
ben_blank   the released notebook, untouched
cai_half    the first half of the exercises solved
dee_wrong   everything solved, but two exercises with plausible mistakes (from tests/mutants)
eli_loop    everything solved, but one function never returns (an infinite loop)
fay_corrupt the .ipynb file is cut short: not valid JSON
gus_tamper  everything solved, one test cell deleted and another edited to ``pass``
hal_crash   everything solved, plus a cell that kills the Python kernel
ivy_bomb    everything solved, but one function allocates memory until it runs out
==========  ==============================================================================

Then exactly what ``python -m autograder grade --feedback`` does (``grading.grade_assignment``):
nbgrader autograde in parallel workers, with the same progress bar (students done, ETA, students
with problems), the judge, the gradebook; feedback HTML, the class report under
``work/reports/<assignment>/``, grades.csv, and a table of student, score/max and the problems found.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from autograder import grading
from autograder.mutants import load_mutants
from autograder.notebooks import (
    defined_functions,
    exercise_functions,
    grade_cells,
    nbgrader_meta,
    read_notebook,
    solution_cells,
)

SOLUTION_MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*\n", flags=re.MULTILINE)

INFINITE_LOOP = '''

def {name}(*args, **kwargs):
    """Waits for a condition that never comes true."""
    done = False
    while not done:
        pass
'''

MEMORY_BOMB = '''

def {name}(*args, **kwargs):
    """Keeps every intermediate result: memory grows without bound."""
    import numpy as np
    history = []
    while True:
        history.append(np.ones(6 * 10**8))  # 4.8 GB a step
'''

KERNEL_KILLER = "\n\nimport os\nos._exit(1)  # a stray call that kills the Python process\n"


def solved(release: NotebookNode, source: NotebookNode, how_many: int | None = None) -> NotebookNode:
    """The release notebook with the first ``how_many`` exercise cells filled in from the source."""
    answers = {nbgrader_meta(cell)["grade_id"]: cell.source for cell in solution_cells(source)}
    notebook = nbformat.from_dict(release)
    for count, cell in enumerate(solution_cells(notebook)):
        if how_many is None or count < how_many:
            cell.source = SOLUTION_MARKERS.sub("", answers[nbgrader_meta(cell)["grade_id"]])
    return notebook


def append_to_exercise(notebook: NotebookNode, function: str, code: str) -> NotebookNode:
    """Append ``code`` to the exercise cell that defines ``function`` (redefining it, say)."""
    notebook = nbformat.from_dict(notebook)
    for cell in solution_cells(notebook):
        if function in defined_functions(cell.source):
            cell.source += code
            return notebook
    raise ValueError(f"no exercise cell defines {function}")


def example_class(release: NotebookNode, source: NotebookNode, mutant_dir: Path) -> dict[str, NotebookNode | str]:
    """The example submissions by student: a notebook, or raw text for the corrupt one."""
    full = solved(release, source)
    exercises = exercise_functions(source)
    last = exercises[-1]
    submissions: dict[str, NotebookNode | str] = {
        "ada_full": full,
        "ben_blank": release,
        "cai_half": solved(release, source, how_many=len(solution_cells(source)) // 2),
    }
    wrong = full
    used: set[str] = set()
    for mutant in load_mutants(mutant_dir):
        if len(used) < 2 and mutant.functions[0] not in used:
            wrong = append_to_exercise(wrong, mutant.functions[0], "\n\n" + mutant.source)
            used.add(mutant.functions[0])
    submissions["dee_wrong"] = wrong
    submissions["eli_loop"] = append_to_exercise(full, last, INFINITE_LOOP.format(name=last))
    text = nbformat.writes(full)
    submissions["fay_corrupt"] = text[: len(text) // 2]
    tampered = nbformat.from_dict(full)
    graded = grade_cells(tampered)
    graded[-1].source = "pass  # the test was too strict"
    tampered.cells.remove(graded[0])
    submissions["gus_tamper"] = tampered
    submissions["hal_crash"] = append_to_exercise(full, last, KERNEL_KILLER)
    submissions["ivy_bomb"] = append_to_exercise(full, last, MEMORY_BOMB.format(name=last))
    return submissions


def write_class(course: grading.Course, assignment: str, submissions: dict[str, NotebookNode | str]) -> None:
    notebook_name = next(course.release(assignment).glob("*.ipynb")).name
    for student, submission in submissions.items():
        folder = course.submitted(student, assignment)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        text = submission if isinstance(submission, str) else nbformat.writes(submission)
        (folder / notebook_name).write_text(text, encoding="utf-8")


def run_demo(root: Path, assignment: str = "01_neuron") -> int:
    course = grading.Course.from_root(root)
    source_path = next(course.source(assignment).glob("*.ipynb"))
    release_path = course.release(assignment) / source_path.name
    submissions = example_class(
        read_notebook(release_path), read_notebook(source_path), root / "tests" / "mutants" / assignment
    )
    write_class(course, assignment, submissions)
    print(f"Example class of {len(submissions)} students written to {course.work / 'submitted'}")
    print(grading.sandbox_status())
    run = grading.grade_assignment(course, assignment, list(submissions), feedback=True)
    print()
    print(run.summary())
    print(f"gradebook: {grading.db_url(course)}")
    print(f"feedback:  {course.work / 'feedback'}/<student>/{assignment}/*.html")
    expected_ungraded = {"fay_corrupt"}
    return 0 if run.report.nbgrader_csv and set(run.ungraded) <= expected_ungraded else 1
