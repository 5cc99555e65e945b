"""One exercise alone: blanking one exercise may cost points only in the graded cells that judge it.

A graded test cell must judge its own exercise alone: it builds every input it needs (an upstream
gradient, a loss, a cache) itself, so that a wrong or unfinished ``mse_loss`` cannot cost
``mlp_backward`` its points. This module checks that by experiment, in one kernel per chapter, the
way :mod:`autograder.mutants` does: run the solution notebook once, rerun every graded cell once
(the baseline), then for each exercise function ``f``

1. replace ``f`` by a blank with the same signature whose body is ``raise NotImplementedError()``
   (what a student who has not done ``f`` yet has),
2. rerun every graded cell and record which lose points: the judge decides each, as in grading
   (a case that differs from the reference's, a case not recorded, an error, anything on stderr),
3. restore the solution by rerunning every solution cell.

Which cells may lose points when ``f`` is blank (everything else is a violation):

- **the cells that judge f.** A graded cell judges the exercise functions defined by the solution
  cells between the previous graded cell and itself; several graded cells in a row after one
  solution cell share that cell's functions. When a solution cell defines several functions, a
  graded cell judges those of them that it names, if it names any (``test_relu_grad`` judges
  ``relu_grad``, not ``relu``). This is by position in the notebook, never by what the test calls:
  a test that calls another exercise's function is exactly the fault this gate exists to find.
- **the cells that judge an exercise g whose own solution uses f**, directly or through other
  functions (static analysis of the solution source: ``neuron_forward`` calling ``sigmoid`` is the
  student's design, so a blank ``sigmoid`` may cost ``test_neuron_forward`` its points).
- **the cells that judge** ``<layer>_backward`` **when** ``<layer>_forward`` **is blank, or uses f**:
  a backward test needs the student's own forward pass for its cache.

Every exercise's blank must also cost at least one graded cell its points (else nothing tests it).
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from autograder.grading.judge import judge_cell
from autograder.grading.reference import reference_records
from autograder.notebooks import (
    cell_error_text,
    cleared_copy,
    execute_notebook,
    exercise_functions,
    is_grade_cell,
    is_solution_cell,
    nbgrader_meta,
    read_notebook,
    solution_cells,
)

PHASE_KEY = "isolation_phase"
BASELINE = ""  # the phase name of the rerun with nothing blanked


# ---------------------------------------------------------------- static analysis of the notebook


def _top_level_functions(source: str) -> dict[str, ast.FunctionDef]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def names_used(source_or_node: str | ast.AST) -> set[str]:
    """Every name a piece of code reads (calls, passes on, assigns from)."""
    tree = ast.parse(source_or_node) if isinstance(source_or_node, str) else source_or_node
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def uses_graph(nb: NotebookNode) -> dict[str, set[str]]:
    """For every top-level function of the notebook's non-graded code cells: the names its body reads."""
    graph: dict[str, set[str]] = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or is_grade_cell(cell):
            continue
        for name, node in _top_level_functions(cell.source).items():
            graph.setdefault(name, set()).update(names_used(node))
    return graph


def users_of(function: str, graph: dict[str, set[str]]) -> set[str]:
    """The functions that use ``function`` directly or through other functions (not itself)."""
    users: set[str] = set()
    frontier = {function}
    while frontier:
        found = {name for name, used in graph.items() if used & frontier and name not in users}
        users |= found
        frontier = found
    users.discard(function)
    return users


def judged_exercises(nb: NotebookNode) -> dict[str, list[str]]:
    """grade_id -> the exercise functions that graded cell judges (see the module docstring)."""
    exercises = set(exercise_functions(nb))
    judged: dict[str, list[str]] = {}
    group: list[str] = []
    fresh: list[str] = []  # exercise functions defined since the last graded cell
    for cell in nb.cells:
        if is_solution_cell(cell):
            fresh += [name for name in _top_level_functions(cell.source) if name in exercises]
        elif is_grade_cell(cell):
            if fresh:
                group, fresh = fresh, []
            try:
                named = names_used(cell.source)
            except SyntaxError:
                named = set()
            own = [name for name in group if name in named] or group
            if not own:  # a graded cell before any solution cell: the exercises it names
                own = sorted(exercises & named)
            judged[nbgrader_meta(cell)["grade_id"]] = own
    return judged


def allowed_failures(nb: NotebookNode) -> dict[str, dict[str, str]]:
    """exercise f -> {grade_id: why that cell may lose points when f is blank}."""
    graph = uses_graph(nb)
    judged = judged_exercises(nb)
    allowed: dict[str, dict[str, str]] = {}
    for function in exercise_functions(nb):
        reasons: dict[str, str] = {}
        affected = {function: "it judges the blank exercise itself"}
        for user in sorted(users_of(function, graph)):
            affected.setdefault(user, f"{user}'s own solution uses {function}")
        for name, why in list(affected.items()):
            if name.endswith("_forward"):
                backward = name.removesuffix("_forward") + "_backward"
                affected.setdefault(backward, f"a {backward} test needs {name} for its cache ({why})")
        for grade_id, own in judged.items():
            for name in own:
                if name in affected:
                    reasons.setdefault(grade_id, f"judges {name}: {affected[name]}")
        allowed[function] = reasons
    return allowed


def blank_source(nb: NotebookNode, function: str) -> str:
    """``function`` as a student who has not done it has it: same signature, ``raise NotImplementedError()``."""
    for cell in solution_cells(nb):
        node = _top_level_functions(cell.source).get(function)
        if node is None:
            continue
        blank = copy.deepcopy(node)
        docstring = ast.get_docstring(node, clean=False)
        body: list[ast.stmt] = [ast.Expr(ast.Constant(docstring))] if docstring is not None else []
        body.append(ast.Raise(exc=ast.Call(ast.Name("NotImplementedError", ast.Load()), [], [])))
        blank.body = body
        return ast.unparse(ast.fix_missing_locations(blank))
    raise KeyError(f"no solution cell defines {function}")


# ---------------------------------------------------------------- running the experiment


@dataclass
class Violation:
    function: str  # the blank exercise
    grade_id: str  # the graded cell that lost its points
    judges: list[str]  # the exercises that cell judges
    error: str
    points: float

    def __str__(self) -> str:
        judges = ", ".join(self.judges) or "no exercise"
        return (
            f"graded cell {self.grade_id} ({self.points:g} points, judges {judges}) loses its points when "
            f"{self.function} is blank ({self.error}): a graded cell must judge its own exercise alone; "
            f"build the input it takes from {self.function} inside the test instead of calling {self.function}"
        )


@dataclass
class IsolationResult:
    problems: list[str] = field(default_factory=list)  # the experiment itself is not valid
    violations: list[Violation] = field(default_factory=list)
    untested: list[str] = field(default_factory=list)  # exercises whose blank costs no points
    failed: dict[str, dict[str, str]] = field(default_factory=dict)  # f -> {grade_id: error}
    allowed: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.problems or self.violations or self.untested)


def _tagged(source: str, phase: str, function: str, grade_id: str = "") -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata[PHASE_KEY] = {"phase": phase, "function": function, "grade_id": grade_id}
    return cell


def build_isolation_notebook(solution: NotebookNode, functions: Iterable[str]) -> NotebookNode:
    """The solution, a rerun of its graded cells, then for each function: blank, graded cells, restore."""
    nb = cleared_copy(solution)
    tests = [cell for cell in solution.cells if is_grade_cell(cell)]
    restore = "\n\n".join(cell.source for cell in solution_cells(solution))
    for test in tests:
        nb.cells.append(_tagged(test.source, "test", BASELINE, nbgrader_meta(test)["grade_id"]))
    for function in functions:
        nb.cells.append(_tagged(blank_source(solution, function), "blank", function))
        for test in tests:
            nb.cells.append(_tagged(test.source, "test", function, nbgrader_meta(test)["grade_id"]))
        nb.cells.append(_tagged(restore, "restore", function))
    return nb


def run_isolation(notebook_path: Path, *, timeout: int = 300) -> IsolationResult:
    """Blank every exercise of one solution notebook in turn; see the module docstring."""
    solution = read_notebook(notebook_path)
    functions = exercise_functions(solution)
    points = {
        nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c).get("points", 0))
        for c in solution.cells
        if is_grade_cell(c)
    }
    judged = judged_exercises(solution)
    result = IsolationResult(allowed=allowed_failures(solution))
    for grade_id, own in judged.items():
        if not own:
            result.problems.append(f"{grade_id}: judges no exercise (no solution cell before it, names none)")
    reference = reference_records(notebook_path)
    executed = execute_notebook(
        build_isolation_notebook(solution, functions), notebook_path.parent, record=True, timeout=timeout
    )
    for cell in executed.cells[: len(solution.cells)]:
        if is_grade_cell(cell):
            grade_id = nbgrader_meta(cell)["grade_id"]
            verdict = judge_cell(grade_id, reference.get(grade_id), cell.outputs)
            if not verdict.passed:
                result.problems.append(f"baseline: {grade_id} fails on the solution: {verdict.summary()}")
    result.failed = {function: {} for function in functions}
    for cell in executed.cells[len(solution.cells) :]:
        tag = cell.metadata[PHASE_KEY]
        if tag["phase"] != "test":
            error = cell_error_text(cell).rstrip(":")
            if error:
                result.problems.append(f"{tag['function']}: the {tag['phase']} cell failed: {error}")
            continue
        verdict = judge_cell(tag["grade_id"], reference.get(tag["grade_id"]), cell.outputs)
        if verdict.passed:
            continue
        if tag["function"] == BASELINE:
            result.problems.append(
                f"baseline: {tag['grade_id']} fails when the graded cells run again: {verdict.summary()}"
            )
        else:
            result.failed[tag["function"]][tag["grade_id"]] = verdict.summary()
    for function, failed in result.failed.items():
        if not failed:
            result.untested.append(function)
        for grade_id, error in failed.items():
            if grade_id not in result.allowed[function]:
                result.violations.append(
                    Violation(function, grade_id, judged.get(grade_id, []), error, points.get(grade_id, 0.0))
                )
    return result


def report(result: IsolationResult) -> str:
    """One line an exercise: which graded cells its blank costs points, and each violation."""
    lines = [f"PROBLEM {problem}" for problem in result.problems]
    for function, failed in result.failed.items():
        cells = ", ".join(sorted(failed)) or "-"
        lines.append(f"blank {function:32s} costs {cells}")
    lines += [f"UNTESTED {function}: its blank costs no graded cell any points" for function in result.untested]
    lines += [f"VIOLATION {violation}" for violation in result.violations]
    verdict = "isolated" if result.ok else "NOT isolated"
    lines.append(
        f"{len(result.failed)} exercises blanked one at a time: {len(result.violations)} violations, "
        f"{len(result.untested)} untested, {len(result.problems)} problems: {verdict}"
    )
    return "\n".join(lines)
