"""``make demo``: the example class is graded with grade's progress bar, and the table follows."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from autograder import demo, grading
from autograder.grading import flow


def test_demo_shows_the_progress_bar_of_grade_and_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """grade_class is replaced by a stand-in (the real class takes minutes): the demo asks it for
    the bar ``python -m autograder grade`` shows, prints no line per student, and ends with the table."""
    asked: dict[str, Any] = {}

    def grade_class(course: grading.Course, assignment: str, students: list[str], **options: Any) -> list:
        asked.update(options)
        return [grading.StudentResult(student, 14, 14, graded=True) for student in students]

    monkeypatch.setenv("COURSE_WORK_DIR", str(tmp_path / "work"))
    monkeypatch.setattr(flow, "grade_class", grade_class)
    reports = importlib.import_module("autograder.grading.class_report")
    monkeypatch.setattr(reports, "export_grades", lambda course: tmp_path / "work" / "grades.csv")
    assert demo.run_demo(REPO, "01_neuron") == 0
    out = capsys.readouterr().out
    assert asked.get("bar") is True and asked.get("progress") is None
    assert "grading ada_full" not in out
    table = out[out.index("student") :]
    assert "ada_full" in table and "ivy_bomb" in table and "14/14" in table
    assert (tmp_path / "work" / "reports" / "01_neuron" / "index.html").exists(), "the demo writes the class report"
