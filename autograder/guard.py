"""Kernel side of trusted grading: fresh checks before every graded test cell.

The sandboxed kernel imports this module before any student code runs (``exec_lines``), so it
keeps pristine copies of numpy's functions. Before each graded test cell the grader runs
``before_graded_cell(globals(), names)``: numpy's module-level functions are put back as they were,
and the check names the setup cell imported are rebound to a *new* copy of ``autograder.checks``,
loaded from its file, that no student code has seen. Patching ``checks._fail``, a check's
``__code__`` or ``np.isclose`` in a student cell therefore changes nothing in the test cells.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

import numpy

_NUMPY = dict(vars(numpy))
_CHECKS_FILE = importlib.util.find_spec("autograder.checks").origin  # type: ignore[union-attr]


def before_graded_cell(namespace: dict[str, Any], names: tuple[str, ...]) -> None:
    """Restore numpy's functions and rebind the checks to a freshly loaded copy.

    Rebound: ``names`` (what the locked setup cell imported) and any other name whose value still
    comes from the checks module (a check whose ``__code__`` or module globals were patched).
    """
    current = vars(numpy)
    for key, value in _NUMPY.items():
        if current.get(key) is not value:
            current[key] = value
    spec = importlib.util.spec_from_file_location("autograder.checks", _CHECKS_FILE)
    assert spec is not None and spec.loader is not None
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    sys.modules["autograder.checks"] = fresh
    for name, value in list(namespace.items()):  # whatever still comes from the checks
        if name in names or getattr(value, "__module__", None) == "autograder.checks":
            if name in fresh.__all__ or hasattr(fresh, name):
                namespace[name] = getattr(fresh, name)
        if name in names and getattr(value, "__name__", None) == "autograder.checks":
            namespace[name] = fresh
