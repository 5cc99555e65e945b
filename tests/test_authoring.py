"""autograder.authoring: notebook -> text -> notebook loses nothing, and bad text is refused clearly."""

from __future__ import annotations

import nbformat
import pytest
from conftest import CHAPTERS, source_notebook

from autograder.authoring import notebook_to_text, text_to_notebook

TEXT = """# %% [markdown]
# Title

Some prose.
# %% locked id=setup
import numpy as np
# %% solution id=double
def double(x):
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION
# %% test id=test_double points=2
assert double(1) == 2
"""


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_survives_the_round_trip(chapter: str) -> None:
    original = nbformat.read(source_notebook(chapter), as_version=4)
    assert text_to_notebook(notebook_to_text(original)) == original


def test_markers_become_nbgrader_metadata() -> None:
    nb = text_to_notebook(TEXT)
    assert [cell.cell_type for cell in nb.cells] == ["markdown", "code", "code", "code"]
    assert nb.cells[0].source == "# Title\n\nSome prose."
    assert nb.cells[1].metadata.nbgrader["locked"] and not nb.cells[1].metadata.nbgrader["grade"]
    assert nb.cells[2].metadata.nbgrader["solution"]
    test = nb.cells[3].metadata.nbgrader
    assert test["grade"] and test["locked"] and test["points"] == 2 and test["grade_id"] == "test_double"
    assert notebook_to_text(nb) == TEXT.replace("\n# %%", "\n\n# %%")


def test_bad_text_is_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="before the first"):
        text_to_notebook("print(1)\n# %%\nx = 1\n")
    with pytest.raises(ValueError, match="duplicate ids"):
        text_to_notebook("# %% solution id=a\nx\n# %% solution id=a\ny\n")
    with pytest.raises(ValueError, match="unknown cell kind"):
        text_to_notebook("# %% grader id=a\nx\n")


def test_a_source_line_that_looks_like_a_marker_is_refused() -> None:
    nb = text_to_notebook("# %%\nx = 1\n")
    nb.cells[0].source = "x = 1\n# %% not a new cell"
    with pytest.raises(ValueError, match="would be read as a new cell"):
        notebook_to_text(nb)
