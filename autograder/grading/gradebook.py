"""The one writer of nbgrader's gradebook: workers return results, only this module records them.

nbgrader's own ``SaveAutoGrades`` preprocessor writes each graded notebook's scores, and the late
penalty steps of the course's autograde pipeline (nbgrader's ``AssignLatePenalties``, with the
course's ``LateSubmissionPlugin`` settings) run here too, against the real gradebook's due date,
extensions and timestamps; so the gradebook holds exactly what ``nbgrader autograde`` would have
written, and ``nbgrader export``, ``generate_feedback`` and formgrader keep working.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from traitlets.config import Config

from autograder.grading.course import Course, db_url, environment_variable, error_line, nbgrader
from autograder.grading.worker import CellScore, WorkResult


class GradingSetupError(RuntimeError):
    """The assignment could not be registered: nothing can be graded."""


def register(course: Course, assignment: str) -> Path:
    """Make the gradebook know the assignment (as ``generate_assignment`` does) and build a template.

    Returns the folder of the template gradebook (``gradebook.db``) that every worker copies; the
    caller removes it. course/ is not touched: the release goes to work/release.
    """
    ok, log = nbgrader(
        course, "generate_assignment", assignment, f"--CourseDirectory.release_directory={course.work}/release"
    )
    if not ok:
        raise GradingSetupError(f"the gradebook could not register {assignment}: {error_line(log)}")
    template = Path(tempfile.mkdtemp(prefix="autograder-template-"))
    private = Course(course.root, template / "work")
    shared = os.environ.pop("NBGRADER_DB_URL", None)  # the template is SQLite, whatever the gradebook is
    try:
        ok, log = nbgrader(
            private, "generate_assignment", assignment, f"--CourseDirectory.release_directory={template}/r"
        )
    finally:
        if shared is not None:
            os.environ["NBGRADER_DB_URL"] = shared
    if not ok:
        shutil.rmtree(template, ignore_errors=True)
        raise GradingSetupError(f"the template gradebook could not be built: {error_line(log)}")
    return template


def record(course: Course, assignment: str, student: str, result: WorkResult | None) -> list[str]:
    """Record one student's outcome: the graded notebooks, their scores and any late penalty, or no
    submission at all.

    ``None`` (or a failed result) removes an earlier grade, so that grades.csv never keeps the
    score of a previous submission the table no longer shows. Returns the notes for the student's
    row: a late submission's (how late, the penalty), if any.
    """
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.preprocessors import SaveAutoGrades
    from nbgrader.utils import parse_utc

    graded = course.autograded(student, assignment)
    with warnings.catch_warnings(), Gradebook(db_url(course)) as gradebook:
        warnings.simplefilter("ignore")  # SQLAlchemy's notes about nbgrader's own session use
        gradebook.update_or_create_student(student)
        if result is None or not result.ok:
            shutil.rmtree(graded, ignore_errors=True)
            try:
                gradebook.remove_submission(assignment, student)
            except MissingEntry:
                pass
            return []
        stamp = result.files.get("timestamp.txt")
        timestamp = parse_utc(stamp.decode().strip()) if stamp else None
        gradebook.update_or_create_submission(assignment, student, **({"timestamp": timestamp} if timestamp else {}))
    shutil.rmtree(graded, ignore_errors=True)
    for relative, data in result.files.items():
        (graded / relative).parent.mkdir(parents=True, exist_ok=True)
        (graded / relative).write_bytes(data)
    import nbformat

    config = course_config(course)
    penalties = late_penalty_steps(config)
    for name in sorted(p for p in result.files if p.endswith(".ipynb") and "/" not in p):
        notebook = nbformat.reads(result.files[name].decode("utf-8"), as_version=4)
        resources = {
            "nbgrader": {
                "notebook": name[: -len(".ipynb")],
                "assignment": assignment,
                "student": student,
                "db_url": db_url(course),
            }
        }
        SaveAutoGrades().preprocess(notebook, resources)
        for step in penalties:  # after SaveAutoGrades, as in the autograde pipeline: the penalty needs the score
            step(config=config).preprocess(notebook, resources)
    note = late_note(course, assignment, student) if penalties else None
    return [note] if note else []


def course_config(course: Course) -> Config:
    """The configuration an nbgrader command run in the course root loads: ``nbgrader_config.py``
    from Jupyter's config folders, then the course's own (which wins), read with the course's work
    folder as ``COURSE_WORK_DIR``, as the workers' nbgrader reads it."""
    from jupyter_core.paths import jupyter_config_dir, jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

    folders = list(dict.fromkeys([jupyter_config_dir(), *jupyter_config_path()]))  # highest priority first
    config = Config()
    with environment_variable("COURSE_WORK_DIR", str(course.work)):
        for folder in [*reversed(folders), str(course.root)]:
            try:
                config.merge(PyFileConfigLoader("nbgrader_config.py", path=folder).load_config())
            except ConfigFileNotFound:
                continue
    return config


def late_penalty_steps(config: Config) -> list[type]:
    """The late-penalty preprocessors (``AssignLatePenalties`` or subclasses) of the configured
    autograde pipeline, in order; none when the course took them out."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import AssignLatePenalties
    from traitlets.utils.importstring import import_item

    if "autograde_preprocessors" in config.Autograde:
        pipeline = config.Autograde.autograde_preprocessors
    else:
        pipeline = Autograde.class_traits()["autograde_preprocessors"].default()
    steps = [import_item(step) if isinstance(step, str) else step for step in pipeline]
    return [step for step in steps if isinstance(step, type) and issubclass(step, AssignLatePenalties)]


def late_note(course: Course, assignment: str, student: str) -> str | None:
    """The report line of a late submission, as the gradebook holds it now: how late, what penalty."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url(course)) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        late = submission.total_seconds_late
        if late <= 0:
            return None
        penalty = submission.late_submission_penalty or 0.0
        after = submission.score - penalty
        return (
            f"submitted {duration(late)} late: late penalty {penalty:g} points "
            f"(score after the penalty {after:g}/{submission.max_score:g})"
        )


def duration(seconds: float) -> str:
    """A lateness an instructor reads at a glance: '2 d 3 h', '21 h 30 min', '4 min', '12 s'."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min" if minutes else f"{secs} s"


def recorded_scores(course: Course, assignment: str, student: str) -> tuple[float, float, list[CellScore]] | None:
    """(score, max, cells) as the gradebook holds them now; None when it has no submission."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url(course)) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            return None
        cells = [
            CellScore(grade.name, grade.score, grade.max_score)
            for notebook in submission.notebooks
            for grade in notebook.grades
            if grade.cell_type == "code" and grade.max_score
        ]
        return submission.score, submission.max_score, cells


def normalize_db_url(url: str) -> str:
    """A gradebook URL SQLAlchemy can open here: ``postgresql://`` means psycopg2 (installed), not psycopg 3."""
    if url.startswith(("postgresql://", "postgres://")):
        import importlib.util

        if importlib.util.find_spec("psycopg") is None:
            return "postgresql+psycopg2://" + url.split("://", 1)[1]
    return url
