"""The sandbox a student's kernel runs in while it is graded: bubblewrap, resource limits, no network.

nbgrader starts one Python kernel per notebook; ``SandboxedKernelManager`` (named in
``nbgrader_config.py``, so plain ``nbgrader autograde`` uses it too) starts that kernel

* inside bubblewrap (``bwrap``): new mount, PID, network, IPC and UTS namespaces; the system
  (``/usr``), Python and the course's virtual environment read-only; a private home holding a
  copy of the notebook's folder and nothing else (not the course, not ``solutions/``, not the
  gradebook, not other submissions); a private ``/tmp``; no network at all (only the sandbox's own
  loopback). The kernel talks to nbgrader over ZeroMQ ``ipc`` sockets in a private folder, the one
  place shared with the grader;
* as an unprivileged user id of its own (no account, no capabilities) when the grader runs as root;
* with limits: a memory cgroup (real memory, where cgroups can be created), ``RLIMIT_DATA`` (heap
  and anonymous memory, not address space: idle thread stacks and arenas do not count), a
  process/thread cap (pids cgroup and ``RLIMIT_NPROC``), CPU seconds, file size, no core dumps,
  and one BLAS/OpenMP/torch thread;
* where bubblewrap cannot run, with the limits only — and every run says so loudly.

While ``grade`` runs, a kernel is usually not started as a new process but forked from the
worker's zygote (``zygote.py``), which imported the chapter's libraries once; the zygote builds
the same confinement for each kernel (namespaces, fresh ``/tmp`` and home, cgroups, limits, a user
id of its own, no capabilities). The kernel manager below falls back to the ordinary start when
there is no zygote or it cannot give a kernel.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager

MEMORY_LIMIT_GB = 4  # per kernel; a chapter needs < 1.5 GB
MEMORY_LIMIT_BYTES = MEMORY_LIMIT_GB * 2**30
MAX_TASKS = 512  # processes + threads of one kernel (pids cgroup; RLIMIT_NPROC for the sandbox user)
CPU_SECONDS = 900  # CPU time of one kernel, all cells together
MAX_FILE_BYTES = 256 * 2**20  # largest file the kernel may write
HOME_SIZE = 512 * 2**20  # the private home and /tmp are memory file systems of this size
SANDBOX_HOME = "/home/student"
# where a forked kernel builds its fresh /tmp before moving it over the zygote's (zygote.py)
TMP_STAGING = "/.kernel-tmp"
# As root, each kernel runs as a user id of its own, picked at random from this range (no account
# needed): RLIMIT_NPROC then counts that kernel's tasks only, and kernels cannot signal each other.
SANDBOX_UIDS = (1_000_000, 2_000_000)
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
_DISABLE = "COURSE_SANDBOX"  # COURSE_SANDBOX=off turns bubblewrap off (tests of the fallback)


@functools.cache
def bwrap_problem() -> str:
    """Why bubblewrap cannot sandbox kernels here ('' when it can)."""
    if os.environ.get(_DISABLE, "").lower() in {"off", "0", "no"}:
        return f"{_DISABLE}=off"
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return "bubblewrap (bwrap) is not installed: apt-get install bubblewrap"
    try:
        done = subprocess.run(
            [*_bwrap_command(Path("/")), "--", sys.executable, "-c", "pass"],
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


def _bwrap_base(writable: list[Path]) -> list[str]:
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


def _bwrap_command(conn: Path, home: Path | None = None, uid: int = SANDBOX_UIDS[0]) -> list[str]:
    """One kernel's sandbox: ``conn`` shared, ``home`` copied into its private home, run as ``uid``."""
    command = [*_bwrap_base([conn]), "--unshare-cgroup-try"]
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
    from autograder.grading.zygote import ZYGOTE_CAPABILITIES

    command = [*_bwrap_base([folder, *cgroups]), "--perms", "0755", "--dir", SANDBOX_HOME]
    command += ["--perms", "0755", "--dir", TMP_STAGING]
    for capability in ZYGOTE_CAPABILITIES:
        command += ["--cap-add", capability]
    return command


def cgroup_parents() -> list[Path]:
    """The folders in which ``_cgroup_dirs`` creates each kernel's cgroups (where they exist)."""
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


def _is_this_ipykernel(cmd: list[str]) -> bool:
    """Is ``cmd`` ``python -m ipykernel_launcher ...`` with this Python, the kernel a zygote forks?"""
    if len(cmd) < 3 or cmd[1:3] != ["-m", "ipykernel_launcher"]:
        return False
    executable = shutil.which(cmd[0]) or cmd[0]
    return os.path.realpath(executable) == os.path.realpath(sys.executable)


def kernel_environment(env: dict[str, str], sandboxed: bool) -> dict[str, str]:
    """A kernel's environment: one thread per library, no secrets of the grader, a private home."""
    env.update(dict.fromkeys(THREAD_VARIABLES, "1"))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # matplotlib's backend as ipykernel sets it (set here, a zygote imports matplotlib as a kernel would)
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # JPY_PARENT_PID: a host PID means nothing in the sandbox (bwrap --die-with-parent does its job)
    for secret in ("NBGRADER_DB_URL", "COURSE_WORK_DIR", "JUPYTER_RUNTIME_DIR", "JPY_PARENT_PID", "PYTHONWARNINGS"):
        env.pop(secret, None)
    if sandboxed:
        env["MPLCONFIGDIR"] = "/tmp/matplotlib"
        env["HOME"] = SANDBOX_HOME
    return env


def _cgroup_dirs(name: str) -> list[Path]:
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


def _limit(cgroups: list[Path]) -> None:  # in the kernel's process, before exec
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
    for kind, value in limits.items():
        _, hard = resource.getrlimit(kind)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(kind, (value, hard))


def _user_tasks() -> int:
    """Processes and threads already running as this user (RLIMIT_NPROC counts them all)."""
    count = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            text = status.read_text()
            if f"\nUid:\t{os.getuid()}\t" in text:
                count += int(text.split("\nThreads:\t", 1)[1].split()[0])
    return count


class SandboxedKernelManager(AsyncKernelManager):  # type: ignore[misc]
    """A kernel manager that starts every kernel in the sandbox described above."""

    _private: Path | None = None
    _zygote: Path | None = None
    _cgroups: list[Path]

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        from autograder.grading import zygote

        self._zygote = zygote.active_folder()
        kernels = self._zygote / "kernels" if self._zygote else None
        self._private = Path(tempfile.mkdtemp(prefix="autograder-kernel-", dir=kernels))
        _LIVE.add(self)
        conn = self._private / "conn"
        conn.mkdir()
        sandboxed = not bwrap_problem()
        if sandboxed:  # ZeroMQ over unix sockets: the sandbox has no network to share with us
            self.transport = "ipc"
            self.ip = str(conn / "kernel")
            self.connection_file = str(conn / "kernel.json")
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        if not _is_this_ipykernel(cmd):  # another kernel (its own kernelspec): start what it says
            self._zygote = None
        env = kernel_environment(dict(kw.get("env") or os.environ), sandboxed)
        if not sandboxed:
            env["MPLCONFIGDIR"] = str(self._private / "matplotlib")
        cwd = Path(kw.get("cwd") or os.getcwd())
        self._uid = random.randrange(*SANDBOX_UIDS)
        self._kernel_cmd = cmd
        self._kernel_env = env
        self._cwd = cwd
        if sandboxed:
            if os.geteuid() == 0:  # the connection file (0600) and the socket folder belong to the kernel
                for path in (conn, *conn.iterdir()):
                    os.chown(path, self._uid, self._uid)
            prefix = _bwrap_command(conn, cwd, self._uid)
            # the private home starts as a copy of the notebook's folder (read-only at /submission)
            cmd = [*prefix, "sh", "-c", f'cp -r /submission/. {SANDBOX_HOME}/ 2>/dev/null; exec "$@"', "sh", *cmd]
            kw["cwd"] = str(self._private)
        self._cgroups = _cgroup_dirs(f"autograder-{uuid.uuid4().hex[:12]}")
        kw["env"] = env
        kw["preexec_fn"] = functools.partial(_limit, self._cgroups)
        self._log = open(self._private / "kernel.log", "wb")
        kw["stdout"] = kw["stderr"] = self._log
        return cmd, kw

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        """Fork the kernel from this worker's zygote where there is one; else start it as a process."""
        if self._zygote is not None:
            from autograder.grading import zygote

            try:
                process = zygote.spawn(self._zygote, self._zygote_request())
            except zygote.ZygoteError as error:
                self.log.warning("kernel started the ordinary way: %s", error)
            else:
                assert self.provisioner is not None
                provisioner: Any = self.provisioner
                provisioner.process, provisioner.pid, provisioner.pgid = process, process.pid, None
                self._reconcile_connection_info(provisioner.connection_info)
                return
        await super()._async_launch_kernel(kernel_cmd, **kw)

    def _zygote_request(self) -> dict[str, Any]:
        """What the zygote needs to confine and start this kernel; the notebook's folder is copied
        into the kernel's private folder, which (like the log) then belongs to the kernel's user."""
        assert self._private is not None
        submission = self._private / "submission"
        shutil.copytree(self._cwd, submission, symlinks=True, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for path in (self._private, self._private / "kernel.log", submission, *submission.rglob("*")):
            os.lchown(path, self._uid, self._uid)
        os.chmod(self._private, 0o700)
        return {
            "uid": self._uid,
            "private": str(self._private),
            "cgroups": [str(folder) for folder in self._cgroups],
            "env": self._kernel_env,
            "argv": self._kernel_cmd[3:],
        }

    async def _async_interrupt_kernel(self) -> None:
        """An interrupt as a message: a signal would stop at the sandbox's own init process."""
        if self.has_kernel and not bwrap_problem():
            msg = self.session.msg("interrupt_request", content={})
            self._connect_control_socket()
            self.session.send(self._control_socket, msg)
            return
        await super()._async_interrupt_kernel()

    interrupt_kernel = _async_interrupt_kernel  # AsyncKernelManager binds the base method by name

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        try:
            await super()._async_cleanup_resources(restart=restart)
        finally:
            self._remove_private()

    def _remove_private(self) -> None:
        _LIVE.discard(self)
        process = getattr(getattr(self, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:  # a kernel nobody shut down (it died oddly)
            with contextlib.suppress(Exception):
                process.kill()
                process.wait(10)
        if getattr(self, "_log", None):
            self._log.close()
        for folder in getattr(self, "_cgroups", []):
            _empty_cgroup(folder)
        if self._private is not None:
            shutil.rmtree(self._private, ignore_errors=True)
            self._private = None

    def kernel_log(self) -> str:
        """What the kernel process wrote to its own stdout/stderr (startup errors)."""
        if self._private is None:
            return ""
        with contextlib.suppress(OSError):
            return (self._private / "kernel.log").read_text(errors="replace")[-2000:]
        return ""


_LIVE: set[SandboxedKernelManager] = set()


def cleanup_all() -> None:
    """Kill and remove what is left of every kernel this process started (folders, cgroups)."""
    for manager in list(_LIVE):
        manager._remove_private()


atexit.register(cleanup_all)


def _empty_cgroup(folder: Path) -> None:
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
        import time

        time.sleep(0.05)
    with contextlib.suppress(OSError):
        folder.rmdir()
