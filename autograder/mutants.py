"""Mutation testing of a chapter's graded tests: every plausible wrong solution must lose points.

A mutant is a small Python file under ``tests/mutants/<chapter>/``. Its docstring names the
mistake; its top-level functions replace exercise functions of the same name. For example
``tests/mutants/01_neuron/sigmoid_naive_overflow.py``::

    '''sigmoid computed as 1 / (1 + exp(-z)): overflows for z = -1000.'''
    import numpy as np

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

The runner executes the solution notebook once in one kernel, then for every mutant: runs the
mutant's code, runs every graded test cell again, and restores the solution by running the
solution cells again. Graded cells record their values, as in grading, and the judge decides each
one against the reference's records (``autograder/grading/judge.py``), exactly as it decides a
student's. A mutant is *caught* when the judge fails at least one **hidden** case of a graded cell
(its value differs, or it was never recorded because the mutant's code raised). Failing only visible
cases is not enough: a visible case's expected value is in the cell for the learner to read, so a
student who replaces the recording could forge it; a hidden case's expected value never enters the
kernel. So the runner plays that student: after the solution has run, the visible checks are
replaced by ones that record but never raise, and every statement of a test cell runs. A
stderr-only failure would also cost points under nbgrader, but it does not count here: a test must
say what is wrong.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from autograder.grading.judge import judge_cell
from autograder.grading.reference import reference_records
from autograder.notebooks import (
    cell_error_text,
    cleared_copy,
    defined_functions,
    execute_notebook,
    exercise_functions,
    grade_cells,
    is_grade_cell,
    nbgrader_meta,
    read_notebook,
    solution_cells,
)

PHASE_KEY = "mutation_phase"
# The mutation gate plays the determined student: visible checks record but never stop a cell (as if
# the student had replaced them), so only what the hidden cases see can catch a mutant.
LENIENT_CHECKS = """# the mutation gate: visible checks record, but a failing one no longer stops the cell
import autograder.checks as _checks_module


def _lenient(check):
    def lenient(*args, **kwargs):
        try:
            return check(*args, **kwargs)
        except _checks_module.CheckFailure as failure:
            return failure.result
    return lenient


for _name in [n for n in _checks_module.__all__ if n.startswith("check_") and n in globals()]:
    globals()[_name] = _lenient(getattr(_checks_module, _name))
"""


@dataclass
class Mutant:
    path: Path
    description: str
    source: str
    functions: list[str]

    @property
    def name(self) -> str:
        return self.path.stem


@dataclass
class MutantResult:
    mutant: Mutant
    failed_cells: dict[str, str] = field(default_factory=dict)  # grade_id -> the judge's reason (a hidden case)
    visible_only: dict[str, str] = field(default_factory=dict)  # grade_id -> reason, only visible cases failed
    stderr_cells: list[str] = field(default_factory=list)

    @property
    def caught(self) -> bool:
        return bool(self.failed_cells)


def load_mutant(path: Path) -> Mutant:
    source = path.read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(source)) or ""
    description = docstring.strip().splitlines()[0] if docstring else ""
    return Mutant(path, description, source, defined_functions(source))


def load_mutants(directory: Path) -> list[Mutant]:
    return [load_mutant(path) for path in sorted(directory.glob("*.py"))]


def _tagged(source: str, phase: str, grade_id: str = "") -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata[PHASE_KEY] = {"phase": phase, "grade_id": grade_id}
    return cell


def build_mutation_notebook(solution: NotebookNode, mutants: list[Mutant]) -> NotebookNode:
    """The solution notebook followed, for each mutant, by: mutant code, graded tests, restore."""
    nb = cleared_copy(solution)
    tests = grade_cells(solution)
    restore = "\n\n".join(cell.source for cell in solution_cells(solution))
    nb.cells.append(_tagged(LENIENT_CHECKS, "lenient:checks"))
    for mutant in mutants:
        nb.cells.append(_tagged(mutant.source, f"load:{mutant.name}"))
        for test in tests:
            nb.cells.append(_tagged(test.source, f"test:{mutant.name}", nbgrader_meta(test)["grade_id"]))
        nb.cells.append(_tagged(restore, f"restore:{mutant.name}"))
    return nb


def run_mutants(notebook_path: Path, mutants: list[Mutant]) -> tuple[list[str], list[MutantResult]]:
    """Run all mutants against one solution notebook.

    Returns (problems, results): problems are reasons the run itself is not valid (a baseline
    test failing, a mutant that does not load or replaces no exercise).
    """
    solution = read_notebook(notebook_path)
    exercises = set(exercise_functions(solution))
    problems: list[str] = []
    for mutant in mutants:
        unknown = [name for name in mutant.functions if name not in exercises]
        if not mutant.functions or unknown:
            problems.append(f"{mutant.name}: replaces no exercise function ({unknown or 'no functions'})")
        if not mutant.description:
            problems.append(f"{mutant.name}: has no docstring naming the mistake")
    reference = reference_records(notebook_path)
    executed = execute_notebook(build_mutation_notebook(solution, mutants), notebook_path.parent, record=True)
    results = {mutant.name: MutantResult(mutant) for mutant in mutants}
    for cell in executed.cells[: len(solution.cells)]:
        if is_grade_cell(cell):
            grade_id = nbgrader_meta(cell)["grade_id"]
            verdict = judge_cell(grade_id, reference.get(grade_id), cell.outputs)
            if not verdict.passed:
                problems.append(f"baseline: {grade_id} fails on the solution: {verdict.summary()}")
    for cell in executed.cells[len(solution.cells) :]:
        tag = cell.metadata[PHASE_KEY]
        phase, _, name = tag["phase"].partition(":")
        if phase in ("load", "restore", "lenient"):
            error = cell_error_text(cell)
            if error:
                problems.append(f"{name}: the {phase} cell failed: {error}")
            continue
        verdict = judge_cell(tag["grade_id"], reference.get(tag["grade_id"]), cell.outputs)
        if verdict.passed:
            continue
        hidden = [case for case in verdict.failed_cases if not case.visible]
        if hidden:
            results[name].failed_cells[tag["grade_id"]] = f"{hidden[0].case}: {hidden[0].problem}"
        elif verdict.failed_cases:
            results[name].visible_only[tag["grade_id"]] = verdict.summary()
        elif verdict.kernel_problem.startswith("the cell wrote to stderr"):
            results[name].stderr_cells.append(tag["grade_id"])
    return problems, list(results.values())


def report(problems: list[str], results: list[MutantResult]) -> str:
    """A readable table: one line a mutant, caught by which graded cells."""
    lines = [f"PROBLEM {problem}" for problem in problems]
    for result in results:
        status = "caught " if result.caught else "MISSED "
        where = ", ".join(sorted(result.failed_cells)) or "-"
        extra = f" (stderr only in {', '.join(result.stderr_cells)})" if result.stderr_cells else ""
        if result.visible_only and not result.caught:
            extra += f" (only visible cases failed, in {', '.join(sorted(result.visible_only))}: add a hidden case)"
        lines.append(f"{status} {result.mutant.name:40s} by {where}{extra}  # {result.mutant.description}")
    caught = sum(result.caught for result in results)
    lines.append(f"{caught} of {len(results)} mutants caught")
    return "\n".join(lines)
