"""Self-check: grade one learner's notebook against the full tests, with no gradebook and no instructor.

``python -m autograder check course/03_convolution/convolution.ipynb`` (or ``make check NB=...``)
reads the learner's notebook, puts back the chapter's graded test cells *with their hidden tests*
from ``solutions/`` (as ``nbgrader autograde`` does), runs the copy in a fresh kernel in a temporary
folder, and has the judge decide every graded cell against the reference solution's records, as
grading does (``autograder/grading/judge.py``): self-study and grading cannot disagree. It prints
one line per graded cell: points, ✓ or ✗, and for a failure the judge's message (the case, expected
vs got, the hint). The learner's file is only read, never written.

``--all`` checks every chapter under ``course/`` and prints one line per chapter, so a self-learner
sees where they stand. The hidden tests come from ``solutions/``: this is an open course.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from autograder.grading.judge import judge_cell
from autograder.grading.reference import ReferenceFailure, reference_records
from autograder.notebooks import (
    cleared_copy,
    execute_notebook,
    exercise_name,
    grade_cells,
    is_grade_cell,
    nbgrader_meta,
    read_notebook,
)
from autograder.translation import edition_folder, language_of

CELL_TIMEOUT_S = 60


@dataclass
class CellResult:
    grade_id: str
    points: float
    max_points: float
    message: str = ""  # why the cell failed: the check's message, or the error

    @property
    def passed(self) -> bool:
        return self.points == self.max_points


@dataclass
class ChapterResult:
    chapter: str
    notebook: Path
    cells: list[CellResult] = field(default_factory=list)
    problem: str = ""  # a reason the notebook could not be checked at all

    @property
    def points(self) -> float:
        return sum(cell.points for cell in self.cells)

    @property
    def max_points(self) -> float:
        return sum(cell.max_points for cell in self.cells)


def repository_root() -> Path:
    """The course repository this package belongs to (it holds solutions/ and course/)."""
    here = Path(__file__).resolve().parents[1]
    return here if (here / "solutions").is_dir() else Path.cwd()


def source_for(notebook: Path, root: Path) -> tuple[str, Path]:
    """The chapter id and the instructor notebook (with hidden tests) that a learner's notebook answers.

    Found by the folder name (course/<chapter>/<name>.ipynb), else by the notebook's file name.
    """
    chapter = notebook.resolve().parent.name
    candidate = root / "solutions" / chapter / notebook.name
    if candidate.exists():
        return chapter, candidate
    matches = sorted((root / "solutions").glob(f"*/{notebook.name}"))
    if len(matches) == 1:
        return matches[0].parent.name, matches[0]
    raise FileNotFoundError(f"no chapter in {root / 'solutions'} has a notebook named {notebook.name}")


def _tests_of(source: NotebookNode) -> dict[str, NotebookNode]:
    """The graded test cells and locked cells of the instructor notebook, by grade_id."""
    return {
        nbgrader_meta(cell)["grade_id"]: cell
        for cell in source.cells
        if nbgrader_meta(cell).get("grade_id") and (is_grade_cell(cell) or nbgrader_meta(cell).get("locked"))
    }


def with_full_tests(learner: NotebookNode, source: NotebookNode) -> NotebookNode:
    """A copy of the learner's notebook whose locked and graded cells are the instructor's.

    As ``nbgrader autograde`` does: edited test cells are put back, deleted ones are added at the
    end. The hidden-test markers are only comments, so the cells run as they are.
    """
    tests = _tests_of(source)
    graded = cleared_copy(learner)
    seen: set[str] = set()
    for cell in graded.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in tests and grade_id not in seen:
            original = tests[grade_id]
            cell.cell_type, cell.source, cell.metadata = original.cell_type, original.source, original.metadata
            seen.add(grade_id)
    for grade_id, original in tests.items():
        if grade_id not in seen and is_grade_cell(original):
            graded.cells.append(nbformat.from_dict(original))
    return graded


def check_notebook(notebook: Path, root: Path | None = None) -> ChapterResult:
    """Grade one learner's notebook with the full tests; the learner's file is only read."""
    root = root or repository_root()
    try:
        chapter, source_path = source_for(notebook, root)
    except FileNotFoundError as error:
        return ChapterResult(notebook.parent.name, notebook, problem=str(error))
    source = read_notebook(source_path)
    result = ChapterResult(chapter, notebook)
    try:
        learner = nbformat.reads(notebook.read_bytes().decode("utf-8"), as_version=4)
    except Exception as error:  # corrupt JSON, not UTF-8, not a notebook
        result.problem = f"{notebook} cannot be read as a notebook ({type(error).__name__}: {error})"
        result.cells = [
            CellResult(nbgrader_meta(c)["grade_id"], 0.0, float(nbgrader_meta(c)["points"]))
            for c in grade_cells(source)
        ]
        return result
    try:
        reference = reference_records(source_path)
    except ReferenceFailure as error:
        result.problem = str(error)
        return result
    graded = with_full_tests(learner, source)
    with tempfile.TemporaryDirectory(prefix="selfcheck-") as scratch:
        execute_notebook(graded, Path(scratch), grading=True, record=True, timeout=CELL_TIMEOUT_S)
    for cell in grade_cells(graded):
        meta = nbgrader_meta(cell)
        verdict = judge_cell(meta["grade_id"], reference.get(meta["grade_id"]), cell.outputs)
        points = float(meta["points"]) if verdict.passed else 0.0
        message = "" if verdict.passed else verdict.message(for_instructor=True, language=language_of(learner))
        result.cells.append(CellResult(meta["grade_id"], points, float(meta["points"]), message))
    return result


def format_chapter(result: ChapterResult) -> str:
    """Per graded cell: points, ✓/✗, and for a failure its message, indented."""
    lines = [f"{result.chapter}: {result.notebook}"]
    if result.problem:
        lines.append(f"  ! {result.problem}")
    for cell in result.cells:
        mark = "✓" if cell.passed else "✗"
        lines.append(f"  {mark} {exercise_name(cell.grade_id):32s} {cell.points:g}/{cell.max_points:g}")
        if cell.message:
            lines += [f"      {line}" for line in cell.message.splitlines()[:12]]
    lines.append(f"  total: {result.points:g}/{result.max_points:g} points (hidden tests included)")
    return "\n".join(lines)


def format_progress(results: list[ChapterResult]) -> str:
    """One line per chapter: points earned / possible, and which exercises still fail."""
    lines = []
    for result in results:
        todo = [exercise_name(cell.grade_id) for cell in result.cells if not cell.passed]
        status = "done" if result.cells and not todo and not result.problem else ("to do: " + ", ".join(todo))
        if result.problem and not result.cells:
            status = result.problem
        lines.append(f"{result.chapter:18s} {result.points:4g}/{result.max_points:<4g} {status}")
    earned, possible = sum(r.points for r in results), sum(r.max_points for r in results)
    lines.append(f"{'course':18s} {earned:4g}/{possible:<4g}")
    return "\n".join(lines)


def course_notebooks(root: Path, language: str = "en") -> list[Path]:
    """The learner's notebooks of an edition (``course/`` or ``course/zh/``), one per chapter, in order."""
    folder = edition_folder(root, language)
    return sorted(path for path in folder.glob("*/*.ipynb") if ".ipynb_checkpoints" not in path.parts)
