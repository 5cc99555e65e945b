"""Where things are: an nbgrader course directory laid out as ``nbgrader_config.py`` says."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.notebooks import max_points, read_notebook
from autograder.translation import edition_folder

STUDENT_TIME_LIMIT_S = 900  # one nbgrader command, on top of the per-cell timeout
# The memory of one nbgrader process (it reads everything a student's kernel sends; the kernel's
# own messages are capped by the sandbox's client, sandbox.MAX_MESSAGE_BYTES): a kernel that floods
# it ends that student's grading with a row, never the grader's machine.
GRADER_MEMORY_BYTES = 4 * 2**30
GRADER_FILE_BYTES = 2**30  # the largest file an nbgrader process may write (its log included)
LOG_HEAD_BYTES, LOG_TAIL_BYTES = 64 * 1024, 192 * 1024  # what is kept of an nbgrader process's log
# nbgrader runs the `alembic` command of its own environment (also when the gradebook is opened
# in this process): make sure that environment's bin folder is on PATH, as it is in an activated venv.
_BIN = os.path.dirname(sys.executable)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")


@dataclass
class Course:
    """Paths of an nbgrader course directory laid out as ``nbgrader_config.py`` says."""

    root: Path
    work: Path

    @classmethod
    def from_root(cls, root: Path) -> Course:
        work = Path(os.environ.get("COURSE_WORK_DIR", "work"))
        return cls(root, work if work.is_absolute() else root / work)

    def source(self, assignment: str) -> Path:
        return self.root / "solutions" / assignment

    def release(self, assignment: str) -> Path:
        return self.root / "course" / assignment

    def edition(self, assignment: str, language: str) -> Path:
        """The student notebooks of an edition: ``course/<assignment>`` (English) or
        ``course/<language>/<assignment>`` (built by ``autograder.editions``)."""
        return edition_folder(self.root, language) / assignment

    def submitted(self, student: str, assignment: str) -> Path:
        return self.work / "submitted" / student / assignment

    def autograded(self, student: str, assignment: str) -> Path:
        return self.work / "autograded" / student / assignment

    def log(self, student: str, assignment: str) -> Path:
        return self.work / "logs" / assignment / f"{student}.log"

    def students(self, assignment: str) -> list[str]:
        folder = self.work / "submitted"
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir())

    def notebook_names(self, assignment: str) -> list[str]:
        return sorted(p.name for p in self.source(assignment).glob("*.ipynb"))


@contextlib.contextmanager
def environment_variable(name: str, value: str) -> Iterator[None]:
    """``os.environ[name] = value`` for the duration of the block."""
    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved


def db_url(course: Course) -> str:
    return os.environ.get("NBGRADER_DB_URL", "sqlite:///" + str(course.work / "gradebook.db"))


def max_score(course: Course, assignment: str) -> float:
    """Total points of the assignment's graded test cells, from the source notebooks."""
    return sum(max_points(read_notebook(p)) for p in course.source(assignment).glob("*.ipynb"))


def nbgrader(course: Course, *args: str, timeout: float = STUDENT_TIME_LIMIT_S) -> tuple[bool, str]:
    """Run one nbgrader command in the course root, in a fresh process; return (succeeded, its log).

    The process is forked from this one with nbgrader already imported (seconds of imports saved
    per command; never an interpreter reused between students), or started anew where fork is not
    available.
    """
    if not hasattr(os, "fork") or os.environ.get("COURSE_NBGRADER_SUBPROCESS"):
        return _nbgrader_subprocess(course, *args, timeout=timeout)
    import signal
    import tempfile
    import time

    import nbgrader.apps.nbgraderapp  # noqa: F401 (imported once here, inherited by every child)

    with tempfile.TemporaryFile() as log:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: nbgrader's own command line, as `nbgrader ARGS` would run it
            code = 1
            try:
                os.setsid()
                limit_grader()
                os.dup2(log.fileno(), 1)
                os.dup2(log.fileno(), 2)
                # a test runner may have replaced sys.stdout/stderr by objects that do not write to fd 1/2
                sys.stdout = open(1, "w", buffering=1, closefd=False)
                sys.stderr = open(2, "w", buffering=1, closefd=False)
                os.chdir(course.root)
                os.environ["COURSE_WORK_DIR"] = str(course.work)
                sys.argv = ["nbgrader", *args]
                from nbgrader.apps.nbgraderapp import NbGraderApp

                try:
                    NbGraderApp.launch_instance()
                    code = 0
                except SystemExit as done:
                    code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        deadline = time.monotonic() + timeout
        status = None
        while status is None:
            finished, status_code = os.waitpid(pid, os.WNOHANG)
            if finished:
                status = status_code
            elif time.monotonic() > deadline:
                os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return False, f"[ERROR] nbgrader {args[0]} took longer than {timeout:.0f} s and was stopped"
            else:
                time.sleep(0.05)
        text = bounded_log(log)
    return os.waitstatus_to_exitcode(status) == 0, text


def limit_grader() -> None:
    """In an nbgrader process about to grade: at most ``GRADER_MEMORY_BYTES`` of heap and files of at
    most ``GRADER_FILE_BYTES`` (a kernel that floods nbgrader's log ends that student's grading)."""
    import resource

    for kind, limit in ((resource.RLIMIT_DATA, GRADER_MEMORY_BYTES), (resource.RLIMIT_FSIZE, GRADER_FILE_BYTES)):
        _, hard = resource.getrlimit(kind)
        limit = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(kind, (limit, hard))


def bounded_log(log: Any) -> str:
    """An nbgrader process's log, its head and tail only: what a student's kernel makes nbgrader log
    (a warning that repeats a huge name) must not fill the grader's memory."""
    size = log.seek(0, os.SEEK_END)
    log.seek(0)
    if size <= LOG_HEAD_BYTES + LOG_TAIL_BYTES:
        return str(log.read().decode("utf-8", errors="replace"))
    head = log.read(LOG_HEAD_BYTES)
    log.seek(size - LOG_TAIL_BYTES)
    tail = log.read(LOG_TAIL_BYTES)
    cut = f"\n[... {size - len(head) - len(tail)} bytes of the log left out ...]\n"
    return head.decode("utf-8", errors="replace") + cut + tail.decode("utf-8", errors="replace")


def _nbgrader_subprocess(course: Course, *args: str, timeout: float) -> tuple[bool, str]:
    import tempfile

    command = [sys.executable, "-m", "nbgrader", *args]
    env = {**os.environ, "COURSE_WORK_DIR": str(course.work)}
    with tempfile.TemporaryFile() as log:
        try:
            done = subprocess.run(
                command,
                cwd=course.root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                preexec_fn=limit_grader,
            )
        except subprocess.TimeoutExpired:
            return False, f"[ERROR] nbgrader {args[0]} took longer than {timeout:.0f} s and was stopped"
        return done.returncode == 0, bounded_log(log)


def error_line(log: str) -> str:
    """nbgrader's real error: the last ERROR line that is not its 'see the traceback' summary."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    raised = [line for line in lines if re.match(r"^[\w.]+(Error|Exception|Exit)\b.*:", line)]
    if raised:
        return raised[-1][:300]
    errors = [line for line in lines if "ERROR" in line and "Please see" not in line and "see the above" not in line]
    interesting = [line for line in errors if "There was an error processing" not in line]
    found = (interesting or errors or [line for line in lines if "Error" in line] or ["(empty log)"])[-1]
    return found.replace("[AutogradeApp | ERROR]", "").strip()[:300]
