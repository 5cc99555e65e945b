"""environment.yml (Binder) and requirements.txt (make lab / make test) name the same packages."""

from __future__ import annotations

import re

from conftest import REPO

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
