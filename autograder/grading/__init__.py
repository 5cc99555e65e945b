"""Grading a class with nbgrader so that an instructor can trust it.

A submission passes through stages, one module each, the way nbgrader names its preprocessors:

``submission``   read and check, never modify: bytes, corrupt or missing notebooks, tampering
``confine``      what confines a kernel: limits, bubblewrap command lines, environment, private folder
``sandbox``      bubblewrap and limits for every kernel (used by plain nbgrader too)
``zygote``       kernels forked from a warm process, confined the same way
``preprocessors``the nbgrader autograde pipeline: sandboxed execution, fresh checks, redaction
``worker``       a submission's bytes in, the graded notebooks and per-cell scores out
``judge``        outside the kernel: every graded cell's records against the reference solution's
``reference``    the reference solution's records, from one trusted run, cached
``gradebook``    the one writer of nbgrader's gradebook
``pool``         the class in parallel: local worker processes or a Dask cluster; the coordinator
``report``       the table, logs, feedback, grades.csv
``class_report`` after every run: grades.csv, pass rates, common failures, histogram, one HTML page
``flow``         the one flow of ``grade``, ``make demo`` and the benchmark: grade, then report

Data flows one way: submitted/ → worker → gradebook → reports. Nothing under submitted/ is ever
written.
"""

from autograder.grading.class_report import ClassReport, class_report
from autograder.grading.course import Course, db_url, max_score, nbgrader
from autograder.grading.flow import GradingRun, grade_assignment
from autograder.grading.gradebook import GradingSetupError, normalize_db_url
from autograder.grading.pool import default_jobs, grade_class, grade_student
from autograder.grading.report import StudentResult, export_grades, format_table, generate_feedback
from autograder.grading.sandbox import status as sandbox_status
from autograder.grading.submission import fingerprint, read_submission
from autograder.grading.worker import CellScore

__all__ = [
    "CellScore",
    "ClassReport",
    "Course",
    "GradingRun",
    "GradingSetupError",
    "StudentResult",
    "class_report",
    "db_url",
    "default_jobs",
    "export_grades",
    "fingerprint",
    "format_table",
    "generate_feedback",
    "grade_assignment",
    "grade_class",
    "grade_student",
    "max_score",
    "nbgrader",
    "normalize_db_url",
    "read_submission",
    "sandbox_status",
]
