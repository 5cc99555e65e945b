"""Read and check a submission, never modify it: its bytes, what is wrong with it, what looks like tampering.

Everything here reads; nothing under ``submitted/`` is ever written (``fingerprint`` lets a test
check that every file there is byte-identical before and after grading).
"""

from __future__ import annotations

import ast
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from autograder.grading.course import Course
from autograder.notebooks import grade_cells, nbgrader_meta, read_notebook

MAX_FILE_BYTES = 50 * 2**20  # a bigger file in a submission is not graded


@dataclass
class Submission:
    """A student's files as bytes, and what preflight found."""

    student: str
    files: dict[str, bytes] = field(default_factory=dict)  # relative path → bytes
    problems: list[str] = field(default_factory=list)
    gradable: list[str] = field(default_factory=list)  # notebook names worth sending to a worker


def fingerprint(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` by relative path."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def read_submission(course: Course, assignment: str, student: str) -> Submission:
    """Read a student's files (bytes) and check each notebook the assignment expects."""
    found = Submission(student)
    folder = course.submitted(student, assignment)
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            if path.stat().st_size > MAX_FILE_BYTES:
                found.problems.append(f"{path.name} is larger than {MAX_FILE_BYTES // 2**20} MB: not graded")
                continue
            found.files[str(path.relative_to(folder))] = path.read_bytes()
    for name in course.notebook_names(assignment):
        release = read_notebook(course.release(assignment) / name)
        problems, ok = check_notebook(name, found.files.get(name), release, found.files)
        found.problems += problems
        if ok:
            found.gradable.append(name)
    return found


def check_notebook(
    name: str, data: bytes | None, release: NotebookNode, files: dict[str, bytes]
) -> tuple[list[str], bool]:
    """Problems of one submitted notebook, and whether it can be graded at all."""
    if data is None:
        others = ", ".join(sorted(p for p in files if p.endswith(".ipynb"))) or "none"
        return [f"{name} is missing (notebooks found: {others})"], False
    if not data.strip():
        return [f"{name} is an empty file: not graded"], False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return [f"{name} is not UTF-8 text (byte {error.start}): not graded"], False
    try:
        version = json.loads(text).get("nbformat")
        notebook = nbformat.reads(text, as_version=4)
    except Exception as error:  # corrupt JSON, not a notebook
        return [f"{name} cannot be read as a notebook ({type(error).__name__}): not graded"], False
    problems = []
    if version != 4:
        problems.append(f"{name} is nbformat {version}; converted to version 4 for grading")
    problems += tampering(release, notebook)
    return problems, True


def tampering(release: NotebookNode, submitted: NotebookNode) -> list[str]:
    """Deleted, edited, duplicated or retyped test cells, edited metadata, and code that patches grading."""
    problems = []
    released = {nbgrader_meta(cell)["grade_id"]: cell for cell in grade_cells(release)}
    seen: dict[str, int] = {}
    for index, cell in enumerate(submitted.cells):
        meta = nbgrader_meta(cell)
        grade_id = str(meta.get("grade_id", ""))
        if grade_id in released:
            seen[grade_id] = seen.get(grade_id, 0) + 1
            original = released[grade_id]
            if cell.cell_type != "code":
                problems.append(f"test cell {grade_id} was turned into a {cell.cell_type} cell (restored for grading)")
            elif cell.source.strip() != original.source.strip():
                problems.append(f"test cell {grade_id} was edited (restored for grading)")
            if {k: meta.get(k) for k in ("grade", "locked", "points", "solution", "checksum")} != {
                k: nbgrader_meta(original).get(k) for k in ("grade", "locked", "points", "solution", "checksum")
            }:
                problems.append(f"nbgrader metadata of {grade_id} was edited (restored for grading)")
        elif meta.get("grade") and cell.cell_type == "code" and not meta.get("solution"):
            label = f"'{grade_id}'" if grade_id else "without a grade_id"
            problems.append(f"cell {index + 1} claims to be a graded test cell {label}: not a test of this assignment")
    for grade_id in released:
        if grade_id not in seen:
            problems.append(f"test cell {grade_id} was deleted (restored for grading)")
        elif seen[grade_id] > 1:
            problems.append(f"test cell {grade_id} appears {seen[grade_id]} times (graded once)")
    problems += [f"cell {index}: {finding}" for index, finding in patches(release, submitted)]
    return problems


# What tests rely on and student code has no business changing.
DUNDERS = {"__code__", "__globals__", "__defaults__", "__kwdefaults__", "__dict__", "__class__", "__builtins__"}
INTROSPECTION = {"_getframe", "f_globals", "f_locals", "f_back", "get_referrers", "get_objects", "history_manager"}
HISTORY = {"In", "_ih", "Out", "_oh"}
ALWAYS_FLAG_CALLS = {"setattr", "delattr", "reload"}
# What the sandbox contains, reported so the instructor knows it was tried.
CONTAINED_CALLS = {"system", "popen", "fork", "forkpty", "kill", "killpg", "rmtree", "execv", "execvp", "spawnv"}
CONTAINED_MODULES = {"socket", "subprocess", "urllib", "http", "requests", "multiprocessing", "shutil"}


def patches(release: NotebookNode, submitted: NotebookNode) -> list[tuple[int, str]]:
    """(cell number, finding) for student code that rebinds what grading relies on (an AST walk).

    Only code the student changed is read (code as released is the course's own); the setup
    cell's imports tell which names are modules and which are the checks.
    """
    modules: dict[str, str] = {"builtins": "builtins", "__builtins__": "builtins", "sys": "sys"}
    checks: set[str] = set()
    for cell in release.cells + submitted.cells:
        for node in _walk(cell):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    modules[alias.asname or alias.name.split(".")[0]] = alias.name
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    if node.module == "autograder.checks" or alias.name == "checks":
                        checks.add(alias.asname or alias.name)
    released_code = {cell.source.strip() for cell in release.cells if cell.cell_type == "code"}
    found: list[tuple[int, str]] = []
    for index, cell in enumerate(submitted.cells, start=1):
        if cell.cell_type != "code" or nbgrader_meta(cell).get("locked") or cell.source.strip() in released_code:
            continue
        for node in _walk(cell):
            finding = _finding(node, modules, checks)
            if finding:
                found.append((index, finding + ": read it before trusting the score"))
    return list(dict.fromkeys(found))


def _walk(cell: NotebookNode) -> list[ast.AST]:
    if cell.cell_type != "code":
        return []
    lines = [line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        return list(ast.walk(ast.parse("\n".join(lines))))
    except SyntaxError:
        return []


def _root(node: ast.AST) -> str:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def _finding(node: ast.AST, modules: dict[str, str], checks: set[str]) -> str:
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    elif isinstance(node, ast.Delete):
        targets = node.targets
    for target in targets:
        text = ast.unparse(target)
        if isinstance(target, ast.Attribute) and target.attr in DUNDERS:
            return f"rebinds {text} (grading machinery patched through {target.attr})"
        root = _root(target)
        if isinstance(target, ast.Attribute) and root in modules:
            return f"rebinds {text} (an attribute of module {modules[root]})"
        if isinstance(target, ast.Subscript) and modules.get(root) in {"sys", "builtins"}:
            return f"rebinds {text} (the interpreter's own tables)"
        if isinstance(target, ast.Attribute | ast.Subscript) and root in checks:
            return f"rebinds {text} (part of the checks)"
        if isinstance(target, ast.Name) and target.id in checks:
            return f"rebinds {text} (a check the tests call)"
        if isinstance(target, ast.Subscript) and any(word in text for word in ("globals()", "vars(", "__dict__")):
            return f"rebinds {text} (a namespace the tests use)"
    if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name in checks:
        return f"redefines {node.name} (a check the tests call)"
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in ALWAYS_FLAG_CALLS:
            return f"calls {ast.unparse(node.func)}() (can rebind what the tests use)"
        if name == "__import__" and node.args and "autograder" in ast.unparse(node.args[0]):
            return "imports the grader's modules by __import__"
        if isinstance(node.func, ast.Attribute) and name in CONTAINED_CALLS and _root(node.func) in modules:
            return f"calls {ast.unparse(node.func)}() (contained by the sandbox)"
    if isinstance(node, ast.Attribute) and node.attr in INTROSPECTION:
        return f"uses {ast.unparse(node)} (reaches into the interpreter's frames or history)"
    if isinstance(node, ast.Name) and node.id in HISTORY:
        return f"reads {node.id} (the notebook's input history, where hidden tests pass by)"
    if isinstance(node, ast.Import | ast.ImportFrom):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
        for name in names:
            if name.split(".")[0] in {"ctypes", "gc"} or name == "autograder.guard":
                return f"imports {name} (can change the interpreter's memory or objects)"
            if name.split(".")[0] in CONTAINED_MODULES - {"shutil"}:
                return f"imports {name} (network or processes: contained by the sandbox)"
    return ""
