"""Every chapter in a real browser: JupyterLab on loopback, Debian's Chromium headless via Playwright.

For each chapter the solved notebook is opened in JupyterLab, run with Run → Run All Cells, and
inspected as a person would: no error or stderr output in any cell, every ipywidgets control a
live widget (not a text repr), plots rendered as images. A screenshot per chapter goes to
work/screenshots/. nbgrader's formgrader page must load too. Skipped, saying why, only where
Chromium or Playwright is missing (`.ci/run` installs both).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from conftest import CHAPTERS, REPO, source_notebook

from autograder import browser, editions, translation
from autograder.demo import solved
from autograder.notebooks import read_notebook

SCREENSHOTS = REPO / "work" / "screenshots"
EDITIONS = ["en", *translation.EDITIONS]

try:
    import playwright  # noqa: F401

    MISSING = (
        "" if Path(browser.CHROMIUM).exists() else f"{browser.CHROMIUM} is not installed (apt-get install chromium)"
    )
except ImportError:
    MISSING = "the playwright package is not installed (pip install -r requirements-dev.txt)"

pytestmark = [
    pytest.mark.skipif(bool(MISSING), reason=f"browser tests need Chromium and Playwright: {MISSING}"),
    pytest.mark.xdist_group("browser"),  # one server and one browser for all chapters
]


def course_root(folder: Path) -> Path:
    """A course directory as an instructor has it, with the learners' notebooks already solved."""
    shutil.copy(REPO / "nbgrader_config.py", folder / "nbgrader_config.py")
    shutil.copytree(REPO / "solutions", folder / "solutions")
    for chapter in CHAPTERS:
        source_path = source_notebook(chapter)
        if not (REPO / "course" / chapter / source_path.name).exists():
            continue  # not released yet: test_chapters says so
        for language in EDITIONS:
            edition = editions.edition_path(REPO, chapter, language).relative_to(REPO)
            if not (REPO / edition).exists():
                continue  # not built yet: test_editions says so
            release = read_notebook(REPO / edition)
            (folder / edition).parent.mkdir(parents=True)
            nbformat.write(solved(release, read_notebook(source_path)), folder / edition)
    return folder


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[browser.LabServer, Any]]:
    root = course_root(tmp_path_factory.mktemp("lab"))
    with browser.lab_server(root, root / "lab.log", env={"COURSE_WORK_DIR": str(root / "work")}) as server:
        with browser.chromium() as chromium:
            yield server, chromium


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_runs_in_jupyterlab(chapter: str, language: str, lab: tuple[browser.LabServer, Any]) -> None:
    """Both editions; in the 中文 one a Chinese label that a font cannot draw warns on stderr, and fails."""
    server, chromium = lab
    path = str(editions.edition_path(REPO, chapter, language).relative_to(REPO))
    if not (REPO / path).exists():
        pytest.fail(f"{path} is not released: run `make release`")
    shot = SCREENSHOTS / (f"{chapter}.png" if language == "en" else f"{chapter}-{language}.png")
    view = browser.run_notebook(server, chromium, path, shot)
    assert view.unfinished_cells == 0, f"{chapter}: {view.unfinished_cells} cells did not finish"
    assert not view.errors, f"{chapter}: cells show errors or stderr: {view.errors[:3]}"
    assert view.widget_reprs == 0, f"{chapter}: {view.widget_reprs} widgets shown as text, not as live widgets"
    assert view.widgets >= 1, f"{chapter}: no live ipywidgets control rendered"
    assert view.images >= 1, f"{chapter}: no plot rendered as an image"


def test_formgrader_loads(lab: tuple[browser.LabServer, Any]) -> None:
    server, chromium = lab
    text = browser.page_text(server, chromium, "formgrader", CHAPTERS[0], SCREENSHOTS / "formgrader.png")
    assert "encountered an error" not in text, text[:500]
    assert all(chapter in text for chapter in CHAPTERS), f"formgrader does not list every chapter: {text[:500]}"
