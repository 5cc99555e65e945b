"""environment.yml (Binder) and requirements.txt (make lab / make test) name the same packages."""

from __future__ import annotations

import ast
import re
import sys

from conftest import REPO

from autograder.notebooks import read_notebook

# conda-forge names of packages whose PyPI name differs
CONDA_NAMES = {"torch": "pytorch-cpu"}
# pip-only helpers of the venv that conda installs as dependencies of others
NOT_IN_CONDA: set[str] = set()


def requirement_names() -> set[str]:
    names = set()
    for line in (REPO / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            names.add(re.split(r"[=<>!~\[ ]", line)[0].lower())
    return names


def conda_names() -> set[str]:
    names = set()
    in_deps = False
    for line in (REPO / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        match = re.match(r"^\s+-\s+([A-Za-z0-9_.\-]+)", line)
        if in_deps and match and match.group(1) not in ("pip", "python"):
            names.add(match.group(1).lower())
    return names


def test_environment_yml_names_the_requirements() -> None:
    wanted = {CONDA_NAMES.get(name, name) for name in requirement_names()} - NOT_IN_CONDA
    assert wanted == conda_names() - {"-e", "."}, (
        f"only in requirements.txt: {sorted(wanted - conda_names())}; "
        f"only in environment.yml: {sorted(conda_names() - wanted)}"
    )


def test_torch_is_pinned_to_the_cpu_build() -> None:
    assert "torch==2.13.0" in (REPO / "requirements.txt").read_text()
    assert "pytorch-cpu" in (REPO / "environment.yml").read_text()


# --- Binder: the notebooks' imports are what environment.yml installs ---------------------------

# import name -> the environment.yml package that provides it (directly or as its dependency)
PROVIDED_BY = {
    "torch": "pytorch-cpu",
    "sklearn": "scikit-learn",
    "IPython": "ipykernel",
    "PIL": "matplotlib",
    "mpl_toolkits": "matplotlib",
}
LOCAL_PACKAGES = {"autograder"}  # this repository's own package, installed by postBuild


def _optional(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """An import inside `try: ... except ImportError` is optional (the notebook works without it)."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Try):
            for handler in node.handlers:
                names = ast.unparse(handler.type) if handler.type else ""
                if "ImportError" in names or "ModuleNotFoundError" in names or not names:
                    return True
    return False


def notebook_imports() -> dict[str, set[str]]:
    """Top-level modules that the course's notebooks import unconditionally, by module -> notebooks."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "solutions").glob("*/*.ipynb")):
        for cell in read_notebook(path).cells:
            if cell.cell_type != "code":
                continue
            code = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("!", "%")))
            tree = ast.parse(code)
            parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    modules = [node.module]
                else:
                    continue
                if _optional(node, parents):
                    continue
                for module in modules:
                    found.setdefault(module.split(".")[0], set()).add(path.parent.name)
    return found


def test_binder_environment_has_every_package_the_notebooks_import() -> None:
    environment = conda_names()
    missing = {}
    for module, chapters in notebook_imports().items():
        if module in sys.stdlib_module_names or module in LOCAL_PACKAGES:
            continue
        package = PROVIDED_BY.get(module, module).lower()
        if package not in environment:
            missing[module] = sorted(chapters)
    assert not missing, f"imported by notebooks but not in environment.yml: {missing}"


def test_binder_layout() -> None:
    """repo2docker reads the root environment.yml only when there is no binder/ or .binder/ folder."""
    assert not (REPO / "binder").exists() and not (REPO / ".binder").exists()
    text = (REPO / "environment.yml").read_text()
    assert "conda-forge" in text and "defaults" not in text, "Binder: conda-forge only"
    post_build = (REPO / "postBuild").read_text()
    assert "set -e" in post_build and "pip install" in post_build, "postBuild installs the autograder package"
    assert "urlpath=lab/tree/course" in (REPO / "README.md").read_text(), "the Binder badge opens course/"
