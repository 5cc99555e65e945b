"""Unit tests of autograder.notebooks: reading nbgrader cells and classifying failures."""

from __future__ import annotations

import nbformat

from autograder.notebooks import cell_error_text, cell_failed, defined_functions


def code_cell(*outputs: dict) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.from_dict(output) for output in outputs]
    return cell


STDERR = {"output_type": "stream", "name": "stderr", "text": "RuntimeWarning: overflow\n"}
ERROR = {"output_type": "error", "ename": "AssertionError", "evalue": "softmax: values differ\n  more", "traceback": []}


def test_an_error_is_named_before_stderr() -> None:
    """A cell that warns and then fails an assertion failed by its assertion."""
    assert cell_error_text(code_cell(STDERR, ERROR)) == "AssertionError: softmax: values differ"


def test_stderr_alone_fails_a_cell_as_nbgrader_scores_it() -> None:
    cell = code_cell(STDERR)
    assert cell_failed(cell) and cell_error_text(cell).startswith("stderr: RuntimeWarning")
    assert not cell_failed(code_cell({"output_type": "stream", "name": "stdout", "text": "✓ ok\n"}))


def test_defined_functions_lists_top_level_defs_only() -> None:
    assert defined_functions("def a():\n    def inner():\n        pass\nx = 1\ndef b(): pass") == ["a", "b"]
