"""Polish a reader notices: code that fits the window, readable colour maps, labelled controls.

- Code lines are at most MAX_LINE characters, so no code cell scrolls sideways in JupyterLab at a
  laptop's width with the file browser open.
- No colour map that colour-blind readers (or a greyscale print) cannot read: jet, rainbow, hsv ...
- Every ipywidgets control has a visible label (``description=``).
- Every figure has a title (``set_title``, ``plt.title`` or ``suptitle``) in the cell that draws it.
The browser test (tests/test_browser.py) checks that no output shows a warning or an error.
"""

from __future__ import annotations

import ast
import re
import unicodedata

import pytest
from conftest import CHAPTERS, REPO, source_notebook

from autograder import editions, translation
from autograder.notebooks import read_notebook

MAX_LINE = 100
UNREADABLE_CMAPS = {"jet", "rainbow", "hsv", "gist_rainbow", "nipy_spectral", "gist_ncar", "prism", "flag"}
CONTROLS = {"IntSlider", "FloatSlider", "FloatLogSlider", "Dropdown", "ToggleButtons", "Checkbox", "RadioButtons"}


EDITIONS = ["en", *translation.EDITIONS]


def code_cells(chapter: str, language: str = "en") -> list[tuple[int, str]]:
    """The code cells of the instructor notebook (English) or of the student notebook of an edition."""
    path = source_notebook(chapter) if language == "en" else editions.edition_path(REPO, chapter, language)
    cells = read_notebook(path).cells
    return [(index, cell.source) for index, cell in enumerate(cells) if cell.cell_type == "code"]


def width(line: str) -> int:
    """Columns a line takes in a monospaced font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in line)


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_code_fits_the_window(chapter: str, language: str) -> None:
    long = [
        f"cell {index}: {width(line)} columns: {line.strip()[:60]}..."
        for index, source in code_cells(chapter, language)
        for line in source.splitlines()
        if width(line) > MAX_LINE
    ]
    assert not long, f"{chapter}: {len(long)} code lines over {MAX_LINE} characters:\n" + "\n".join(long[:10])


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_colour_maps_are_readable(chapter: str, language: str) -> None:
    used = {
        name for _, source in code_cells(chapter, language) for name in re.findall(r"cmap\s*=\s*['\"](\w+)", source)
    }
    bad = {name for name in used if name.removesuffix("_r") in UNREADABLE_CMAPS}
    assert not bad, (
        f"{chapter}: colour maps that colour-blind readers cannot read: {sorted(bad)} (use viridis, cividis)"
    )


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_widgets_are_labelled(chapter: str, language: str) -> None:
    unlabelled = []
    for index, source in code_cells(chapter, language):
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("!", "%"))))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CONTROLS:
                if not any(keyword.arg == "description" for keyword in node.keywords):
                    unlabelled.append(f"cell {index}: {node.func.attr} without description=")
    assert not unlabelled, f"{chapter}: controls without a label: {unlabelled}"


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_figures_have_titles(chapter: str, language: str) -> None:
    untitled = [
        f"cell {index}"
        for index, source in code_cells(chapter, language)
        if re.search(r"plt\.(subplots|figure)\(", source)
        and not re.search(r"(set_title|plt\.title|suptitle)\(", source)
    ]
    assert not untitled, f"{chapter}: cells that draw a figure without a title: {untitled}"
