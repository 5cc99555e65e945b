"""A class on JupyterHub on this machine: ``make hub`` starts it, ``make hub-stop`` (or Ctrl+C) ends it.

The configuration is ``hub/`` (``jupyterhub_config.py``, and what the students' and the grader's
servers read); this module prepares the machine for it and runs it, calling the same commands an
instructor would run by hand:

* system accounts for the demo class — ``instructor`` and ``ta`` (graders), ``student1``…``student3``
  — and the grader account ``grader-dl-foundations`` that runs the course service, each with a home
  of its own (0700) under ``.hub/home``; an account of that name that ``make hub`` did not make is
  never touched;
* the course directory (this repository) readable and writable by the grader account's group
  (``course/``, ``work/``), ``solutions/`` and ``work/`` closed to everyone else, so a student can
  open neither the solutions nor the gradebook;
* nbgrader's exchange in ``.hub/exchange`` (0777 with the sticky bit, as nbgrader documents);
* a password for each demo user (``.hub/passwords.json``, readable by root only), printed at start;
* ``.hub/class.json``: ports, paths and users, which ``hub/jupyterhub_config.py`` reads.

Preparing twice changes nothing (``make hub`` is idempotent). It needs root: it makes accounts and
JupyterHub starts each user's server as that user.
"""

from __future__ import annotations

import contextlib
import grp
import hmac
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.browser import free_port

COURSE_ID = "dl-foundations"
GRADER_ACCOUNT = f"grader-{COURSE_ID}"
GRADERS_GROUP = f"{COURSE_ID}-graders"
GRADERS = ["instructor", "ta"]
STUDENTS = ["student1", "student2", "student3"]
MARK = "dl-foundations class account (make hub)"  # the comment of every account make hub made
IDLE_TIMEOUT_S = 3600
PROXY = Path("hub") / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"


class ClassroomError(RuntimeError):
    """The class cannot be set up here (not root, an account that is not ours, no proxy)."""


@dataclass
class Classroom:
    """A class's files: ``root`` is the course directory (this repository); ``state`` holds the hub's
    own files, the accounts' homes and the exchange (``.hub``); ``work`` is the course's work folder
    (submissions, gradebook: ``work/``). A test gives both other places."""

    root: Path
    state_dir: Path | None = None
    work_dir: Path | None = None
    release_dir: Path | None = None

    @property
    def state(self) -> Path:
        return self.state_dir or self.root / ".hub"

    @property
    def work(self) -> Path:
        return self.work_dir or self.root / "work"

    @property
    def release(self) -> Path:
        return self.release_dir or self.root / "course"

    @property
    def exchange(self) -> Path:
        return self.state / "exchange"

    @property
    def homes(self) -> Path:
        return self.state / "home"

    @property
    def settings_file(self) -> Path:
        return self.state / "class.json"

    @property
    def passwords_file(self) -> Path:
        return self.state / "passwords.json"

    @property
    def log(self) -> Path:
        return self.state / "jupyterhub.log"

    @property
    def proxy(self) -> Path:
        return self.root / PROXY

    def settings(self) -> dict[str, Any]:
        return dict(json.loads(self.settings_file.read_text()))

    def passwords(self) -> dict[str, str]:
        return dict(json.loads(self.passwords_file.read_text()))

    def url(self) -> str:
        settings = self.settings()
        return f"http://{settings['ip']}:{settings['port']}"


def prepare(
    root: Path,
    *,
    ip: str = "127.0.0.1",
    port: int = 8000,
    state: Path | None = None,
    work: Path | None = None,
    release: Path | None = None,
    edition: str = "en",
) -> Classroom:
    """Make (or check) the accounts, folders, permissions and settings of the demo class.

    ``state``, ``work`` and ``release`` put the hub's files, the course's work folder and its release
    folder elsewhere than ``.hub``, ``work/`` and ``course/`` (a test's class); a release folder that
    does not exist yet starts as a copy of ``course/``."""
    if os.geteuid() != 0:
        raise ClassroomError("make hub makes system accounts and starts servers as them: run it as root")
    room = Classroom(root.resolve(), state, work, release)
    if release is not None and not release.exists():
        shutil.copytree(room.root / "course", release)
    if not room.proxy.exists():
        raise ClassroomError(f"configurable-http-proxy is missing ({room.proxy}): run `make hub`, which installs it")
    for folder in (room.state, room.homes):
        folder.mkdir(exist_ok=True)
        os.chmod(folder, 0o755)
    ensure_group(GRADERS_GROUP)
    for name in [*GRADERS, *STUDENTS, GRADER_ACCOUNT]:
        ensure_account(name, room.homes / name)
    subprocess.run(["usermod", "--append", "--groups", GRADERS_GROUP, GRADER_ACCOUNT], check=True)
    room.exchange.mkdir(exist_ok=True)
    os.chmod(room.exchange, 0o1777)
    protect_course(room.root, room.work, room.release)
    opened = open_path_to_python()
    if opened:
        print(
            f"so that the class's accounts can run the course's Python, these folders may now be passed "
            f"through (o+x, still not listed): {', '.join(map(str, opened))}",
            flush=True,
        )
    if not room.passwords_file.exists():
        write_private(room.passwords_file, {name: secrets.token_urlsafe(9) for name in [*GRADERS, *STUDENTS]})
    settings = {
        "root": str(room.root),
        "course_id": COURSE_ID,
        "ip": ip,
        "port": port,
        "hub_port": free_port(),
        "proxy_api_port": free_port(),
        "course_port": free_port(),
        "proxy": str(room.proxy),
        "exchange": str(room.exchange),
        "work": str(room.work),
        "release": str(room.release),
        "edition": edition,
        "grader_account": GRADER_ACCOUNT,
        "grader_home": str(room.homes / GRADER_ACCOUNT),
        "graders": GRADERS,
        "students": STUDENTS,
        "idle_timeout": IDLE_TIMEOUT_S,
    }
    room.settings_file.write_text(json.dumps(settings, indent=2))
    return room


def ensure_group(name: str) -> None:
    try:
        grp.getgrnam(name)
    except KeyError:
        subprocess.run(["groupadd", "--system", name], check=True)


def ensure_account(name: str, home: Path) -> None:
    """The class's system account ``name`` with its home ``home`` (0700); never someone else's."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        command = ["useradd", "--home-dir", str(home), "--create-home", "--shell", "/bin/bash"]
        subprocess.run([*command, "--comment", MARK, "--user-group", name], check=True)
        entry = pwd.getpwnam(name)
    if entry.pw_gecos != MARK:
        raise ClassroomError(f"an account named {name!r} exists and make hub did not make it: rename the demo users")
    if Path(entry.pw_dir) != home:  # the class moved (a test's class, then make hub's again)
        subprocess.run(["usermod", "--home", str(home), name], check=True)
        entry = pwd.getpwnam(name)
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)


def protect_course(root: Path, work: Path, release: Path) -> None:
    """The course directory for the grader account's group: the release (course/) and work/ writable
    by it, solutions/ and work/ (the gradebook, submissions) closed to everyone else."""
    work.mkdir(parents=True, exist_ok=True)
    gid = grp.getgrnam(GRADERS_GROUP).gr_gid
    for folder, other in ((root / "solutions", 0), (work, 0), (release, 0o005)):
        for path in [folder, *folder.rglob("*")]:
            if path.is_symlink():
                continue
            os.chown(path, -1, gid)
            if path.is_dir():
                os.chmod(path, 0o2770 | other)  # setgid: new files belong to the group too
            else:
                os.chmod(path, 0o660 | (other & 0o004))


def open_path_to_python() -> list[Path]:
    """Every folder on the way to the course's Python that other accounts may not pass through
    (a Python installed under root's 0700 home, as pyenv does) gets o+x: passing, not listing."""
    opened = []
    for target in {Path(os.path.realpath(sys.executable)), Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}:
        for folder in reversed(target.parents):
            mode = folder.stat().st_mode
            if not mode & 0o001:
                os.chmod(folder, (mode & 0o7777) | 0o001)
                opened.append(folder)
    return sorted(set(opened))


def write_private(path: Path, data: dict[str, str]) -> None:
    """A JSON file only root may read."""
    path.touch(mode=0o600)
    os.chmod(path, 0o600)
    path.write_text(json.dumps(data, indent=2))


def start(room: Classroom, *, timeout: float = 120) -> subprocess.Popen[bytes]:
    """Start JupyterHub for the prepared class; returns once it answers (its log: .hub/jupyterhub.log)."""
    config = room.root / "hub" / "jupyterhub_config.py"
    env = {
        **os.environ,
        "COURSE_HUB_STATE": str(room.state),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    with room.log.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=room.state,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = room.log.read_text(errors="replace")[-2000:]
            raise ClassroomError(f"JupyterHub exited with code {process.returncode}:\n{tail}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{room.url()}/hub/api/", timeout=2) as answer:
                if answer.status == 200:
                    return process
        time.sleep(0.5)
    stop(room)
    raise ClassroomError(f"JupyterHub did not answer at {room.url()} within {timeout:.0f} s (log: {room.log})")


def stop(room: Classroom) -> list[str]:
    """Stop the hub, its proxy and every server of the class's accounts; what was stopped."""
    stopped = []
    for name in ("jupyterhub.pid", "proxy.pid"):
        pid_file = room.state / name
        with contextlib.suppress(OSError, ValueError):
            pid = int(pid_file.read_text().strip())
            os.kill(pid, signal.SIGTERM)
            stopped.append(name.split(".")[0])
            for _ in range(100):
                os.kill(pid, 0)
                time.sleep(0.1)
        with contextlib.suppress(OSError):
            pid_file.unlink()
    for name in [*GRADERS, *STUDENTS, GRADER_ACCOUNT]:  # what the class's accounts still run
        with contextlib.suppress(KeyError):
            if pwd.getpwnam(name).pw_gecos == MARK:
                done = subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
                if done.returncode == 0:
                    stopped.append(f"{name}'s processes")
    return stopped


def summary(room: Classroom) -> str:
    """What `make hub` prints: where the class is, who may log in with which password, what each sees."""
    settings, passwords = room.settings(), room.passwords()
    lines = [f"The class is running at {room.url()}  (Ctrl+C, or `make hub-stop`, ends it)", ""]
    for name in settings["graders"]:
        lines.append(f"  {name:10s} password {passwords[name]:14s} grader: formgrader at /services/{COURSE_ID}/")
    for name in settings["students"]:
        lines.append(f"  {name:10s} password {passwords[name]:14s} student: the Assignments tab")
    lines += ["", f"exchange: {room.exchange}   log: {room.log}   passwords: {room.passwords_file}"]
    return "\n".join(lines)


def serve(root: Path, *, ip: str, port: int, edition: str = "en") -> int:
    """``make hub``: prepare, start, print who may log in, and run until Ctrl+C. ``edition`` "zh"
    releases the 中文 edition (``course/zh/``): the same assignments, tests and gradebook."""
    release = None if edition == "en" else root.resolve() / "course" / edition
    room = prepare(root, ip=ip, port=port, release=release, edition=edition)
    stop(room)  # a class left running by an earlier make hub
    process = start(room)
    print(summary(room), flush=True)
    try:
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop(room)
    return 0


class DemoAuthenticator:  # replaced below by a JupyterHub Authenticator when JupyterHub is importable
    pass


with contextlib.suppress(ImportError):
    from jupyterhub.auth import Authenticator
    from traitlets import Unicode

    class DemoAuthenticator(Authenticator):  # type: ignore[no-redef]
        """The demo class's users and their passwords (``.hub/passwords.json``, made by ``make hub``).

        For a real class use the university's: PAM, OAuth or LTI (README, "Running a class")."""

        password_file = Unicode(help="JSON file: user name -> password").tag(config=True)

        async def authenticate(self, handler: Any, data: dict[str, str]) -> str | None:
            passwords = json.loads(Path(self.password_file).read_text())
            name, password = data.get("username", ""), data.get("password", "")
            expected = passwords.get(name)
            if expected and hmac.compare_digest(expected.encode(), password.encode()):
                return name
            return None
