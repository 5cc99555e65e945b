"""Reference records: what the reference solution records in every graded cell, from one trusted run.

The judge (``judge.py``) compares a student's records with these. They come from running the
assignment's source notebook (``solutions/<assignment>/<name>.ipynb``: the instructor's own code,
so an ordinary kernel, not the sandbox) from top to bottom as a graded run has it:
``NBGRADER_EXECUTION=autograde`` and ``COURSE_RECORD=1``.

A chapter takes seconds to run, so the records are cached in ``work/reference/<assignment>/<name>.json``
(or under the folder ``COURSE_REFERENCE_DIR`` names), keyed by the notebook's bytes, the record
code and the versions of Python and numpy: a change to ``solutions/`` rebuilds them at their next
use. ``grade`` builds them once in its coordinator and hands the folder to its workers (a Dask
worker gets a copy); plain ``nbgrader autograde`` builds them for its first student.

The run is also where a test cell's own faults show, before any student is graded: the reference
must pass every visible check, record at least one hidden case in every graded cell, and name its
cases uniquely within a cell.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
from pathlib import Path
from typing import Any

from autograder.grading.judge import records_in
from autograder.notebooks import (
    cell_error_text,
    cleared_copy,
    execute_notebook,
    grade_cells,
    nbgrader_meta,
    read_notebook,
)

CACHE_VARIABLE = "COURSE_REFERENCE_DIR"
RUN_TIMEOUT_S = 300  # per cell of the reference run

Records = dict[str, list[dict[str, Any]]]  # grade_id -> the reference's records in that cell


class ReferenceFailure(RuntimeError):
    """The reference solution cannot be the reference: a graded cell fails or records no hidden case."""


def cache_folder(root: Path) -> Path:
    """Where reference records are cached: ``COURSE_REFERENCE_DIR``, else the course's work/reference."""
    named = os.environ.get(CACHE_VARIABLE)
    if named:
        return Path(named)
    work = Path(os.environ.get("COURSE_WORK_DIR", "work"))
    return (work if work.is_absolute() else root / work) / "reference"


def cache_path(folder: Path, source: Path) -> Path:
    """The cache file of one source notebook: ``<folder>/<assignment>/<name>.json``."""
    return folder / source.parent.name / f"{source.stem}.json"


def key(source: Path) -> str:
    """What the records depend on: the notebook, the code that records, Python and numpy."""
    import numpy

    import autograder.checks
    import autograder.record

    digest = hashlib.sha256(source.read_bytes())
    for module in (autograder.record, autograder.checks):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(f"{autograder.record.FORMAT} {platform.python_version()} {numpy.__version__}".encode())
    return digest.hexdigest()


def reference_records(source: Path, folder: Path | None = None) -> Records:
    """The records of the reference run of ``source``: from the cache when it is current, else built
    now and cached. Raises ReferenceFailure when the reference itself fails its tests."""
    folder = folder or cache_folder(source.parents[2])
    path = cache_path(folder, source)
    wanted = key(source)
    cached = _load(path, wanted)
    if cached is not None:
        return cached
    records = build(source)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    staging.write_text(json.dumps({"key": wanted, "source": str(source.name), "cells": records}), encoding="utf-8")
    os.replace(staging, path)  # atomic: a concurrent reader sees the old file or the new one
    return records


def _load(path: Path, wanted: str) -> Records | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != wanted or not isinstance(data.get("cells"), dict):
        return None
    return data["cells"]


def build(source: Path) -> Records:
    """Run the reference solution once, as grading runs a notebook, and collect its records."""
    notebook = cleared_copy(read_notebook(source))
    with tempfile.TemporaryDirectory(prefix="autograder-reference-") as scratch:
        workdir = Path(scratch) / source.parent.name
        shutil.copytree(source.parent, workdir, ignore=shutil.ignore_patterns("*.ipynb", ".*"))
        execute_notebook(notebook, workdir, grading=True, record=True, native=True, timeout=RUN_TIMEOUT_S)
    records: Records = {}
    problems = []
    for cell in grade_cells(notebook):
        grade_id = nbgrader_meta(cell)["grade_id"]
        found, malformed = records_in(cell.outputs)
        records[grade_id] = found
        problems += [f"{grade_id}: {problem}" for problem in cell_problems(cell, found, malformed)]
    if problems:
        raise ReferenceFailure(f"the reference solution {source} cannot be graded against: " + "; ".join(problems))
    return records


def cell_problems(cell: Any, found: list[dict[str, Any]], malformed: int) -> list[str]:
    """What makes a graded cell of the reference unusable as the reference."""
    problems = []
    error = cell_error_text(cell)
    if error:
        problems.append(f"fails on the reference solution ({error})")
    if malformed:
        problems.append(f"{malformed} malformed record(s)")
    names = [payload["case"] for payload in found]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        problems.append(f"records these cases more than once (give each its own name): {repeated}")
    if not any(not payload.get("visible") for payload in found):
        problems.append("records no hidden case (a hidden test must record what the student's code returns)")
    return problems


def reference_files(folder: Path, sources: list[Path]) -> dict[str, bytes]:
    """The cache files of ``sources`` as bytes by path relative to ``folder`` (for a remote worker)."""
    return {str(cache_path(folder, s).relative_to(folder)): cache_path(folder, s).read_bytes() for s in sources}
