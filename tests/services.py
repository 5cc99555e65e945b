"""Real services for the tests, on loopback, started and stopped by the test that needs them.

``postgres_server`` runs Debian's PostgreSQL (``initdb`` + ``pg_ctl``) in a temporary data folder
with its unix socket in a temporary folder and a free 127.0.0.1 port; as root it runs as the
unprivileged ``postgres`` user (PostgreSQL refuses root). ``dask_cluster`` runs ``dask scheduler``
and two ``dask worker`` processes on 127.0.0.1 (``autograder.grading.cluster``, which ``make bench``
uses too). Each yields its address and stops what it started (by process id); each skips the test
with the reason when the service cannot start here.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server on 127.0.0.1; yields the SQLAlchemy URL of an empty database ``course``."""
    pg = _postgres_bin()
    if pg is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql): --db test skipped")
    prefix: list[str] = []
    owner = None
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: run it as its own unprivileged user
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run PostgreSQL as")
        prefix = ["runuser", "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="autograder-pg-"))
    data, sockets = folder / "data", folder / "socket"
    sockets.mkdir()
    if owner is not None:
        for path in (folder, sockets):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    port = free_port()
    log = folder / "server.log"
    started = False
    try:
        done = subprocess.run(
            [*prefix, str(pg / "initdb"), "-D", str(data), "-A", "trust", "-U", "grader", "--no-sync", "-E", "UTF8"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            pytest.skip(f"PostgreSQL's initdb failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
        options = f"-h 127.0.0.1 -p {port} -k {sockets} -F -c fsync=off -c full_page_writes=off"
        done = subprocess.run(
            [*prefix, str(pg / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "120", "start"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            reason = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else [done.stderr]
            pytest.skip(f"PostgreSQL did not start on 127.0.0.1:{port}: {reason}")
        started = True
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=port, user="grader", dbname="postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE DATABASE course")
        connection.close()
        yield f"postgresql://grader@127.0.0.1:{port}/course"
    finally:
        if started:
            subprocess.run(
                [*prefix, str(pg / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=120,
            )
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def dask_cluster(workers: int = 2) -> Iterator[str]:
    """``dask scheduler`` and ``workers`` × ``dask worker`` on 127.0.0.1; yields tcp://127.0.0.1:PORT."""
    from autograder.grading.cluster import ClusterError, local_cluster

    try:
        cluster = local_cluster(workers)
        address = cluster.__enter__()
    except ClusterError as error:
        pytest.skip(str(error))
    try:
        yield address
    finally:
        cluster.__exit__(None, None, None)
