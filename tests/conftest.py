"""Shared fixtures: the repository's chapters and a course whose work folder is a temporary one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograder.grading import Course

REPO = Path(__file__).resolve().parents[1]
# One cache of the reference solutions' records for the whole run (autograder/grading/reference.py):
# keyed by each notebook's bytes, so a test never sees stale records, and each chapter runs once.
os.environ.setdefault("COURSE_REFERENCE_DIR", str(REPO / "work" / "reference"))
CHAPTERS = sorted(p.name for p in (REPO / "solutions").iterdir() if any(p.glob("*.ipynb")))


def source_notebook(chapter: str) -> Path:
    return next((REPO / "solutions" / chapter).glob("*.ipynb"))


@pytest.fixture
def course(tmp_path: Path) -> Course:
    """The repository's course (its nbgrader_config.py, solutions/, course/) with work/ in tmp."""
    return Course(REPO, tmp_path / "work")
