"""Edit an instructor notebook as plain text, and turn the text back into the notebook.

The notebook in solutions/ stays the one source of truth; the text is a view for editing it in any
editor and reviewing it in a diff. ``python -m autograder to-text solutions/01_neuron/neuron.ipynb``
writes ``neuron.txt``; ``python -m autograder from-text neuron.txt solutions/01_neuron/neuron.ipynb``
writes the notebook back (outputs empty, nbgrader metadata set from the markers). A test checks that
every chapter survives the round trip unchanged.

Cell markers, each a line of its own:

    # %% [markdown]              markdown; the lines below are the markdown itself
    # %%                         an ordinary code cell (demonstration, plot, widget)
    # %% locked id=setup         read-only code cell that nbgrader restores when grading
    # %% solution id=NAME        exercise cell, with ### BEGIN SOLUTION / ### END SOLUTION inside
    # %% test id=NAME points=N   graded test cell, visible checks then ### BEGIN HIDDEN TESTS ...
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from autograder.notebooks import nbgrader_meta

MARKER = re.compile(r"^# %%(?P<rest>.*)$")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _metadata(kind: str, attrs: dict[str, str]) -> dict[str, Any]:
    """nbgrader metadata of a cell kind, as the course writes it."""
    base: dict[str, Any] = {"schema_version": 3, "task": False, "grade_id": attrs["id"]}
    if kind == "solution":
        return {**base, "grade": False, "locked": False, "solution": True}
    if kind == "test":
        return {**base, "grade": True, "locked": True, "points": int(attrs["points"]), "solution": False}
    if kind == "locked":
        return {**base, "grade": False, "locked": True, "solution": False}
    raise ValueError(f"unknown cell kind {kind!r} (expected locked, solution or test)")


def _marker(cell: NotebookNode) -> str:
    """The marker line that text_to_notebook turns back into exactly this cell's metadata."""
    if cell.cell_type == "markdown":
        kind, attrs = "[markdown]", ""
    else:
        meta = nbgrader_meta(cell)
        if not meta:
            kind, attrs = "", ""
        elif meta.get("grade") and not meta.get("solution"):
            kind, attrs = "test", f"id={meta['grade_id']} points={meta['points']:g}"
        elif meta.get("solution"):
            kind, attrs = "solution", f"id={meta['grade_id']}"
        else:
            kind, attrs = "locked", f"id={meta['grade_id']}"
        if meta and _metadata(kind, {"id": meta["grade_id"], "points": str(meta.get("points", 0))}) != meta:
            raise ValueError(f"cell {meta['grade_id']}: nbgrader metadata the text format cannot express")
    return " ".join(part for part in ("# %%", kind, attrs) if part)


def notebook_to_text(nb: NotebookNode) -> str:
    """The notebook as cell-marked text (sources only: outputs are not kept)."""
    blocks = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type not in ("markdown", "code"):
            raise ValueError(f"cell {index}: {cell.cell_type} cells are not supported")
        if any(MARKER.match(line) for line in cell.source.splitlines()):
            raise ValueError(f"cell {index}: a line starting with '# %%' would be read as a new cell")
        blocks.append(f"{_marker(cell)}\n{cell.source}\n")
    return "\n".join(blocks)


def text_to_notebook(text: str) -> NotebookNode:
    """A notebook from cell-marked text: outputs empty, ids c000, c001, ..., python3 kernel."""
    cells: list[NotebookNode] = []
    head: str | None = None
    lines: list[str] = []

    def close() -> None:
        if head is not None:
            cells.append(_cell(head, "\n".join(lines).strip("\n")))

    for number, line in enumerate(text.splitlines(), start=1):
        match = MARKER.match(line)
        if match:
            close()
            head, lines = match.group("rest").strip(), []
        elif head is None and line.strip():
            raise ValueError(f"line {number}: text before the first '# %%' marker")
        else:
            lines.append(line)
    close()
    ids = [nbgrader_meta(cell)["grade_id"] for cell in cells if nbgrader_meta(cell)]
    duplicates = sorted({grade_id for grade_id in ids if ids.count(grade_id) > 1})
    if duplicates:
        raise ValueError(f"duplicate ids: {duplicates}")
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    for index, cell in enumerate(cells):
        cell["id"] = f"c{index:03d}"
    nb.cells = cells
    nbformat.validate(nb)
    return nb


def _cell(head: str, source: str) -> NotebookNode:
    if head == "[markdown]":
        return nbformat.v4.new_markdown_cell(source)
    cell = nbformat.v4.new_code_cell(source)
    words = head.split()
    if words:
        attrs = dict(word.split("=", 1) for word in words[1:])
        cell.metadata["nbgrader"] = _metadata(words[0], attrs)
    return cell


def to_text_file(notebook: Path, text: Path) -> None:
    text.write_text(notebook_to_text(nbformat.read(str(notebook), as_version=4)), encoding="utf-8")


def from_text_file(text: Path, notebook: Path) -> None:
    nbformat.write(text_to_notebook(text.read_text(encoding="utf-8")), str(notebook))
