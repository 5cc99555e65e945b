"""A worker: a submission's bytes in, the graded notebooks and per-cell scores out.

It runs nbgrader's own ``autograde`` (with the course's ``nbgrader_config.py``: sandboxed kernels,
crash recovery, the judge) in a private folder of its own: a copy of the submission,
a copy of the template gradebook that knows the assignment, nothing shared. It never sees the
course's ``submitted/`` folder or its gradebook; the coordinator (``gradebook``) records what it
returns. Issue 11's pool runs many of these at once, locally or on a cluster.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.grading import zygote
from autograder.grading.confine import MEMORY_LIMIT_GB
from autograder.grading.course import Course, error_line, nbgrader
from autograder.grading.judge import KNOWN_ERRORS, SKIPPED_PROBLEM
from autograder.notebooks import grade_cells, nbgrader_meta, read_notebook

__all__ = ["CellScore", "WorkResult", "grade_submission"]


@dataclass
class CellScore:
    grade_id: str
    score: float
    max_score: float
    error: str = ""


@dataclass
class WorkResult:
    """What a worker returns: graded files (relative path → bytes), scores, notes and nbgrader's log."""

    ok: bool
    files: dict[str, bytes] = field(default_factory=dict)
    cells: list[CellScore] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""
    log: str = ""


def prepare_copy(files: dict[str, bytes], notebooks: list[str], valid_ids: set[str]) -> dict[str, bytes]:
    """The worker's own copy: notebooks as nbformat 4; fake or duplicated test cells lose their grading metadata."""
    copy = dict(files)
    for name in notebooks:
        notebook = nbformat.reads(files[name].decode("utf-8"), as_version=4)
        seen: set[str] = set()
        for cell in notebook.cells:
            meta = cell.get("metadata", {}).get("nbgrader")
            if not meta or not meta.get("grade"):
                continue
            if meta.get("grade_id") not in valid_ids or meta.get("grade_id") in seen:
                del cell.metadata["nbgrader"]
            else:
                seen.add(meta["grade_id"])
        copy[name] = nbformat.writes(notebook).encode("utf-8")
    return copy


def grade_submission(
    root: Path, assignment: str, student: str, files: dict[str, bytes], notebooks: list[str], template: Path
) -> WorkResult:
    """Autograde one submission in a private folder; ``template`` is a gradebook that knows the assignment."""
    from nbgrader.api import Gradebook, MissingEntry

    sources = zygote.source_notebooks(root / "solutions" / assignment)
    valid = {nbgrader_meta(c)["grade_id"] for n in notebooks for c in grade_cells(sources[n])}
    zygote.ensure(zygote.preload_modules(sources.values()))  # kernels forked warm, where allowed
    with tempfile.TemporaryDirectory(prefix="autograder-worker-") as tmp:
        private = Course(root, Path(tmp) / "work")
        folder = private.submitted(student, assignment)
        for relative, data in prepare_copy(files, notebooks, valid).items():
            if relative.endswith(".ipynb") and relative not in notebooks:
                continue  # notebooks with other names are not graded (and not copied)
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(data)
        shutil.copy(template, private.work / "gradebook.db")
        saved = os.environ.pop("NBGRADER_DB_URL", None)
        try:
            ok, log = nbgrader(private, "autograde", assignment, "--student", student, "--force")
        finally:
            if saved is not None:
                os.environ["NBGRADER_DB_URL"] = saved
        result = WorkResult(ok, log=log)
        graded = private.autograded(student, assignment)
        if not ok or not all((graded / name).exists() for name in notebooks):
            result.ok = False
            result.error = error_line(log)
            return result
        result.files = {str(p.relative_to(graded)): p.read_bytes() for p in sorted(graded.rglob("*")) if p.is_file()}
        errors: dict[str, str] = {}
        for name in notebooks:
            for cell in grade_cells(read_notebook(graded / name)):
                errors[nbgrader_meta(cell)["grade_id"]] = judged_error(cell)
        with Gradebook("sqlite:///" + str(private.work / "gradebook.db")) as gradebook:
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                result.ok, result.error = False, "nbgrader finished but recorded no submission"
                return result
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.cell_type == "code" and grade.max_score:
                        result.cells.append(
                            CellScore(grade.name, grade.score, grade.max_score, errors.get(grade.name, ""))
                        )
        result.notes = notes(result.cells)
        return result


def judged_error(cell: nbformat.NotebookNode) -> str:
    """Why a graded cell lost its points, one line, as the judge put it ('' when it passed)."""
    judge = cell.get("metadata", {}).get("autograder", {}).get("judge", {})
    return str(judge.get("summary", "")) if isinstance(judge, dict) else ""


def notes(cells: list[CellScore]) -> list[str]:
    """Report lines for what the scores alone do not say."""
    found = []
    crashed = [c.grade_id for c in cells if c.error.startswith(SKIPPED_PROBLEM)]
    if crashed:
        found.append(f"test cell {', '.join(crashed)} crashed or hung the kernel: 0 there, the rest graded")
    timeouts = [c.grade_id for c in cells if c.error.startswith(KNOWN_ERRORS["CellTimeoutError"])]
    if timeouts:
        found.append(f"timed out (infinite loop?) in {', '.join(timeouts)}")
    memory = [c.grade_id for c in cells if c.error.startswith(KNOWN_ERRORS["MemoryError"])]
    if memory:
        found.append(f"ran out of memory (limit {MEMORY_LIMIT_GB} GB) in {', '.join(memory)}")
    return found
