"""The 中文 edition never drifts from the English one (issue 19).

Translations are data (``translations/zh/<chapter>.txt``) keyed to the English cells they translate;
``course/zh/`` is built from them by ``make release``. These tests fail on a missing or stale
translation, on a translated notebook out of step with its build, and on any difference between the
editions other than words: the same cells, ids, nbgrader metadata and code (strings set aside).
The gates that look at a notebook as a whole run on both editions elsewhere (test_chapters: full
marks and zero; test_browser; test_selfcheck); those that depend on the code only (mutants,
isolation) run once, since the code is proven the same here.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from conftest import CHAPTERS, REPO, source_notebook

from autograder import editions, language, translation
from autograder.notebooks import nbgrader_meta, read_notebook

CJK = "\u4e00-\u9fff"


def comparable(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(nbformat.reads(nbformat.writes(nb), as_version=4))
    nb.metadata.pop("language_info", None)
    return nb


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_translation_is_complete_and_current(chapter: str) -> None:
    release = read_notebook(editions.student_notebook(REPO, chapter))
    entries = translation.read_entries(translation.translation_file(REPO, chapter, "zh"))
    problems = translation.problems(release, entries)
    assert not problems, (
        f"{len(problems)} to do in translations/zh/{chapter}.txt (python -m autograder translate {chapter}):\n"
        + "\n".join(problems[:20])
    )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_editions_differ_in_words_only(chapter: str) -> None:
    english = read_notebook(editions.student_notebook(REPO, chapter))
    path = editions.edition_path(REPO, chapter, "zh")
    assert path.exists(), f"{path} is missing: run `make release`"
    chinese = read_notebook(path)
    built, _ = editions.build_edition(REPO, chapter, "zh")
    assert comparable(chinese) == comparable(built), f"{path} is stale: run `make release`"
    assert chinese.metadata["course"]["language"] == "zh"
    assert [c.id for c in chinese.cells] == [c.id for c in english.cells]
    for en, zh in zip(english.cells, chinese.cells, strict=True):
        assert en.cell_type == zh.cell_type, en.id
        meta_en = {k: v for k, v in nbgrader_meta(en).items() if k != "checksum"}
        meta_zh = {k: v for k, v in nbgrader_meta(zh).items() if k != "checksum"}
        assert meta_en == meta_zh, f"cell {en.id}: nbgrader metadata differs between the editions"
        if en.cell_type == "code":
            assert translation.same_code(en.source, zh.source), f"cell {en.id}: the code differs between the editions"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_figure_title_and_control_label_is_chinese(chapter: str) -> None:
    """Titles, axis labels and widget labels are translated (the browser test then shows that they
    render: a glyph missing from the fonts is a warning on stderr, which fails it)."""
    import re

    chinese = read_notebook(editions.edition_path(REPO, chapter, "zh"))
    untranslated = []
    for cell in chinese.cells:
        if cell.cell_type != "code":
            continue
        for match in re.finditer(r"(set_title|suptitle|description=)\(?\s*(f?\"[^\"]*\"|f?'[^']*')", cell.source):
            if re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{3,}", match.group(2)) and not re.search(f"[{CJK}]", match.group(2)):
                untranslated.append(f"cell {cell.id}: {match.group(2)[:60]}")
    assert not untranslated, untranslated


def test_a_changed_english_cell_makes_its_translation_stale() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## The neuron", id="c000"),
        nbformat.v4.new_code_cell('ax.set_title("weighted sum")\nprint("the sum is", z)', id="c001"),
    ]
    entries = {e.cell_id: e for e in translation.refresh(nb, {})}
    assert len(translation.problems(nb, entries)) == 2  # the markdown cell and the title: not translated
    entries["c000"].pairs = [("## The neuron", "## 神经元")]
    entries["c001"].pairs = [('"weighted sum"', '"加权和"'), ('"the sum is"', '"和为"')]
    assert translation.problems(nb, entries) == []
    zh = translation.translate(nb, entries, "zh")
    assert zh.cells[0].source == "## 神经元" and zh.cells[1].source == 'ax.set_title("加权和")\nprint("和为", z)'
    nb.cells[0].source = "## The artificial neuron"
    assert translation.problems(nb, entries) == [
        "cell c000 (markdown): stale (the English changed since it was translated)"
    ]
    assert translation.translate(nb, entries, "zh").cells[0].source == "## The artificial neuron"  # English stays


def test_a_translation_that_changes_code_is_refused(tmp_path: Path) -> None:
    assert translation.same_code('print(f"z = {z:.2f}")', 'print(f"和 z = {z:.2f}")')
    assert not translation.same_code('print(f"z = {z:.2f}")', 'print(f"z = {y:.2f}")')
    assert not translation.same_code('plot("a")', 'plot("a"); import os')
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('ax.set_title("weighted sum")', id="c000")]
    entries = {e.cell_id: e for e in translation.refresh(nb, {})}
    entries["c000"].pairs = [('"weighted sum"', '"加权和"); import os; print("')]
    assert any("changes the code" in p for p in translation.problems(nb, entries))
    path = tmp_path / "t.txt"
    translation.write_entries(path, list(entries.values()))
    assert translation.read_entries(path)["c000"].pairs == entries["c000"].pairs


def test_case_names_are_never_offered_for_translation() -> None:
    offered, required = translation.candidates(
        'check_close(relu(x), [0.0, 1.0], "relu of mixed signs", hint="max(0, x) element by element")\n'
        "### BEGIN HIDDEN TESTS\nrecord('relu on big inputs', relu(x))\n### END HIDDEN TESTS"
    )
    assert offered == ['"max(0, x) element by element"'] and required == set(offered)


def test_check_messages_follow_the_notebooks_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The language comes from the notebook's metadata (JupyterLab tells the kernel which notebook it
    runs), not from the machine's locale."""
    chinese = tmp_path / "zh.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["course"] = {"language": "zh"}
    nbformat.write(nb, chinese)
    english = tmp_path / "en.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), english)
    monkeypatch.delenv("COURSE_LANGUAGE", raising=False)
    try:
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        monkeypatch.setenv("JPY_SESSION_NAME", str(english))
        language.language.cache_clear()
        assert language.say("values differ") == "values differ"
        monkeypatch.setenv("JPY_SESSION_NAME", str(chinese))
        language.language.cache_clear()
        assert language.say("values differ") == "数值不同"
        from autograder.checks import CheckFailure, check_close

        with pytest.raises(CheckFailure, match="期望"):
            check_close([1.0], [2.0], "case", hint="一个提示")
    finally:
        language.language.cache_clear()


def test_release_builds_both_editions() -> None:
    makefile = (REPO / "Makefile").read_text()
    assert "python -m autograder editions" in makefile
    for chapter in CHAPTERS:
        assert (REPO / "course" / "zh" / chapter / source_notebook(chapter).name).exists()


def test_formgraders_generate_writes_the_edition_of_the_class(tmp_path: Path) -> None:
    """A class of the 中文 edition (make hub HUB_EDITION=zh): nbgrader's generate_assignment, as
    formgrader's Generate runs it, writes what make release wrote to course/zh/."""
    import os
    import subprocess
    import sys

    chapter = CHAPTERS[0]
    env = {
        **os.environ,
        "COURSE_RELEASE_DIR": str(tmp_path / "release"),
        "COURSE_EDITION": "zh",
        "COURSE_WORK_DIR": str(tmp_path / "work"),
    }
    command = [sys.executable, "-m", "nbgrader", "generate_assignment", chapter, "--log-level=WARN"]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    generated = read_notebook(tmp_path / "release" / chapter / source_notebook(chapter).name)
    assert comparable(generated) == comparable(read_notebook(editions.edition_path(REPO, chapter, "zh")))
