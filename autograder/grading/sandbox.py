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

The grader's side of a kernel is bounded too: its client refuses any message over
``MAX_MESSAGE_BYTES`` and queues at most ``IOPUB_QUEUE`` output messages (``SandboxedKernelClient``),
so a kernel that floods its output channel cannot exhaust the grader's memory. What confines the
kernel itself (limits, command lines, environment, its private folder) lives in ``confine.py``,
shared with ``zygote.py``.

While ``grade`` runs, a kernel is usually not started as a new process but forked from the
worker's zygote (``zygote.py``), which imported the chapter's libraries once; the zygote builds
the same confinement for each kernel (namespaces, fresh ``/tmp`` and home, cgroups, limits, a user
id of its own, no capabilities). The kernel manager below falls back to the ordinary start when
there is no zygote or it cannot give a kernel.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import random
import shutil
import tempfile
import uuid
from functools import partial
from pathlib import Path
from typing import Any

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import channel_socket_types
from jupyter_client.manager import AsyncKernelManager
from traitlets import Type

from autograder.grading import zygote
from autograder.grading.confine import (
    MEMORY_LIMIT_GB,
    SANDBOX_HOME,
    SANDBOX_UIDS,
    bwrap_command,
    bwrap_problem,
    empty_cgroup,
    kernel_environment,
    limit_kernel,
    make_cgroups,
    private_copy,
    seal,
    status,
)

__all__ = ["MEMORY_LIMIT_GB", "SandboxedKernelClient", "SandboxedKernelManager", "bwrap_problem", "status"]

MAX_MESSAGE_BYTES = (
    64 * 2**20
)  # a bigger message from a kernel ends its channel (ZeroMQ MAXMSGSIZE): it gets no more output
IOPUB_QUEUE = 16  # messages a socket queues unread at most (more are dropped: a flood, not a notebook)


def _is_this_ipykernel(cmd: list[str]) -> bool:
    """Is ``cmd`` ``python -m ipykernel_launcher ...`` with this Python, the kernel a zygote forks?"""
    import sys

    if len(cmd) < 3 or cmd[1:3] != ["-m", "ipykernel_launcher"]:
        return False
    executable = shutil.which(cmd[0]) or cmd[0]
    return os.path.realpath(executable) == os.path.realpath(sys.executable)


class SandboxedKernelClient(AsyncKernelClient):  # type: ignore[misc]
    """A kernel client whose sockets refuse oversized messages and queue little: the grader's
    memory stays bounded whatever the kernel sends."""

    def _create_connected_socket(self, channel: str, identity: bytes | None = None) -> zmq.Socket:
        sock = self.context.socket(channel_socket_types[channel])
        sock.linger = 1000
        sock.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        sock.setsockopt(zmq.RCVHWM, IOPUB_QUEUE)
        if identity:
            sock.identity = identity
        sock.connect(self._make_url(channel))
        return sock


class SandboxedKernelManager(AsyncKernelManager):  # type: ignore[misc]
    """A kernel manager that starts every kernel in the sandbox described above.

    Its private folder (root-owned when grading as root; the kernel may read, not write):
    ``conn/`` (connection file and sockets; sealed once the kernel is up), ``kernel.log`` (what the
    kernel process itself printed) and ``submission/`` (a copy of the notebook's folder).
    """

    client_factory = Type(SandboxedKernelClient, klass=AsyncKernelClient)
    _private: Path | None = None
    _zygote: Path | None = None
    _cgroups: list[Path]

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
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
        cwd = Path(kw.get("cwd") or os.getcwd())
        private_copy(cwd, self._private / "submission")
        env = kernel_environment(dict(kw.get("env") or os.environ), sandboxed, self._private)
        self._uid = random.randrange(*SANDBOX_UIDS)
        self._kernel_cmd = cmd
        self._kernel_env = env
        self._log = open(self._private / "kernel.log", "wb")
        if sandboxed:
            if os.geteuid() == 0:  # the kernel reads what is here and makes its sockets; it owns nothing
                os.chmod(self._private, 0o711)
                os.chmod(conn, 0o1733)
                os.chmod(self.connection_file, 0o644)
            prefix = bwrap_command(conn, self._private / "submission", self._uid)
            # the private home starts as a copy of the notebook's folder (read-only at /submission)
            cmd = [*prefix, "sh", "-c", f'cp -r /submission/. {SANDBOX_HOME}/ 2>/dev/null; exec "$@"', "sh", *cmd]
            kw["cwd"] = str(self._private)
        else:
            (self._private / "config").mkdir()  # IPython's and Jupyter's configuration: empty
        self._cgroups = make_cgroups(f"autograder-{uuid.uuid4().hex[:12]}")
        kw["env"] = env
        kw["preexec_fn"] = partial(limit_kernel, self._cgroups)
        kw["stdout"] = kw["stderr"] = self._log
        return cmd, kw

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        """Fork the kernel from this worker's zygote where there is one; else start it as a process."""
        if self._zygote is not None:
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
        """What the zygote needs to confine and start this kernel (the notebook's folder is already
        copied into the private folder)."""
        assert self._private is not None
        return {
            "uid": self._uid,
            "private": str(self._private),
            "cgroups": [str(folder) for folder in self._cgroups],
            "env": self._kernel_env,
            "argv": self._kernel_cmd[3:],
        }

    def seal(self) -> None:
        """The kernel is up and has made its sockets: from now on it cannot add a file on our disk."""
        if self._private is not None and not bwrap_problem():
            seal(self._private / "conn")

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
            empty_cgroup(folder)
        if self._private is not None:
            shutil.rmtree(self._private, ignore_errors=True)
            self._private = None

    def kernel_log(self) -> str:
        """What the kernel process wrote to its own stdout/stderr (startup errors)."""
        if self._private is None:
            return ""
        with contextlib.suppress(OSError), open(self._private / "kernel.log", "rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - 2000))
            return log.read().decode(errors="replace")
        return ""


_LIVE: set[SandboxedKernelManager] = set()


def cleanup_all() -> None:
    """Kill and remove what is left of every kernel this process started (folders, cgroups)."""
    for manager in list(_LIVE):
        manager._remove_private()


atexit.register(cleanup_all)
