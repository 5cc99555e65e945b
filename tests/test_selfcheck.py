"""Self-check (python -m autograder check): full tests, no gradebook, the learner's file untouched."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import CHAPTERS, REPO, source_notebook

from autograder import cli, selfcheck
from autograder.demo import append_to_exercise, solved
from autograder.notebooks import grade_cells, max_points, nbgrader_meta, read_notebook

CHAPTER = "09_cross_entropy"  # the quickest chapter to run


def learner_copy(tmp_path: Path, notebook: nbformat.NotebookNode) -> Path:
    """The notebook where a learner keeps it: <folder>/<chapter>/<name>.ipynb."""
    path = tmp_path / CHAPTER / source_notebook(CHAPTER).name
    path.parent.mkdir(parents=True)
    nbformat.write(notebook, path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_solved_notebook_earns_full_marks_and_is_not_modified(tmp_path: Path) -> None:
    source = read_notebook(source_notebook(CHAPTER))
    release = read_notebook(REPO / "course" / CHAPTER / source_notebook(CHAPTER).name)
    path = learner_copy(tmp_path, solved(release, source))
    before = digest(path)
    result = selfcheck.check_notebook(path, REPO)
    assert digest(path) == before, "the self-check modified the learner's notebook"
    assert result.chapter == CHAPTER and not result.problem
    assert result.points == result.max_points == max_points(source)
    assert all(cell.passed for cell in result.cells)
    assert "✓" in selfcheck.format_chapter(result)


def test_the_chinese_edition_checks_the_same(tmp_path: Path) -> None:
    """Self-check works on the 中文 edition: the same points, the judge's message in Chinese."""
    source = read_notebook(source_notebook(CHAPTER))
    release = read_notebook(REPO / "course" / "zh" / CHAPTER / source_notebook(CHAPTER).name)
    result = selfcheck.check_notebook(learner_copy(tmp_path, solved(release, source)), REPO)
    assert not result.problem and result.points == result.max_points == max_points(source)
    blank = selfcheck.check_notebook(learner_copy(tmp_path / "blank", release), REPO)
    assert blank.points == 0 and not blank.problem
    assert all("个用例中有" in cell.message for cell in blank.cells), blank.cells[0].message


def test_mistakes_show_the_checks_message_and_hidden_tests_count(tmp_path: Path) -> None:
    source = read_notebook(source_notebook(CHAPTER))
    release = read_notebook(REPO / "course" / CHAPTER / source_notebook(CHAPTER).name)
    # log base 10 instead of ln: a plausible mistake the visible and hidden tests both see
    wrong = append_to_exercise(
        solved(release, source),
        "entropy",
        "\n\ndef entropy(p, base=np.e):\n    p = np.asarray(p, dtype=float)\n"
        "    return -np.sum(np.where(p > 0, p * np.log10(np.where(p > 0, p, 1)), 0.0), axis=-1)\n",
    )
    # a learner who deleted a test cell still gets it run (as nbgrader would)
    wrong.cells = [c for c in wrong.cells if nbgrader_meta(c).get("grade_id") != "test_softmax"]
    path = learner_copy(tmp_path, wrong)
    result = selfcheck.check_notebook(path, REPO)
    by_id = {cell.grade_id: cell for cell in result.cells}
    assert set(by_id) == {nbgrader_meta(c)["grade_id"] for c in grade_cells(source)}
    assert not by_id["test_entropy"].passed
    assert "expected" in by_id["test_entropy"].message and "got" in by_id["test_entropy"].message
    assert by_id["test_softmax"].passed, "a deleted test cell is put back and run"
    text = selfcheck.format_chapter(result)
    assert "✗ entropy" in text and "expected" in text


def test_blank_notebook_says_not_done_and_cli_exits_non_zero(tmp_path: Path, capsys) -> None:
    release = read_notebook(REPO / "course" / CHAPTER / source_notebook(CHAPTER).name)
    path = learner_copy(tmp_path, release)
    assert cli.main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "not done yet" in out and f"total: 0/{max_points(release):g}" in out


def test_check_prints_no_kernel_transport_warning() -> None:
    """Defect: every kernel of the check printed ipykernel's 'running over TCP without encryption' warning."""
    notebook = REPO / "course" / CHAPTER / source_notebook(CHAPTER).name
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "check", str(notebook)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "total: 0/" in done.stdout, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "without encryption" not in output and "WARNING" not in output, output


def test_corrupt_notebook_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / CHAPTER / source_notebook(CHAPTER).name
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{ not json")
    result = selfcheck.check_notebook(path, REPO)
    assert "cannot be read as a notebook" in result.problem
    assert result.points == 0 and result.max_points == max_points(read_notebook(source_notebook(CHAPTER)))


def test_progress_lists_one_line_per_chapter() -> None:
    results = [
        selfcheck.ChapterResult("01_neuron", Path("a"), [selfcheck.CellResult("test_sigmoid", 2, 2)]),
        selfcheck.ChapterResult("02_fnn_backprop", Path("b"), [selfcheck.CellResult("test_dense", 0, 3, "x")]),
    ]
    lines = selfcheck.format_progress(results).splitlines()
    assert lines[0].startswith("01_neuron") and "2/2" in lines[0] and "done" in lines[0]
    assert lines[1].startswith("02_fnn_backprop") and "0/3" in lines[1] and "to do: dense" in lines[1]
    assert lines[2].startswith("course") and "2/5" in lines[2]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_last_cell_tells_how_to_check(chapter: str) -> None:
    """Every student notebook ends by telling how to self-check, from a terminal and from JupyterLab."""
    name = source_notebook(chapter).name
    last = read_notebook(REPO / "course" / chapter / name).cells[-1]
    assert last.cell_type == "markdown" and "How to check your work" in last.source, f"{chapter}: last cell"
    assert f"python -m autograder check course/{chapter}/{name}" in last.source, f"{chapter}: no terminal command"
    assert f"!python -m autograder check {name}" in last.source, f"{chapter}: no JupyterLab command"
    assert "autograder mutants" not in last.source and "autograder grade" not in last.source, (
        f"{chapter}: instructor-only commands in the student's notebook"
    )
