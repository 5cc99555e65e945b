"""Grading a class with nbgrader, one student at a time, so that no submission can stop the others.

Student code is untrusted. For every student this module:

1. reads the submitted notebooks before grading and reports what it finds: corrupt JSON, a missing
   notebook, deleted or edited test cells (nbgrader restores those from the source);
2. runs ``nbgrader autograde ASSIGNMENT --student STUDENT`` in its own process, with a memory
   limit (a memory bomb becomes a MemoryError in the student's cell), nbgrader's per-cell timeout
   (an infinite loop is interrupted and scores 0 in that cell) and an overall time limit;
3. if the kernel died (``os._exit``, a crash in native code) or could not be interrupted, finds the
   cell that killed it, replaces that cell with one that raises, and grades again: the student
   loses what depended on that cell and keeps the rest;
4. reads the per-cell scores from the gradebook and the autograded notebook's errors.

The gradebook is whatever ``nbgrader_config.py`` says (SQLite by default).
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode

from autograder import checks
from autograder.notebooks import cell_failed, grade_cells, max_points, nbgrader_meta, read_notebook

MEMORY_LIMIT_GB = 4  # per process; a chapter needs < 1.5 GB
STUDENT_TIME_LIMIT_S = 900  # whole autograde of one student, on top of the per-cell timeout
# nbgrader runs the `alembic` command of its own environment (also when the gradebook is opened
# in this process): make sure that environment's bin folder is on PATH, as it is in an activated venv.
_BIN = os.path.dirname(sys.executable)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")

CRASH_CELL_SOURCE = (
    'raise RuntimeError("The grader removed this cell: running it killed the Python kernel '
    '({reason}). Fix it and test it with Kernel → Restart & Run All.")'
)


@dataclass
class CellScore:
    grade_id: str
    score: float
    max_score: float
    error: str = ""


@dataclass
class StudentResult:
    student: str
    score: float = 0.0
    max_score: float = 0.0
    cells: list[CellScore] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    graded: bool = False


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

    def submitted(self, student: str, assignment: str) -> Path:
        return self.work / "submitted" / student / assignment

    def autograded(self, student: str, assignment: str) -> Path:
        return self.work / "autograded" / student / assignment

    def quarantine(self, student: str, assignment: str) -> Path:
        return self.work / "quarantine" / student / assignment

    def students(self, assignment: str) -> list[str]:
        folder = self.work / "submitted"
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir())


MEMORY_LIMIT_BYTES = MEMORY_LIMIT_GB * 2**30


def _limit_memory() -> None:  # runs in the child process before nbgrader starts
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


@contextmanager
def _memory_limited_children() -> Iterator[None]:
    """Kernels started inside this block inherit the memory limit (soft limit, restored after)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT_BYTES
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def nbgrader(course: Course, *args: str, timeout: float = STUDENT_TIME_LIMIT_S) -> tuple[bool, str]:
    """Run one nbgrader command in the course root; return (succeeded, its log)."""
    command = [sys.executable, "-m", "nbgrader", *args]
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "COURSE_WORK_DIR": str(course.work)}
    try:
        done = subprocess.run(
            command,
            cwd=course.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        return False, f"nbgrader {args[0]} took longer than {timeout:.0f} s and was stopped"
    return done.returncode == 0, done.stdout + done.stderr


def preflight(course: Course, assignment: str, student: str) -> tuple[dict[str, NotebookNode], list[str]]:
    """Read a student's notebooks; return the readable ones by file name, and the problems found."""
    problems: list[str] = []
    readable: dict[str, NotebookNode] = {}
    submitted = course.submitted(student, assignment)
    for source_path in sorted(course.source(assignment).glob("*.ipynb")):
        path = submitted / source_path.name
        if not path.exists():
            others = ", ".join(p.name for p in submitted.glob("*.ipynb")) or "none"
            problems.append(f"{source_path.name} is missing (notebooks found: {others})")
            continue
        try:
            notebook = read_notebook(path)
        except Exception as error:  # corrupt JSON, not a notebook, wrong nbformat
            problems.append(f"{path.name} cannot be read as a notebook ({type(error).__name__}): not graded")
            continue
        readable[path.name] = notebook
        problems += _tampering(read_notebook(course.release(assignment) / path.name), notebook)
    return readable, problems


# Student code that rebinds or patches what the tests rely on (the checks, builtins, imported modules):
# reported for the instructor to read. Importing the checks to try them is fine.
SUSPICIOUS = re.compile(
    r"\bsys\.modules\b|\bbuiltins\b|\b__builtins__\b|\bsetattr\s*\(|\bAssertionError\s*=(?!=)"
    r"|\bautograder(\.\w+)+\s*=(?!=)"
    rf"|\b({'|'.join(checks.__all__)})\s*=(?!=)"
)


def _tampering(release: NotebookNode, submitted: NotebookNode) -> list[str]:
    """Deleted or edited graded test cells (nbgrader restores both), and code that patches the checks."""
    given = {nbgrader_meta(cell)["grade_id"]: cell.source for cell in grade_cells(submitted)}
    problems = []
    released_code = {cell.source.strip() for cell in release.cells if cell.cell_type == "code"}
    for index, cell in enumerate(submitted.cells):
        if cell.cell_type != "code" or nbgrader_meta(cell).get("locked") or cell.source.strip() in released_code:
            continue  # nbgrader restores locked cells; code as released is the course's own
        found = SUSPICIOUS.search(cell.source)
        if found:
            problems.append(
                f"cell {index + 1} touches the grading machinery ({found.group(0)!r}): "
                "read it before trusting the score"
            )
    for cell in grade_cells(release):
        grade_id = nbgrader_meta(cell)["grade_id"]
        if grade_id not in given:
            problems.append(f"test cell {grade_id} was deleted (restored for grading)")
        elif given[grade_id].strip() != cell.source.strip():
            problems.append(f"test cell {grade_id} was edited (restored for grading)")
    return problems


def find_crashing_cells(notebook: NotebookNode, workdir: Path, attempts: int = 3) -> dict[int, str]:
    """Run a notebook cell by cell; return {index: reason} of cells that killed the kernel.

    An ordinary error or an interruptible infinite loop is not a crash (nbgrader scores those
    itself). Each crashing cell found is replaced by a raising cell and the run starts again, so
    several crashing cells are found too (up to ``attempts``).
    """
    crashing: dict[int, str] = {}
    notebook = nbformat.from_dict(notebook)
    for _ in range(attempts):
        _clear_outputs(notebook)
        client = NotebookClient(
            notebook,
            timeout=60,
            kernel_name="python3",
            allow_errors=True,
            interrupt_on_timeout=True,
            resources={"metadata": {"path": str(workdir)}},
        )
        index = -1
        try:
            with _memory_limited_children(), client.setup_kernel():
                for index, cell in enumerate(notebook.cells):
                    client.execute_cell(cell, index)
            return crashing
        except DeadKernelError:
            crashing[index] = "the kernel died"
        except Exception as error:  # the kernel stopped answering, even to an interrupt
            crashing[index] = f"the kernel stopped responding: {type(error).__name__}"
        if index < 0:
            return crashing
        notebook.cells[index].source = CRASH_CELL_SOURCE.format(reason=crashing[index])
    return crashing


def _clear_outputs(notebook: NotebookNode) -> None:
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None


def salvage(course: Course, assignment: str, student: str, notebooks: dict[str, NotebookNode]) -> list[str]:
    """Replace kernel-killing cells in the submission (the original is kept in quarantine/)."""
    problems = []
    submitted = course.submitted(student, assignment)
    quarantine = course.quarantine(student, assignment)
    for name, notebook in notebooks.items():
        crashing = find_crashing_cells(notebook, submitted)
        if not crashing:
            continue
        quarantine.mkdir(parents=True, exist_ok=True)
        shutil.copy2(submitted / name, quarantine / name)
        for index, reason in crashing.items():
            notebook.cells[index].source = CRASH_CELL_SOURCE.format(reason=reason)
            problems.append(
                f"{name}: cell {index + 1} crashed the kernel ({reason}); it was replaced "
                f"by an error and the rest graded (original kept in {quarantine})"
            )
        nbformat.write(notebook, submitted / name)
    return problems


def read_scores(course: Course, assignment: str, student: str, result: StudentResult) -> None:
    """Fill ``result`` from the gradebook and the autograded notebooks."""
    from nbgrader.api import Gradebook, MissingEntry  # imported late: slow to import

    errors: dict[str, str] = {}
    for path in sorted(course.autograded(student, assignment).glob("*.ipynb")):
        for cell in grade_cells(read_notebook(path)):
            if cell_failed(cell):
                errors[nbgrader_meta(cell)["grade_id"]] = _error_line(cell)
    with Gradebook(db_url(course)) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            return
        result.graded = True
        result.score, result.max_score = submission.score, submission.max_score
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.cell_type == "code" and grade.max_score:
                    result.cells.append(CellScore(grade.name, grade.score, grade.max_score, errors.get(grade.name, "")))
    timeouts = [cell.grade_id for cell in result.cells if "CellTimeoutError" in cell.error]
    if timeouts:
        result.problems.append(f"timed out (infinite loop?) in {', '.join(timeouts)}")
    memory = [cell.grade_id for cell in result.cells if "MemoryError" in cell.error]
    if memory:
        result.problems.append(f"ran out of memory (limit {MEMORY_LIMIT_GB} GB) in {', '.join(memory)}")


def _error_line(cell: NotebookNode) -> str:
    """The error a graded cell ended with; a timeout (interrupt, then CellTimeoutError) is named as such."""
    errors = [output for output in cell.outputs if output.output_type == "error"]
    errors.sort(key=lambda output: output.ename != "CellTimeoutError")
    if errors:
        evalue = str(errors[0].evalue).splitlines()
        return f"{errors[0].ename}: {evalue[0] if evalue else ''}"
    return "wrote to stderr" if cell_failed(cell) else ""


def db_url(course: Course) -> str:
    return os.environ.get("NBGRADER_DB_URL", "sqlite:///" + str(course.work / "gradebook.db"))


def max_score(course: Course, assignment: str) -> float:
    """Total points of the assignment's graded test cells, from the source notebooks."""
    return sum(max_points(read_notebook(p)) for p in course.source(assignment).glob("*.ipynb"))


def ensure_student(course: Course, student: str) -> None:
    """Put a student in the gradebook, so an ungradable submission still appears (with 0) in exports."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url(course)) as gradebook:
        gradebook.update_or_create_student(student)


def grade_student(course: Course, assignment: str, student: str) -> StudentResult:
    """Autograde one student's submission; never raises for anything the submission contains."""
    result = StudentResult(student, max_score=max_score(course, assignment))
    notebooks, problems = preflight(course, assignment, student)
    result.problems += problems
    if not notebooks:
        ensure_student(course, student)
        return result
    ok, log = nbgrader(course, "autograde", assignment, "--student", student, "--force")
    if not ok:
        result.problems += salvage(course, assignment, student, notebooks)
        ok, log = nbgrader(course, "autograde", assignment, "--student", student, "--force")
    if not ok:
        last = [line for line in log.splitlines() if "ERROR" in line or "took longer" in line][-1:]
        result.problems.append("nbgrader could not grade it: " + (last[0] if last else "see the log"))
        ensure_student(course, student)
        return result
    read_scores(course, assignment, student, result)
    return result


def announce(student: str) -> None:
    """Progress line for grade_class: which student is being graded now."""
    print(f"grading {student} ...", flush=True)


def grade_class(
    course: Course,
    assignment: str,
    students: list[str] | None = None,
    *,
    feedback: bool = False,
    progress: Callable[[str], None] | None = None,
) -> list[StudentResult]:
    """Autograde every submitted student (or the given ones), one at a time.

    feedback: also write each graded student's feedback HTML. progress: called with each
    student's name before grading (the CLI prints it).
    """
    results = []
    for student in students or course.students(assignment):
        if progress:
            progress(student)
        result = grade_student(course, assignment, student)
        if feedback and result.graded and not generate_feedback(course, assignment, student):
            result.problems.append("feedback could not be generated")
        results.append(result)
    return results


def generate_feedback(course: Course, assignment: str, student: str) -> bool:
    ok, _ = nbgrader(course, "generate_feedback", assignment, "--student", student, "--force")
    return ok


def export_grades(course: Course) -> Path | None:
    """``nbgrader export`` to work/grades.csv; returns its path, or None if it failed."""
    target = course.work / "grades.csv"
    ok, _ = nbgrader(course, "export")
    return target if ok and target.exists() else None


def format_table(results: list[StudentResult]) -> str:
    """The class table an instructor reads: student, score/max, problems found."""
    rows = [("student", "score", "problems found")]
    for result in results:
        score = f"{result.score:g}/{result.max_score:g}" if result.graded else f"-/{result.max_score:g}"
        lost = [cell.grade_id for cell in result.cells if cell.score < cell.max_score]
        notes = result.problems + ([f"lost points in {', '.join(lost)}"] if lost else [])
        rows.append((result.student, score, "; ".join(notes) or "-"))
    width = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [f"{row[0]:<{width[0]}}  {row[1]:>{width[1]}}  {row[2]}" for row in rows]
    lines.insert(1, "-" * min(100, max(len(line) for line in lines)))
    return "\n".join(lines)
