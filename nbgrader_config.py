"""nbgrader configuration: plain `nbgrader ...` commands work from the repository root.

solutions/ is nbgrader's source directory and course/ its release directory. Submissions,
autograded copies, feedback and the gradebook live under the git-ignored work/ folder. The
gradebook is SQLite (work/gradebook.db) unless NBGRADER_DB_URL names another database, for
example postgresql://grader@db/course for several graders.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

here = os.path.dirname(os.path.abspath(__file__))
work = os.environ.get("COURSE_WORK_DIR", "work")
os.makedirs(os.path.join(here, work), exist_ok=True)  # the SQLite gradebook needs its folder

c.CourseDirectory.root = here
c.CourseDirectory.course_id = "dl-foundations"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = os.environ.get("COURSE_RELEASE_DIR", "course")  # a test's class: elsewhere
c.CourseDirectory.submitted_directory = os.path.join(work, "submitted")
c.CourseDirectory.autograded_directory = os.path.join(work, "autograded")
c.CourseDirectory.feedback_directory = os.path.join(work, "feedback")
c.CourseDirectory.solution_directory = os.path.join(work, "solution")
c.CourseDirectory.source_with_tests_directory = os.path.join(work, "source_with_tests")
c.CourseDirectory.db_url = os.environ.get("NBGRADER_DB_URL", "sqlite:///" + os.path.join(here, work, "gradebook.db"))

# Student code is untrusted. The autograde pipeline is nbgrader's own with two changes, the same for
# plain `nbgrader autograde` and `python -m autograder grade` (autograder/grading/preprocessors.py):
# GuardedExecute runs each kernel in the sandbox (bubblewrap, limits; autograder/grading/sandbox.py),
# caps output and skips cells that kill the kernel; in the kernel, graded cells only record values.
# JudgeRecords then decides every graded cell outside the kernel: its records against the reference
# solution's (autograder/grading/judge.py); a failed cell gets an error, which SaveAutoGrades scores 0.
# DefangStudentHtml keeps the student's HTML, SVG and scripts from running where instructors read.
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from autograder.grading.preprocessors import (  # noqa: E402
    DefangStudentHtml,
    FeedbackFromJudge,
    GuardedExecute,
    JudgeRecords,
)

c.Autograde.autograde_preprocessors = [
    GuardedExecute,
    IgnorePattern,
    JudgeRecords,
    DefangStudentHtml,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
# Feedback shows each test cell without its hidden tests (nbgrader's stock feedback shows them) and
# with the judge's verdict under it; other cells show the student's own outputs as submitted, never
# the grading run's (student code saw the hidden tests there).
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import ClearHiddenTests, GetGrades  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, FeedbackFromJudge, CSSHTMLHeaderPreprocessor]
# A cell that runs longer than this (seconds) is interrupted and scores 0.
# No cell of the course needs more than a few seconds.
c.Execute.timeout = int(os.environ.get("COURSE_CELL_TIMEOUT", "30"))
# A submission that deleted a graded test cell gets it back, so it is graded like the others.
c.OverwriteCells.add_missing_cells = True
# A notebook that prints megabytes (a print in a loop) is cut down before it reaches the gradebook.
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100
c.CsvExportPlugin.to = os.path.join(here, work, "grades.csv")
# Regenerating course/ overwrites it: it is generated, never edited by hand.
# A class of the 中文 edition (COURSE_EDITION=zh, with COURSE_RELEASE_DIR=course/zh): generate_assignment
# (formgrader's Generate) writes the translated student notebook; the gradebook keeps the English source.
from nbgrader.converters import GenerateAssignment  # noqa: E402

from autograder.editions import TranslateRelease  # noqa: E402

c.GenerateAssignment.preprocessors = [*GenerateAssignment.class_traits()["preprocessors"].default(), TranslateRelease]
c.TranslateRelease.language = os.environ.get("COURSE_EDITION", "en")
c.GenerateAssignment.force = True
c.GenerateAssignment.create_assignment = True
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Feedback pages (nbgrader generate_feedback, also from formgrader): the course's template
# (autograder/templates/feedback: it has the name of nbgrader's own and is found first, so formgrader,
# which asks for 'feedback' by name, uses it too, and formgrader's other pages keep their templates)
# opens with a summary naming each exercise and the failure message of every test that lost points, and
# loads MathJax from this environment (jupyter-server-mathjax), never from a CDN.
import importlib.util  # noqa: E402
from pathlib import Path  # noqa: E402

import nbgrader  # noqa: E402

import autograder  # noqa: E402

c.HTMLExporter.extra_template_basedirs = [
    os.path.join(os.path.dirname(autograder.__file__), "templates"),
    os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates"),
]
_mathjax = importlib.util.find_spec("jupyter_server_mathjax")
if _mathjax is not None and _mathjax.origin:
    _mathjax_js = Path(_mathjax.origin).parent / "static" / "MathJax.js"
    c.HTMLExporter.mathjax_url = _mathjax_js.as_uri() + "?config=TeX-AMS-MML_HTMLorMML-full,Safe"
