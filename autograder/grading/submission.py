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
from autograder.text import is_utf8_name, printable
from autograder.translation import EDITIONS, language_of

MAX_FILE_BYTES = 50 * 2**20  # a bigger file in a submission is not graded
BENIGN_DOT_FOLDERS = {".ipynb_checkpoints"}  # JupyterLab's own; other dot-entries are reported


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
    """Read a student's files (bytes) and check each notebook the assignment expects.

    Not sent to grading, and said on the row: files bigger than ``MAX_FILE_BYTES``, names that are
    not UTF-8 (a Windows zip unpacked on Linux), and dot-folders such as ``.ipython`` or
    ``.jupyter`` (configuration that would run when the kernel starts; the kernel never sees them).
    """
    found = Submission(student)
    folder = course.submitted(student, assignment)
    dot_entries: set[str] = set()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or path.is_symlink():
            continue
        if not is_utf8_name(str(relative)):
            kind = "notebook" if path.suffix == ".ipynb" else "file"
            found.problems.append(f"{kind} name is not UTF-8: {printable(relative, limit=120)} (not graded)")
            continue
        hidden = [part for part in relative.parts if part.startswith(".")]
        if hidden:
            if hidden[0] not in BENIGN_DOT_FOLDERS:
                dot_entries.add(hidden[0])
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            found.problems.append(f"{path.name} is larger than {MAX_FILE_BYTES // 2**20} MB: not graded")
            continue
        found.files[str(relative)] = path.read_bytes()
    if dot_entries:
        names = ", ".join(printable(name, limit=60) for name in sorted(dot_entries))
        found.problems.append(f"dot-folders or dot-files in the submission ({names}): not given to the kernel")
    for name in course.notebook_names(assignment):
        release = read_notebook(course.release(assignment) / name)
        editions = {
            language: read_notebook(course.edition(assignment, language) / name)
            for language in EDITIONS
            if (course.edition(assignment, language) / name).exists()
        }
        problems, ok = check_notebook(name, found.files.get(name), release, found.files, editions)
        found.problems += problems
        if ok:
            found.gradable.append(name)
    return found


def check_notebook(
    name: str,
    data: bytes | None,
    release: NotebookNode,
    files: dict[str, bytes],
    editions: dict[str, NotebookNode] | None = None,
) -> tuple[list[str], bool]:
    """Problems of one submitted notebook, and whether it can be graded at all. A notebook of
    another edition (its metadata's ``course.language``) is compared with that edition's release."""
    if data is None:
        others = ", ".join(printable(p, limit=80) for p in sorted(files) if p.endswith(".ipynb")) or "none"
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
    problems += tampering((editions or {}).get(language_of(notebook), release), notebook)
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
NAMESPACES = {"vars", "globals", "locals"}
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
        try:
            nodes = _walk(cell)
        except Unreadable:
            continue
        for node in nodes:
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
        try:
            for node in _walk(cell):
                finding = _finding(node, modules, checks)
                if finding:
                    found.append((index, finding + ": an attempt on the grader (scores are judged outside the kernel)"))
        except Unreadable as error:
            found.append((index, f"could not be read by the grader's code walk ({error}): read it yourself"))
    return list(dict.fromkeys(found))


class Unreadable(Exception):
    """A cell the code walk cannot read: not Python, or nested too deeply for the parser."""


def _walk(cell: NotebookNode) -> list[ast.AST]:
    """Every node of a code cell's syntax tree, read as IPython reads the cell (magics and shell
    escapes become Python first)."""
    if cell.cell_type != "code":
        return []
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        source = TransformerManager().transform_cell(cell.source)
    except Exception:  # IPython cannot transform it either; read it as plain Python
        source = cell.source
    try:
        return list(ast.walk(ast.parse(source)))
    except SyntaxError as error:
        raise Unreadable(f"not valid Python: {error.msg}, line {error.lineno}") from error
    except (RecursionError, MemoryError, ValueError) as error:
        raise Unreadable(f"{type(error).__name__}: nested too deeply to parse") from error


def _root(node: ast.AST) -> str:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def _finding(node: ast.AST, modules: dict[str, str], checks: set[str]) -> str:
    try:
        return _finding_of(node, modules, checks)
    except RecursionError as error:
        raise Unreadable("nested too deeply to read") from error


def _finding_of(node: ast.AST, modules: dict[str, str], checks: set[str]) -> str:
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
        owner = node.func.value if isinstance(node.func, ast.Attribute) else None
        if name == "register" and isinstance(owner, ast.Attribute) and owner.attr == "events":
            return f"registers a hook on the kernel's events ({ast.unparse(node.func)})"
        if name == "update" and isinstance(owner, ast.Call) and getattr(owner.func, "id", "") in NAMESPACES:
            return f"rewrites a namespace through {ast.unparse(owner)}.update()"
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
            if name.split(".")[0] in {"ctypes", "gc"}:
                return f"imports {name} (can change the interpreter's memory or objects)"
            if name.split(".")[0] == "autograder":
                return f"imports {name} (the grader's own code)"
            if name.split(".")[0] in CONTAINED_MODULES - {"shutil"}:
                return f"imports {name} (network or processes: contained by the sandbox)"
    return ""
