"""Kernels forked from a warm zygote (autograder/grading/zygote.py) keep the sandbox's guarantees.

A forked kernel must be as confined as one started the ordinary way (tests/test_grading.py,
tests/test_hostile_class.py grade through it), and two kernels forked one after the other must
share nothing: not files, not processes, not a user id, not random seeds. Where the zygote cannot
run (not root, no bubblewrap), these tests skip, saying why; grading then starts every kernel the
ordinary way. Scores forked vs not: tests/test_scale.py (``grade`` against stock nbgrader).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from test_grading import CHAPTER, full, submit, toy  # noqa: F401 (toy is a fixture)

from autograder import grading
from autograder.grading import zygote
from autograder.grading.sandbox import SandboxedKernelManager, bwrap_problem


@pytest.fixture(scope="module")
def warm() -> Iterator[Path]:
    if not zygote.wanted():
        why = bwrap_problem() or "grading is not running as root"
        pytest.skip(f"kernels are not forked here ({why}); they start the ordinary way")
    folder = zygote.ensure(["numpy"])
    assert folder is not None
    yield folder
    zygote.stop()


def run(cells: list[str], folder: Path) -> list[str]:
    """Run the cells in one sandboxed kernel with ``folder`` as the notebook's folder; each cell's text."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    client = NotebookClient(
        notebook,
        timeout=60,
        kernel_name="python3",
        kernel_manager_class=SandboxedKernelManager,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()
    texts = []
    for cell in notebook.cells:
        parts = [o.get("text", "") or f"{o.get('ename', '')}: {o.get('evalue', '')}" for o in cell.outputs]
        texts.append("".join(parts).strip())
    return texts


def test_preload_modules_are_the_heavy_libraries_the_notebook_imports() -> None:
    cells = [
        "import numpy as np\nimport matplotlib.pyplot as plt\nfrom sklearn.linear_model import LogisticRegression",
        "import ipywidgets as widgets\nfrom autograder.checks import check_close\nimport torch.nn.functional as F",
        "%matplotlib inline\nimport matplotlib_inline.backend_inline\nimport numpy as np",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    assert zygote.preload_modules([notebook]) == [
        "numpy",
        "matplotlib.pyplot",
        "sklearn.linear_model",
        "torch.nn.functional",
    ]


def test_a_forked_kernel_is_as_confined_as_an_ordinary_one(warm: Path, tmp_path: Path) -> None:
    (tmp_path / "data.txt").write_text("the student's own file")
    control = warm / "control"
    pid, modules, uid, caps, files, net, zygote_files, tasks = run(
        [
            "import os, sys\nprint(os.getpid())",
            "print('numpy' in sys.modules)",
            "print(os.getuid())",
            "print(open('/proc/self/status').read().split('CapEff:')[1].split()[0])",
            "print(sorted(os.listdir('.')), open('data.txt').read())",
            "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 5432), timeout=2)\n"
            "except OSError as error:\n    print(type(error).__name__)",
            f"try:\n    os.listdir({str(control)!r})\nexcept OSError as error:\n    print(type(error).__name__)",
            "import resource\nprint(resource.getrlimit(resource.RLIMIT_NPROC)[0])",
        ],
        tmp_path,
    )
    assert pid == "1", "the kernel is the init of its own PID namespace: its processes die with it"
    assert modules == "True", "the kernel was forked from the warm zygote, not started anew"
    assert int(uid) >= 1_000_000, "a user id of its own, not root"
    assert caps == "0000000000000000", "no capabilities"
    assert "data.txt" in files and "the student's own file" in files
    assert net == "ConnectionRefusedError", "only the kernel's own loopback: nothing listens there"
    assert zygote_files == "PermissionError", "the zygote's socket is out of the kernel's reach"
    assert tasks == "512"


def test_two_forked_kernels_share_nothing(warm: Path, tmp_path: Path) -> None:
    first = run(
        [
            "import os, subprocess, numpy\nprint(os.getuid(), numpy.random.randint(2**62))",
            "open('/tmp/left.txt', 'w').write('x'); open(os.path.expanduser('~/left.txt'), 'w').write('x')",
            "subprocess.Popen(['sleep', '4242'], start_new_session=True); print('started')",
        ],
        tmp_path,
    )
    second = run(
        [
            "import os, numpy\nprint(os.getuid(), numpy.random.randint(2**62))",
            "print(os.path.exists('/tmp/left.txt'), os.path.exists(os.path.expanduser('~/left.txt')))",
            "print(sorted(p for p in os.listdir('/proc') if p.isdigit()))",
        ],
        tmp_path,
    )
    uid_1, seed_1 = first[0].split()
    uid_2, seed_2 = second[0].split()
    assert uid_1 != uid_2, "each kernel is a user of its own"
    assert seed_1 != seed_2, "numpy's global random state is drawn afresh in every kernel"
    assert first[2] == "started"
    assert second[1] == "False False", "the first kernel's /tmp and home are gone"
    assert second[2] == "['1']", "the second kernel sees its own process only"
    leftovers = []
    for status in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if status.read_bytes().split(b"\0")[:2] == [b"sleep", b"4242"]:
                leftovers.append(status.parent.name)
        except OSError:
            continue
    assert not leftovers, "the first kernel's background process died with it"


def test_without_its_zygote_a_kernel_starts_the_ordinary_way(warm: Path, tmp_path: Path) -> None:
    running = zygote._ZYGOTE
    assert running is not None
    running.process.send_signal(signal.SIGKILL)
    running.process.wait(10)
    pid, modules = run(["import os, sys\nprint(os.getpid())", "print('numpy' in sys.modules)"], tmp_path)
    assert pid != "1" and modules == "False", "started as a new process in its own bubblewrap sandbox"
    assert zygote.ensure(["numpy"]) is not None and running is not zygote._ZYGOTE, "a dead zygote is replaced"
    assert os.environ[zygote.ZYGOTE_VARIABLE] == str(zygote._ZYGOTE.folder)


ZYGOTE_CALL = b"from autograder.grading.zygote import main; main()"


def _descendants(root: int) -> list[int]:
    """Every process below ``root`` (from /proc's parent links)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_a_zygote_that_dies_mid_notebook_costs_the_student_nothing(toy: grading.Course) -> None:  # noqa: F811
    """If a forked kernel dies for the zygote's sake, the notebook runs again unforked: full marks."""
    if not zygote.wanted():
        pytest.skip(f"kernels are not forked here ({bwrap_problem() or 'not root'})")
    student = full(toy)
    student.cells[2].source += "\n\nimport time\ntime.sleep(3)  # the zygote is killed meanwhile"
    submit(toy, "ada", student)
    killed: list[int] = []

    def kill_the_zygote_once_a_kernel_runs() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            zygotes = {}  # bubblewrap process of a zygote → its folder
            for pid in _descendants(os.getpid()):
                words = _cmdline(pid).split(b"\0")
                if words[0] == b"bwrap" and ZYGOTE_CALL in words:
                    zygotes[pid] = Path(words[words.index(ZYGOTE_CALL) + 1].decode())
            if any(any((folder / "kernels").iterdir()) for folder in zygotes.values() if folder.is_dir()):
                time.sleep(1)
                for pid in zygotes:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
                killed.extend(zygotes)
            time.sleep(0.1)

    killer = threading.Thread(target=kill_the_zygote_once_a_kernel_runs, daemon=True)
    killer.start()
    result = grading.grade_student(toy, CHAPTER, "ada")
    killer.join(5)
    assert killed, "the zygote was never seen running a kernel"
    assert result.graded and result.score == 5, result.problems
    assert not result.problems, result.problems


def test_folders_of_zygotes_whose_worker_died_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    monkeypatch.setattr(zygote, "ZYGOTE_PARENT", str(tmp_path))
    folders = {}
    for name in ("abandoned", "alive", "new"):
        folders[name] = tmp_path / f"autograder-zygote-{name}"
        (folders[name] / "control").mkdir(parents=True)
        (folders[name] / "control" / "lock").touch()
    for name in ("abandoned", "alive"):
        os.utime(folders[name] / "control", (time.time() - 3600, time.time() - 3600))
    with open(folders["alive"] / "control" / "lock") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        zygote.remove_abandoned()
    assert not folders["abandoned"].exists()
    assert folders["alive"].exists(), "its worker still holds the lock"
    assert folders["new"].exists(), "just made: its lock may not be taken yet"


def test_grade_forks_its_kernels(toy: grading.Course) -> None:  # noqa: F811
    """``grade`` really forks (the rerun unforked would hide a zygote that never works)."""
    if not zygote.wanted():
        pytest.skip(f"kernels are not forked here ({bwrap_problem() or 'not root'})")
    student = full(toy)
    student.cells[2].source += "\n\nimport os\nprint('kernel pid', os.getpid())"
    submit(toy, "ada", student)
    result = grading.grade_student(toy, CHAPTER, "ada")
    assert result.graded and result.score == 5, result.problems
    graded = nbformat.read(toy.autograded("ada", CHAPTER) / "toy.ipynb", as_version=4)
    printed = "".join(output.get("text", "") for output in graded.cells[2].outputs)
    assert "kernel pid 1\n" in printed, "the kernel was not forked from the worker's zygote"


@pytest.mark.parametrize("forked", [True, False], ids=["forked", "started"])
def test_a_kernel_has_nothing_of_the_grader_and_no_configuration_of_the_student(
    warm: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    """Issue 16: the grader's secrets stay out of every kernel; a startup file or a kernel config in
    the notebook's folder never runs; the configuration folder is empty and read-only."""
    from autograder.grading.confine import EMPTY_CONFIG_DIR, KERNEL_VARIABLES

    if not forked:
        monkeypatch.setenv(zygote.FORK_SWITCH, "off")
    monkeypatch.setenv("PGPASSWORD", "hunter2")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "hunter2")
    startup = tmp_path / ".ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-x.py").write_text("import builtins\nbuiltins.HOOKED = True\n")
    (tmp_path / ".jupyter").mkdir()
    (tmp_path / ".jupyter" / "ipython_kernel_config.py").write_text("import builtins\nbuiltins.HOOKED = True\n")
    environment, hooked, config, writable = run(
        [
            "import os, json\nprint(json.dumps(sorted(os.environ)))",
            "import builtins\nprint(getattr(builtins, 'HOOKED', False))",
            "folder = os.environ['IPYTHONDIR']\n"
            "print(folder, os.environ['JUPYTER_CONFIG_DIR'], sorted(os.listdir(folder)))",
            "try:\n    open(os.path.join(os.environ['IPYTHONDIR'], 'x.py'), 'w')\nexcept OSError as error:\n"
            "    print(type(error).__name__)",
        ],
        tmp_path,
    )
    names = set(__import__("json").loads(environment))
    own = {"HOME", "MPLBACKEND", "MPLCONFIGDIR", "COURSE_RECORD", "IPYTHONDIR", "JUPYTER_CONFIG_DIR"}
    own |= {"JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "PYTHONDONTWRITEBYTECODE", "PYTHONNOUSERSITE", "PYTHONSAFEPATH"}
    own |= {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"}
    # what ipykernel, debugpy and the sandbox's shell set in their own process as they start
    own |= {"TERM", "CLICOLOR", "CLICOLOR_FORCE", "FORCE_COLOR", "PAGER", "GIT_PAGER", "PYDEVD_USE_FRAME_EVAL", "PWD"}
    unexpected = {n for n in names - own - set(KERNEL_VARIABLES) if not n.startswith(("LC_", "JPY_"))}
    assert not unexpected and "PGPASSWORD" not in names, unexpected
    assert hooked == "False", "a startup file or kernel config of the student's ran"
    assert config == f"{EMPTY_CONFIG_DIR} {EMPTY_CONFIG_DIR} []"
    assert writable in ("PermissionError", "OSError")
