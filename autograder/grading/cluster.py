"""A Dask cluster on this machine's loopback: ``dask scheduler`` and N ``dask worker`` processes.

For the tests and ``make bench`` (an instructor's real cluster is started on its machines with the
same two commands, ``dask scheduler`` and ``dask worker tcp://HOST:PORT --nthreads 1``, where the
course package is installed). Every process is started in its own session and stopped by its id.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


class ClusterError(RuntimeError):
    """The local cluster did not start."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


@contextlib.contextmanager
def local_cluster(workers: int = 2, start_timeout: float = 180) -> Iterator[str]:
    """Start a scheduler and ``workers`` single-threaded workers on 127.0.0.1; yield its address."""
    dask = Path(sys.executable).parent / "dask"
    if not dask.exists():
        raise ClusterError("the dask command is not installed in this environment (pip install distributed)")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    folder = Path(tempfile.mkdtemp(prefix="autograder-dask-"))
    processes: list[subprocess.Popen[bytes]] = []

    def start(name: str, *args: str) -> None:
        with open(folder / f"{name}.log", "wb") as log:  # the child keeps its own copy of the descriptor
            processes.append(
                subprocess.Popen(
                    [str(dask), *args],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=folder,
                    start_new_session=True,
                )
            )

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
        for index in range(workers):
            start(
                f"worker{index}",
                *("worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1"),
                *("--no-dashboard", "--name", f"worker{index}", "--local-directory", str(folder / f"w{index}")),
            )
        from distributed import Client

        deadline = time.monotonic() + start_timeout
        while True:
            try:
                with Client(address, timeout=10) as client:
                    client.wait_for_workers(workers, timeout=max(1.0, deadline - time.monotonic()))
                break
            except Exception as error:
                if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                    logs = " | ".join(
                        (p.read_text(errors="replace").strip().splitlines() or [""])[-1]
                        for p in sorted(folder.glob("*.log"))
                    )
                    raise ClusterError(f"the local Dask cluster did not start ({error}): {logs}") from error
                time.sleep(1)
        yield address
    finally:
        for process in reversed(processes):
            _stop(process)
        shutil.rmtree(folder, ignore_errors=True)
