"""Quality gates a-d for every chapter in solutions/, under real nbgrader.

a. the reference solution earns full marks under nbgrader autograde;
b. the released notebook, untouched, runs to the end and earns 0 on every graded cell;
c. course/ is exactly what generate_assignment makes from solutions/ (volatile metadata aside);
d. hygiene: outputs cleared, unique grade_ids, visible checks and hidden tests in every graded cell
   (hidden tests only record: no check, no expected value, no torch), graded cells that read no
   demo cell's variables, kernelspec python3, no absolute paths, exercises and points equal to the
   README's table, the chapter's parts.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from conftest import CHAPTERS, REPO, source_notebook

from autograder import grading, translation
from autograder.demo import solved
from autograder.notebooks import (
    HIDDEN_BEGIN,
    HIDDEN_END,
    SOLUTION_BEGIN,
    exercise_count,
    foreign_names,
    grade_cells,
    max_points,
    nbgrader_meta,
    read_notebook,
    solution_cells,
)


def generate(course: grading.Course, chapter: str, release_dir: Path) -> None:
    ok, log = grading.nbgrader(
        course, "generate_assignment", chapter, f"--CourseDirectory.release_directory={release_dir}"
    )
    assert ok, log


def comparable(path: Path) -> dict:
    """A notebook with what varies between two identical generations removed."""
    nb = read_notebook(path)
    nb.metadata.pop("language_info", None)
    for cell in nb.cells:
        cell.pop("id", None)
    return nb


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_solution_full_marks_and_blank_zero(chapter: str, course: grading.Course, tmp_path: Path) -> None:
    """Gates a, b and c: one generate_assignment, two autogrades."""
    release_dir = tmp_path / "release"
    generate(course, chapter, release_dir)

    # c. course/ is the generated release
    for generated in sorted((release_dir / chapter).glob("*.ipynb")):
        committed = REPO / "course" / chapter / generated.name
        assert committed.exists(), f"{committed} is missing: run `make release`"
        assert comparable(generated) == comparable(committed), f"{committed} is stale: run `make release`"

    source_path = source_notebook(chapter)
    source = read_notebook(source_path)
    students = {}
    for language in ["en", *translation.EDITIONS]:  # every edition, graded as the same assignment
        release = read_notebook(course.edition(chapter, language) / source_path.name)
        students[f"reference-{language}"] = solved(release, source)
        students[f"blank-{language}"] = release
    for student, notebook in students.items():
        folder = course.submitted(student, chapter)
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / source_path.name)

    blank_rows = {}
    for language in ["en", *translation.EDITIONS]:
        # a. the reference solution: full marks, nothing reported
        reference = grading.grade_student(course, chapter, f"reference-{language}")
        assert reference.graded, reference.problems
        lost = {cell.grade_id: cell.error for cell in reference.cells if cell.score != cell.max_score}
        assert not lost, f"{language}: the reference solution loses points: {lost}"
        assert reference.score == reference.max_score == max_points(source)
        assert not reference.problems, f"{language}: {reference.problems}"

        # b. the untouched release: zero on every graded cell, and the kernel survives to the end
        blank = grading.grade_student(course, chapter, f"blank-{language}")
        assert blank.graded, blank.problems
        blank_rows[language] = [re.sub(r"(raised \w+).*", r"\1", problem) for problem in blank.problems]
        scored = {cell.grade_id: cell.score for cell in blank.cells if cell.score != 0}
        assert not scored, f"{language}: the untouched notebook earns points: {scored}"
        assert len(blank.cells) == len(reference.cells)
        autograded = read_notebook(course.autograded(f"blank-{language}", chapter) / source_path.name)
        unexecuted = [i for i, c in enumerate(autograded.cells) if c.cell_type == "code" and c.execution_count is None]
        assert not unexecuted, f"{language}: cells not executed in the untouched notebook (kernel died?): {unexecuted}"
    # the editions' untouched notebooks fail alike (their demos need the exercises); nothing is 'edited'
    assert all(rows == blank_rows["en"] for rows in blank_rows.values()), blank_rows


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_hygiene(chapter: str) -> None:
    """Gate d, and the parts every chapter has."""
    path = source_notebook(chapter)
    nb = read_notebook(path)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"cell {index}: outputs not cleared"
        assert not re.search(r"(/work/|/home/|/tmp/|/root/|[A-Z]:\\\\)", cell.source), f"cell {index}: absolute path"

    ids = [nbgrader_meta(cell)["grade_id"] for cell in nb.cells if nbgrader_meta(cell)]
    assert len(ids) == len(set(ids)), f"duplicate grade_ids: {ids}"

    for cell in grade_cells(nb):
        meta = nbgrader_meta(cell)
        assert meta["locked"] and meta["points"] > 0 and meta["schema_version"] == 3, meta
        assert re.fullmatch(r"test_[a-z0-9_]+", meta["grade_id"]), meta["grade_id"]
        visible, _, rest = cell.source.partition(HIDDEN_BEGIN)
        hidden = rest.partition(HIDDEN_END)[0]
        assert re.search(r"\b(check_\w+|assert)\b", visible), f"{meta['grade_id']}: no visible checks"
        assert re.search(r"\brecord(_raises|_warnings)?\(", hidden), f"{meta['grade_id']}: no hidden tests"
        # hidden tests record what the student's code returns; the judge compares it outside the kernel
        assert not re.search(r"\bcheck_\w+\(|\bassert\b", hidden), f"{meta['grade_id']}: a verdict in a hidden test"
        oracle = {n.id for n in ast.walk(ast.parse(hidden)) if isinstance(n, ast.Name)} & {"torch", "F", "nn"}
        assert not oracle, f"{meta['grade_id']}: an expected value computed in a hidden test ({oracle})"
    assert not foreign_names(nb), f"graded cells read variables of demo cells: {foreign_names(nb)}"
    for cell in solution_cells(nb):
        assert SOLUTION_BEGIN in cell.source, f"{nbgrader_meta(cell)['grade_id']}: no solution region"

    text = "\n".join(cell.source for cell in nb.cells)
    markdown = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    for part in ("Learning goals", "Common mistakes", "Summary", "Glossary", "中文"):
        assert part in markdown, f"{chapter}: no '{part}' section"
    for tool in ("ipywidgets", "torch", "plt."):
        assert tool in text, f"{chapter}: does not use {tool}"
    numbers = [int(n) for n in re.findall(r"^## (\d+)\.", markdown, flags=re.MULTILINE)]
    assert numbers == list(range(1, len(numbers) + 1)), f"{chapter}: numbered sections skip or repeat: {numbers}"


def readme_table() -> dict[str, tuple[int, int]]:
    """(exercises, points) per chapter from the README's table: | `01_neuron` | topic | 中文 | 7 | 14 |."""
    rows = re.findall(
        r"^\|\s*`(\d\d_\w+)`.*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*$", (REPO / "README.md").read_text(), re.MULTILINE
    )
    return {chapter: (int(exercises), int(points)) for chapter, exercises, points in rows}


def test_readme_exercises_and_points_match_notebooks() -> None:
    """Every chapter has a README row whose Exercises (solution cells) and Points match its notebook."""
    table = readme_table()
    actual = {}
    for chapter in CHAPTERS:
        nb = read_notebook(source_notebook(chapter))
        actual[chapter] = (exercise_count(nb), int(max_points(nb)))
    wrong = {
        chapter: f"README {table.get(chapter)}, notebook {actual[chapter]}"
        for chapter in CHAPTERS
        if table.get(chapter) != actual[chapter]
    }
    assert not wrong, f"the README's chapter table (Exercises, Points) and the notebooks differ: {wrong}"
    assert sorted(table) == CHAPTERS, (
        f"README rows for chapters not in solutions/: {sorted(set(table) - set(CHAPTERS))}"
    )


def test_every_release_has_a_source() -> None:
    editions = set(translation.EDITIONS)
    released = sorted(p.name for p in (REPO / "course").iterdir() if p.is_dir() and p.name not in editions)
    assert released == CHAPTERS, "course/ and solutions/ hold different chapters"
    for language in editions:
        translated = sorted(p.name for p in (REPO / "course" / language).iterdir() if p.is_dir())
        assert translated == CHAPTERS, f"course/{language}/ and solutions/ hold different chapters: run `make release`"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_hidden_answer_in_a_case_name_or_hint(chapter: str) -> None:
    """A hidden case's name and hint sit in the cell's source, which the student's code can read while
    it runs: they may name the case, never give its answer. (Numbers of three or more significant
    digits are looked for; small round numbers are too common in names to tell anything.)"""
    import numpy as np

    from autograder.grading.judge import decode
    from autograder.grading.reference import reference_records

    leaks = []
    for grade_id, records in reference_records(source_notebook(chapter)).items():
        for record in records:
            value = decode(record["value"])
            if record.get("visible") or not isinstance(value, np.ndarray) or value.size != 1:
                continue
            number = float(value.ravel()[0])
            if not np.isfinite(number) or (number == round(number) and abs(number) < 100):
                continue
            forms = {f"{number:.3g}", f"{number:.4g}", f"{number:.6g}", f"{number:,.0f}", f"{number:.0f}"}
            forms = {form for form in forms if len(form.strip("-0.")) >= 3}
            text = f"{record['case']} {record.get('hint', '')}"
            leaks += [f"{grade_id}: {record['case']!r} shows {form}" for form in forms if form in text]
    assert not leaks, leaks
