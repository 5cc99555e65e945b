"""Grading a class: every student through submission → worker → gradebook → report, in parallel.

The coordinator (this module, in the grader's own process) first makes sure the reference
solution's records exist (``reference.py``: one trusted run per changed chapter, cached), then reads
each submission's bytes and sends them to a worker; workers grade at the same time — local
processes (``jobs``) or the workers of a Dask cluster (``scheduler``) — and return the graded
notebooks and per-cell scores. Only the coordinator writes the gradebook, one student at a time
as results come back, so SQLite's single writer is never contended and the gradebook holds what
``nbgrader autograde`` would have written.

Nothing a submission contains stops the class: any exception while grading one student becomes
that student's report line (and its log is kept).
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import sys
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from autograder.grading import gradebook
from autograder.grading.course import Course, environment_variable, max_score
from autograder.grading.gradebook import GradingSetupError
from autograder.grading.preprocessors import CRASH_MESSAGE, OUTPUT_CUT
from autograder.grading.reference import (
    CACHE_VARIABLE,
    ReferenceFailure,
    reference_files,
    reference_records,
)
from autograder.grading.report import StudentResult, generate_feedback, keep_log
from autograder.grading.submission import Submission, read_submission
from autograder.grading.worker import WorkResult, grade_submission

# Settings of a grading run that a worker on another machine must see as the coordinator does.
CARRIED_VARIABLES = ("COURSE_CELL_TIMEOUT", "COURSE_SANDBOX", "COURSE_KERNEL_FORK")


def default_jobs() -> int:
    """One worker per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Workers(Protocol):
    """Where submissions are graded: ``submit`` returns a future of the worker's result."""

    def submit(self, student: str, submission: Submission) -> Any: ...


@dataclass
class LocalWorkers:
    """``jobs`` local processes; each submission is graded by its own nbgrader process and kernels."""

    course: Course
    assignment: str
    template: Path
    executor: ProcessPoolExecutor

    def submit(self, student: str, submission: Submission) -> Future[WorkResult]:
        return self.executor.submit(
            grade_submission,
            self.course.root,
            self.assignment,
            student,
            submission.files,
            submission.gradable,
            self.template,
        )


def _local_worker_init(environment: dict[str, str], modules: list[str]) -> None:
    """A local worker process: the coordinator's environment now (the forkserver's is older),
    nbgrader imported once (every command forks a fresh process from it), and its zygote started
    (it imports the chapter's libraries while the coordinator registers the assignment).

    The worker never sees the shared gradebook: its nbgrader writes a private copy only.
    """
    os.environ.clear()
    os.environ.update(environment)
    os.environ.pop("NBGRADER_DB_URL", None)
    import nbgrader.apps.nbgraderapp  # noqa: F401

    import autograder.grading.preprocessors  # noqa: F401
    from autograder.grading import zygote

    zygote.ensure(modules)


def _started() -> None:
    """A task that does nothing: sent once per worker, so that every worker starts at once."""


@contextlib.contextmanager
def local_workers(course: Course, assignment: str, jobs: int) -> Iterator[LocalWorkers]:
    """``jobs`` worker processes, started now; set ``template`` before the first submission."""
    import multiprocessing

    from autograder.grading import zygote

    modules = zygote.preload_modules(zygote.source_notebooks(course.source(assignment)).values())
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["autograder.grading.worker"])
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_local_worker_init, initargs=(dict(os.environ), modules)
    ) as executor:
        for _ in range(jobs):
            executor.submit(_started)
        yield LocalWorkers(course, assignment, Path(), executor)


def course_bundle(course: Course, assignment: str, template: Path, references: Path) -> dict[str, bytes]:
    """What a worker on another machine needs, as bytes: the nbgrader config, the source notebooks
    of the assignment, the reference solution's records and the template gradebook that knows the
    assignment (no shared file system)."""
    bundle = {"nbgrader_config.py": (course.root / "nbgrader_config.py").read_bytes()}
    source = course.source(assignment)
    for path in sorted(source.rglob("*")):
        if path.is_file() and ".ipynb_checkpoints" not in path.parts:
            bundle[str(Path("solutions") / assignment / path.relative_to(source))] = path.read_bytes()
    notebooks = sorted(source.glob("*.ipynb"))
    for relative, data in reference_files(references, notebooks).items():
        bundle[str(Path("reference") / relative)] = data
    bundle["template/gradebook.db"] = template.read_bytes()
    return bundle


def grade_remote(
    bundle: dict[str, bytes],
    settings: dict[str, str],
    assignment: str,
    student: str,
    files: dict[str, bytes],
    notebooks: list[str],
) -> WorkResult:
    """A cluster worker's task: unpack the course bundle in a private folder and grade one submission."""
    import tempfile

    for name in CARRIED_VARIABLES:
        if name in settings:
            os.environ[name] = settings[name]
        else:
            os.environ.pop(name, None)
    os.environ.pop("NBGRADER_DB_URL", None)
    with tempfile.TemporaryDirectory(prefix="autograder-course-") as folder:
        root = Path(folder)
        for relative, data in bundle.items():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_bytes(data)
        os.environ[CACHE_VARIABLE] = str(root / "reference")
        return grade_submission(root, assignment, student, files, notebooks, root / "template" / "gradebook.db")


@dataclass
class DaskWorkers:
    """The workers of a Dask cluster; they need the course package, not this machine's files."""

    client: Any
    bundle: Any
    settings: dict[str, str]
    assignment: str

    def submit(self, student: str, submission: Submission) -> Any:
        return self.client.submit(
            grade_remote,
            self.bundle,
            self.settings,
            self.assignment,
            student,
            submission.files,
            submission.gradable,
            key=f"grade-{self.assignment}-{student}-{os.urandom(4).hex()}",
            pure=False,
            retries=0,
        )


@contextlib.contextmanager
def dask_workers(
    course: Course, assignment: str, template: Path, references: Path, scheduler: str
) -> Iterator[DaskWorkers]:
    from distributed import Client

    with Client(scheduler, timeout=60) as client:
        bundle = client.scatter(course_bundle(course, assignment, template, references), broadcast=True)
        settings = {name: os.environ[name] for name in CARRIED_VARIABLES if name in os.environ}
        yield DaskWorkers(client, bundle, settings, assignment)


def grade_class(
    course: Course,
    assignment: str,
    students: list[str] | None = None,
    *,
    feedback: bool = False,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    bar: bool = False,
) -> list[StudentResult]:
    """Autograde every submitted student (or the given ones); registers the assignment first.

    jobs: local worker processes (default: one per core); scheduler: a Dask scheduler address
    (``tcp://HOST:PORT``) whose workers grade instead. feedback: also write each graded student's
    feedback HTML. progress: called with each student's name as it is sent to a worker. bar: show
    a progress bar (ETA, students with problems) on stderr.
    """
    students = students or course.students(assignment)
    references = reference_folder(course)
    with contextlib.ExitStack() as stack:
        stack.enter_context(environment_variable(CACHE_VARIABLE, str(references)))  # for every worker
        if scheduler:
            template = _register(stack, course, assignment)
            build_references(course, assignment, references)
            workers: Workers = stack.enter_context(dask_workers(course, assignment, template, references, scheduler))
        else:  # workers first: their zygotes import while the assignment is registered
            local = stack.enter_context(local_workers(course, assignment, max(1, jobs or default_jobs())))
            local.template = _register(stack, course, assignment)
            build_references(course, assignment, references)
            workers = local
        results, lost = _coordinate(course, assignment, students, workers, feedback, progress, bar)
        if lost and not scheduler:  # a worker died: its pool is gone; the others go again, one at a time
            with local_workers(course, assignment, 1) as alone:
                alone.template = local.template
                again, lost = _coordinate(course, assignment, lost, alone, feedback, progress, bar)
            results.update(again)
        for student in lost:
            _failed(course, assignment, results[student], WorkerDied(WORKER_DIED))
    return [results[student] for student in students]


WORKER_DIED = "the grading worker died while grading this submission (out of memory, or killed)"


class WorkerDied(RuntimeError):
    """A worker process died while a submission was being graded (the pool cannot go on)."""


def reference_folder(course: Course) -> Path:
    """Where the reference records are cached: ``COURSE_REFERENCE_DIR``, else the course's work/reference."""
    named = os.environ.get(CACHE_VARIABLE)
    return Path(named) if named else course.work / "reference"


def build_references(course: Course, assignment: str, folder: Path) -> None:
    """The reference solution's records of every notebook of the assignment, built now if not cached."""
    for source in sorted(course.source(assignment).glob("*.ipynb")):
        try:
            reference_records(source, folder)
        except ReferenceFailure as error:
            raise GradingSetupError(str(error)) from error


def _register(stack: contextlib.ExitStack, course: Course, assignment: str) -> Path:
    """Register the assignment; the template gradebook's path (removed when ``stack`` closes)."""
    template = gradebook.register(course, assignment)
    stack.callback(shutil.rmtree, template, ignore_errors=True)
    return template / "work" / "gradebook.db"


def _coordinate(
    course: Course,
    assignment: str,
    students: list[str],
    workers: Workers,
    feedback: bool,
    progress: Callable[[str], None] | None,
    bar: bool,
) -> tuple[dict[str, StudentResult], list[str]]:
    """Send every gradable submission to the workers; record each result as it comes back.

    Returns the results and the students whose worker died before it returned: a local pool is
    broken then, for every student it still held (the caller grades those again)."""
    total = max_score(course, assignment)
    results = {student: StudentResult(student, max_score=total) for student in students}
    done: queue.Queue[tuple[str, Any]] = queue.Queue()
    meter = Progress(len(students), enabled=bar)
    waiting = 0
    lost: list[str] = []
    for student in students:
        result = results[student]
        try:
            submission = read_submission(course, assignment, student)
            result.problems += submission.problems
            if not submission.gradable:
                gradebook.record(course, assignment, student, None)
                if not result.problems:
                    result.problems.append("nothing to grade")
                meter.advance(result)
                continue
            if progress:
                progress(student)
            future = workers.submit(student, submission)
            future.add_done_callback(lambda f, s=student: done.put((s, f)))
            waiting += 1
        except Exception as error:
            _failed(course, assignment, result, error)
            meter.advance(result)
    while waiting:
        student, future = done.get()
        waiting -= 1
        result = results[student]
        try:
            _finish(course, assignment, student, future.result(), result)
        except BrokenProcessPool:
            lost.append(student)
            continue
        except Exception as error:  # the guard: one student's failure is that student's line
            _failed(course, assignment, result, error)
        meter.advance(result)
    meter.close()
    if feedback:
        graded = [s for s in students if results[s].graded]
        _feedback(course, assignment, graded, results)
    return results, lost


def _failed(course: Course, assignment: str, result: StudentResult, error: BaseException) -> None:
    text = "".join(traceback.format_exception(error))
    log = keep_log(course, assignment, result.student, text)
    result.problems.append(f"grading failed: {type(error).__name__}: {error} (log: {log})")
    result.graded = False
    with contextlib.suppress(Exception):
        gradebook.record(course, assignment, result.student, None)


def _feedback(course: Course, assignment: str, graded: list[str], results: dict[str, StudentResult]) -> None:
    for student in graded:
        if not generate_feedback(course, assignment, student):
            results[student].problems.append("feedback could not be generated")


def grade_student(course: Course, assignment: str, student: str) -> StudentResult:
    """Grade one student (registering the assignment first)."""
    return grade_class(course, assignment, [student], jobs=1)[0]


def _finish(course: Course, assignment: str, student: str, work: WorkResult, result: StudentResult) -> None:
    """The coordinator's part: record a worker's result in the gradebook and fill the report row."""
    if not work.ok:
        log = keep_log(course, assignment, student, work.log)
        result.problems.append(f"nbgrader could not grade it: {work.error} (log: {log})")
        gradebook.record(course, assignment, student, None)
        return
    late = gradebook.record(course, assignment, student, work)
    result.problems += work.notes + late + cell_notes(work)
    recorded = gradebook.recorded_scores(course, assignment, student)
    if recorded is None:
        result.problems.append("graded, but the gradebook has no submission: not recorded")
        return
    result.graded = True
    result.score, result.max_score, cells = recorded
    errors = {cell.grade_id: cell.error for cell in work.cells}
    result.cells = [
        cell.__class__(cell.grade_id, cell.score, cell.max_score, errors.get(cell.grade_id, "")) for cell in cells
    ]
    if {c.grade_id: c.score for c in cells} != {c.grade_id: c.score for c in work.cells}:
        result.problems.append("the gradebook's scores differ from the worker's: regrade")


class Progress:
    """A progress bar on stderr: students done, ETA, and a live count of students with problems."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.problems = 0
        self.bar: Any = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="student", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)
            self.bar.set_postfix_str("problems: 0")

    def advance(self, result: StudentResult) -> None:
        if result.problems or not result.graded:
            self.problems += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"problems: {self.problems}", refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def cell_notes(work: WorkResult, limit: int = 5) -> list[str]:
    """What went wrong in the student's own cells (test cells are reported from their scores)."""
    import nbformat

    from autograder.notebooks import is_grade_cell

    found = []
    marker = CRASH_MESSAGE.split("{", 1)[0]
    cut = OUTPUT_CUT.split("{", 1)[0].strip()
    for name, data in sorted(work.files.items()):
        if not name.endswith(".ipynb"):
            continue
        notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
        for index, cell in enumerate(notebook.cells, start=1):
            if cell.cell_type != "code" or is_grade_cell(cell):
                continue
            outputs = cell.get("outputs", [])
            timed_out = any(o.get("ename") == "CellTimeoutError" for o in outputs)
            for output in outputs:
                evalue = str(output.get("evalue", ""))
                if timed_out and output.get("output_type") == "error":
                    if output.get("ename") == "CellTimeoutError":
                        found.append(f"{name}: cell {index} timed out (infinite loop?)")
                    continue
                if output.get("output_type") == "error" and marker in evalue:
                    why = evalue.split("running it ", 1)[-1].split(".", 1)[0]
                    found.append(f"{name}: cell {index} {why}: skipped, the rest graded")
                elif output.get("output_type") == "error" and output.get("ename") != "NotImplementedError":
                    first = (evalue.splitlines() or [""])[0][:120]
                    found.append(f"{name}: cell {index} raised {output.get('ename')}: {first}".rstrip(": "))
                elif output.get("output_type") == "stream" and cut in str(output.get("text", "")):
                    found.append(f"{name}: cell {index} printed too much: output cut")
    return list(dict.fromkeys(found))[:limit]
