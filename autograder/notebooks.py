"""Reading nbgrader notebooks: which cells are exercises, which are graded tests, and their points."""

from __future__ import annotations

import ast
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
from nbformat import NotebookNode

if TYPE_CHECKING:
    from traitlets.config import Config

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
SOLUTION_BEGIN = "### BEGIN SOLUTION"


def read_notebook(path: Path) -> NotebookNode:
    """Read a notebook as nbformat v4 (raises on corrupt JSON or an invalid notebook)."""
    return nbformat.read(str(path), as_version=4)


def nbgrader_meta(cell: NotebookNode) -> dict[str, Any]:
    return dict(cell.get("metadata", {}).get("nbgrader", {}))


def is_grade_cell(cell: NotebookNode) -> bool:
    """A graded test cell: code, ``grade: true`` and not a solution cell."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_solution_cell(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and bool(nbgrader_meta(cell).get("solution"))


def grade_cells(nb: NotebookNode) -> list[NotebookNode]:
    return [cell for cell in nb.cells if is_grade_cell(cell)]


def solution_cells(nb: NotebookNode) -> list[NotebookNode]:
    return [cell for cell in nb.cells if is_solution_cell(cell)]


def exercise_count(nb: NotebookNode) -> int:
    """The README's "Exercises": how many exercise cells a student fills in (nbgrader solution cells).

    A solution cell may define more than one function (``relu`` and ``relu_grad``); it is one exercise.
    """
    return len(solution_cells(nb))


def exercise_name(grade_id: str) -> str:
    """The exercise a graded cell judges, as reports name it: ``test_sigmoid`` -> ``sigmoid``."""
    return grade_id.removeprefix("test_")


def cleared_copy(nb: NotebookNode) -> NotebookNode:
    """A copy of the notebook with every code cell's outputs and execution count cleared."""
    copy = nbformat.from_dict(nb)
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return copy


def max_points(nb: NotebookNode) -> float:
    """Total points of the graded test cells."""
    return float(sum(nbgrader_meta(cell).get("points", 0) for cell in grade_cells(nb)))


def defined_functions(source: str) -> list[str]:
    """Names of the top-level functions a piece of code defines, in order."""
    return [node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]


def assigned_names(tree: ast.AST) -> set[str]:
    """Every name a piece of code binds: assignments, loop variables, arguments, functions, imports."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


def foreign_names(nb: NotebookNode) -> dict[str, list[str]]:
    """grade_id -> the names a graded cell reads that only a demo cell defines.

    A graded cell may read what it binds itself, builtins, what the locked setup cell and the
    exercise (solution) cells define; anything else comes from a cell the student can change, and
    would give the student's run other inputs than the reference's. Not even the setup's random
    generator ``rng``: how many numbers it has given depends on the cells run before.
    """
    import builtins

    allowed = set(dir(builtins)) | {"get_ipython"}
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type == "code" and (is_solution_cell(cell) or (meta.get("locked") and not meta.get("grade"))):
            allowed |= assigned_names(ast.parse(cell.source))
    allowed.discard("rng")  # the setup's generator: its state depends on every cell run before
    found = {}
    for cell in grade_cells(nb):
        tree = ast.parse(cell.source)
        read = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
        foreign = sorted(read - assigned_names(tree) - allowed)
        if foreign:
            found[nbgrader_meta(cell)["grade_id"]] = foreign
    return found


def exercise_functions(nb: NotebookNode) -> list[str]:
    """The public functions that the notebook's solution cells define: the exercises' contract."""
    names: list[str] = []
    for cell in solution_cells(nb):
        names += [name for name in defined_functions(cell.source) if not name.startswith("_")]
    return names


def cell_failed(cell: NotebookNode) -> bool:
    """As nbgrader scores a code cell: an error output or anything on stderr loses its points."""
    return any(
        output.output_type == "error" or (output.output_type == "stream" and output.name == "stderr")
        for output in cell.get("outputs", [])
    )


def cell_error_text(cell: NotebookNode) -> str:
    """Why a cell failed, one line, for reports: its error if it has one, else its stderr."""
    outputs = cell.get("outputs", [])
    for output in outputs:
        if output.output_type == "error":
            first = str(output.evalue).splitlines()[0] if output.evalue else ""
            return f"{output.ename}: {first}".strip()
    for output in outputs:
        if output.output_type == "stream" and output.name == "stderr":
            return "stderr: " + output.text.strip().splitlines()[0][:200]
    return ""


def execute_notebook(
    nb: NotebookNode,
    workdir: Path,
    *,
    grading: bool = True,
    record: bool = False,
    native: bool = False,
    timeout: int = 120,
) -> NotebookNode:
    """Execute a notebook in place in a fresh python3 kernel, errors recorded as outputs.

    ``grading=True`` sets NBGRADER_EXECUTION=autograde in the kernel, as ``nbgrader autograde`` does,
    so long demos take their short path; ``grading=False`` runs it as a student would.
    ``record=True``: graded cells record their values for the judge (``autograder.record``).
    ``native=True``: the kernel is ipykernel on this very Python, whatever a ``python3`` kernelspec on
    the machine says (the reference solution's run must not depend on the machine's kernelspecs).
    """
    from nbclient import NotebookClient

    from autograder.record import SWITCH

    env = {key: value for key, value in os.environ.items() if key not in ("NBGRADER_EXECUTION", SWITCH)}
    env["COURSE_HEADLESS"] = "1"  # no browser: interactive plots draw once (autograder.widgets)
    if grading:
        env["NBGRADER_EXECUTION"] = "autograde"
    if record:
        env[SWITCH] = "1"
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    with tempfile.TemporaryDirectory(prefix="autograder-kernel-") as sockets:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(workdir)}},
            config=local_kernel_config(Path(sockets)),
        )
        if native:
            client.kernel_manager_class = native_kernel_manager()
        client.execute(env=env)
    return nb


def native_kernel_manager() -> Any:
    """A kernel manager that starts ipykernel with this Python (ipykernel's own kernelspec)."""
    from ipykernel.kernelspec import get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class NativeKernelSpecs(KernelSpecManager):  # type: ignore[misc]
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(resource_dir="", **get_kernel_dict())

    class NativeKernelManager(AsyncKernelManager):  # type: ignore[misc]
        @default("kernel_spec_manager")
        def _native_specs(self) -> KernelSpecManager:
            return NativeKernelSpecs()

    return NativeKernelManager


def local_kernel_config(sockets: Path) -> Config:
    """Kernel-manager settings for a kernel on this machine: ZeroMQ over unix sockets in ``sockets``.

    No TCP port is opened, so nothing on the network (or another user on loopback) can reach or
    read the kernel, and ipykernel has no reason to warn that it runs over TCP without encryption.
    Where unix sockets are missing (Windows), the default loopback TCP stays.
    """
    from traitlets.config import Config

    if os.name != "posix":
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": str(sockets / "kernel")}})
