"""What confines a student's kernel, shared by the two ways a kernel starts (``sandbox.py``: a new
bubblewrap process; ``zygote.py``: forked from a warm zygote in bubblewrap).

* the limits: memory (``RLIMIT_DATA`` and a memory cgroup), tasks (pids cgroup, ``RLIMIT_NPROC``),
  CPU seconds, file size, no core dumps;
* the bubblewrap command lines: namespaces, a read-only system, the virtual environment and the
  package read-only, an empty read-only configuration folder;
* the kernel's environment: an allow-list (what Python, numpy, torch and Jupyter need), nothing of
  the grader's (no database URL, no password, no token), and no configuration from the student's
  files: ``IPYTHONDIR`` and ``JUPYTER_CONFIG_DIR`` point at the empty read-only folder, so neither
  an IPython startup file nor a kernel config in the submission ever runs;
* the kernel's private folder on the grader's side: its connection file and sockets, its log, and a
  copy of the notebook's folder that the kernel can read whatever the grader's umask (077 on
  hardened servers) and cannot write; as root, the kernel cannot add a file to any of it once it
  has started (``seal``), so it cannot fill the grader's disk.
"""

from __future__ import annotations

import contextlib
import functools
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

MEMORY_LIMIT_GB = 4  # per kernel; a chapter needs < 1.5 GB
MEMORY_LIMIT_BYTES = MEMORY_LIMIT_GB * 2**30
MAX_TASKS = 512  # processes + threads of one kernel (pids cgroup; RLIMIT_NPROC for the sandbox user)
CPU_SECONDS = 900  # CPU time of one kernel, all cells together
MAX_FILE_BYTES = 256 * 2**20  # largest file the kernel may write
HOME_SIZE = 512 * 2**20  # the private home and /tmp are memory file systems of this size
SANDBOX_HOME = "/home/student"
# where a forked kernel builds its fresh /tmp before moving it over the zygote's (zygote.py)
TMP_STAGING = "/.kernel-tmp"
# an empty folder no kernel may write: IPython's and Jupyter's configuration (no startup files)
EMPTY_CONFIG_DIR = "/etc/course-kernel"
# As root, each kernel runs as a user id of its own, picked at random from this range (no account
# needed): RLIMIT_NPROC then counts that kernel's tasks only, and kernels cannot signal each other.
SANDBOX_UIDS = (1_000_000, 2_000_000)
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
# What a kernel may inherit from the grader's environment; everything else is dropped.
KERNEL_VARIABLES = (
    "PATH",
    "LANG",
    "LANGUAGE",
    "TZ",
    "PYTHONPATH",
    "PYTHONHASHSEED",
    "VIRTUAL_ENV",
    "NBGRADER_EXECUTION",
    "NBGRADER_VALIDATING",
    "COURSE_HEADLESS",
)
ZYGOTE_CAPABILITIES = ("CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_KILL")
DISABLE = "COURSE_SANDBOX"  # COURSE_SANDBOX=off turns bubblewrap off (tests of the fallback)


@functools.cache
def bwrap_problem() -> str:
    """Why bubblewrap cannot sandbox kernels here ('' when it can)."""
    if os.environ.get(DISABLE, "").lower() in {"off", "0", "no"}:
        return f"{DISABLE}=off"
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return "bubblewrap (bwrap) is not installed: apt-get install bubblewrap"
    try:
        done = subprocess.run(
            [*bwrap_command(Path("/")), "--", sys.executable, "-c", "pass"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"bwrap does not run: {error}"
    if done.returncode != 0:
        return "bwrap cannot create namespaces here: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    return ""


def status() -> str:
    """One line for every grading run: how student code is confined."""
    problem = bwrap_problem()
    if problem:
        return (
            f"WARNING: student code is NOT sandboxed ({problem}); it runs with your rights, "
            "only memory, CPU, process and file-size limits apply"
        )
    who = "as an unprivileged user of its own, " if os.geteuid() == 0 else ""
    return f"sandbox: bubblewrap, {who}no network, private files, {MEMORY_LIMIT_GB} GB, {MAX_TASKS} tasks"


def readable_roots() -> list[Path]:
    """What a kernel needs to read: the system, Python, the virtual environment, the package."""
    import autograder

    roots = {Path(sys.prefix), Path(sys.base_prefix), Path(autograder.__file__).resolve().parent}
    roots |= {Path(os.path.realpath(sys.executable)).parent.parent}
    return sorted(r for r in roots if not str(r).startswith("/usr"))


def bwrap_base(writable: list[Path]) -> list[str]:
    """bubblewrap with its namespaces, the read-only system and environment, and ``writable`` bound."""
    command = ["bwrap", "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts"]
    if os.geteuid() != 0:
        command.append("--unshare-user")
    command += ["--die-with-parent", "--new-session", "--hostname", "sandbox"]
    command += ["--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev"]
    for name in ("bin", "sbin", "lib", "lib64", "lib32"):
        path = Path("/") / name
        if path.is_symlink():
            command += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            command += ["--ro-bind", str(path), str(path)]
    # fonts: without /etc/fonts, fontconfig (matplotlib's text) writes an error to stderr, and
    # nbgrader gives 0 to a graded cell that writes to stderr
    command += ["--perms", "0755", "--dir", "/etc"]  # bwrap would make it 0700: unreadable to the kernel
    etc = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf", "passwd", "group", "fonts")
    for name in etc:
        if (Path("/etc") / name).exists():
            command += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    command += ["--perms", "0555", "--dir", EMPTY_CONFIG_DIR]
    command += ["--perms", "1777", "--size", str(HOME_SIZE), "--tmpfs", "/tmp"]
    made: set[Path] = {Path("/"), Path("/tmp"), Path("/usr")}
    binds = [(root, "--ro-bind") for root in readable_roots()] + [(path, "--bind") for path in writable]
    for target, mode in binds:
        for parent in reversed(target.parents):
            if parent not in made and not any(parent.is_relative_to(m) for m in (Path("/usr"),)):
                command += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
        command += [mode, str(target), str(target)]
        made.add(target)
    return command


def bwrap_command(conn: Path, home: Path | None = None, uid: int = SANDBOX_UIDS[0]) -> list[str]:
    """One kernel's sandbox: ``conn`` shared, ``home`` copied into its private home, run as ``uid``."""
    command = [*bwrap_base([conn]), "--unshare-cgroup-try"]
    if home is not None:
        command += ["--ro-bind", str(home), "/submission", "--perms", "0755", "--dir", "/home"]
        command += ["--size", str(HOME_SIZE), "--perms", "0777", "--tmpfs", SANDBOX_HOME, "--chdir", SANDBOX_HOME]
        command += ["--setenv", "HOME", SANDBOX_HOME, "--unsetenv", "JPY_PARENT_PID"]
    if os.geteuid() == 0:
        command += ["--", "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
        command += ["--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
    return command


def zygote_command(folder: Path, cgroups: list[Path]) -> list[str]:
    """The sandbox of a zygote (``zygote.py``): ``folder`` and the kernels' cgroup folders shared,
    a mount point for each kernel's private home, and the capabilities to confine each kernel."""
    command = [*bwrap_base([folder, *cgroups]), "--perms", "0755", "--dir", SANDBOX_HOME]
    command += ["--perms", "0755", "--dir", TMP_STAGING]
    for capability in ZYGOTE_CAPABILITIES:
        command += ["--cap-add", capability]
    return command


def kernel_environment(env: dict[str, str], sandboxed: bool, private: Path | None = None) -> dict[str, str]:
    """A kernel's environment: the allow-listed variables of ``env`` and the course's own settings.

    Nothing else of the grader's reaches the kernel (a ``PGPASSWORD``, a token, the gradebook's
    URL). IPython and Jupyter read their configuration from an empty folder the kernel cannot
    write (``private/config`` outside the sandbox), never from the student's files.
    """
    kept = {key: value for key, value in env.items() if key in KERNEL_VARIABLES or key.startswith("LC_")}
    kept.update(dict.fromkeys(THREAD_VARIABLES, "1"))
    kept["PYTHONDONTWRITEBYTECODE"] = "1"
    kept["PYTHONNOUSERSITE"] = "1"  # no ~/.local site-packages from the student's files
    kept["PYTHONSAFEPATH"] = "1"  # `python -m ipykernel_launcher` starts ipykernel, not a file of the submission
    # matplotlib's backend as ipykernel sets it (set here, a zygote imports matplotlib as a kernel would)
    kept["MPLBACKEND"] = env.get("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    kept["COURSE_RECORD"] = "1"  # graded cells record their values for the judge (autograder.record)
    if sandboxed:
        config = EMPTY_CONFIG_DIR
        kept.update(HOME=SANDBOX_HOME, MPLCONFIGDIR="/tmp/matplotlib", JUPYTER_RUNTIME_DIR="/tmp/jupyter-runtime")
    else:
        config = str((private or Path("/nonexistent")) / "config")
        kept["HOME"] = env.get("HOME", "/")
        if private is not None:
            kept["MPLCONFIGDIR"] = str(private / "matplotlib")
    kept.update(IPYTHONDIR=config, JUPYTER_CONFIG_DIR=config, JUPYTER_DATA_DIR=config)
    return kept


def private_copy(folder: Path, target: Path) -> None:
    """Copy the notebook's folder for a kernel: readable by the kernel whatever the grader's umask,
    writable by nobody but its owner (root, when grading as root), without dot-folders (.ipython,
    .jupyter, .local: configuration that would run as the kernel starts) and without notebooks (the
    one being graded holds the hidden tests again)."""
    shutil.copytree(folder, target, symlinks=True, ignore=shutil.ignore_patterns(".*", "*.ipynb"))
    for path in [target, *target.rglob("*")]:
        if path.is_symlink():
            continue
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


def seal(conn: Path) -> None:
    """After the kernel has made its sockets: as root, no file can be added to its connection folder."""
    if os.geteuid() == 0 and conn.is_dir():
        os.chmod(conn, 0o711)


def cgroup_parents() -> list[Path]:
    """The folders in which ``make_cgroups`` creates each kernel's cgroups (where they exist)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        _, controllers, path = line.split(":", 2)
        for controller in ("memory", "pids"):
            folder = Path("/sys/fs/cgroup") / controller / path.lstrip("/")
            if controller in controllers.split(",") and folder.is_dir() and os.access(folder, os.W_OK):
                found.append(folder)
    return found


def make_cgroups(name: str) -> list[Path]:
    """Create cgroups (memory, pids) for one kernel where this process may; [] elsewhere."""
    made = []
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return []
    for line in lines:
        _, controllers, path = line.split(":", 2)
        for controller, settings in (
            ("memory", {"memory.limit_in_bytes": MEMORY_LIMIT_BYTES + 2**30}),
            ("pids", {"pids.max": MAX_TASKS}),
        ):
            if controller in controllers.split(","):
                folder = Path("/sys/fs/cgroup") / controller / path.lstrip("/") / name
                try:
                    folder.mkdir()
                    for key, value in settings.items():
                        (folder / key).write_text(str(value))
                    made.append(folder)
                except OSError:
                    with contextlib.suppress(OSError):
                        folder.rmdir()
    return made


def limit_kernel(cgroups: list[Path]) -> None:  # in the kernel's process, before exec
    tasks = None
    if os.geteuid() != 0 or not bwrap_problem():  # root's own process count is never limited
        tasks = MAX_TASKS if os.geteuid() == 0 else _user_tasks() + MAX_TASKS
    limit_process(cgroups, tasks)


def limit_process(cgroups: list[Path], tasks: int | None) -> None:
    """Join the kernel's cgroups and take its resource limits (``tasks``: RLIMIT_NPROC, if any)."""
    for folder in cgroups:
        with contextlib.suppress(OSError):
            (folder / "cgroup.procs").write_text(str(os.getpid()))
    limits = {
        resource.RLIMIT_DATA: MEMORY_LIMIT_BYTES,
        resource.RLIMIT_CPU: CPU_SECONDS,
        resource.RLIMIT_FSIZE: MAX_FILE_BYTES,
        resource.RLIMIT_CORE: 0,
    }
    if tasks is not None:
        limits[resource.RLIMIT_NPROC] = tasks
    for kind, value in limits.items():  # soft and hard: the kernel cannot raise them again
        _, hard = resource.getrlimit(kind)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(kind, (value, value))


def _user_tasks() -> int:
    """Processes and threads already running as this user (RLIMIT_NPROC counts them all)."""
    count = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            text = status.read_text()
            if f"\nUid:\t{os.getuid()}\t" in text:
                count += int(text.split("\nThreads:\t", 1)[1].split()[0])
    return count


def empty_cgroup(folder: Path) -> None:
    """Kill what is left in a kernel's cgroup (forked children) and remove it."""
    import signal

    for _ in range(100):  # up to 5 s: a fork bomb's processes take a moment to go
        try:
            pids = [int(p) for p in (folder / "cgroup.procs").read_text().split()]
        except OSError:
            return
        if not pids:
            break
        for pid in pids:  # processes of the sandbox only: the cgroup was made for this kernel
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
    with contextlib.suppress(OSError):
        folder.rmdir()
