"""A hostile class: every student does one bad thing; each gets a clear row and the points it earned.

Built on the toy course of test_grading (two exercises, 2 + 3 points, cheap to run) with a short
per-cell timeout. After grading: every submission byte-identical, the gradebook consistent with the
table, no hidden test in any feedback page, nothing written outside the sandbox, and a second run
giving the same result.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from test_grading import CHAPTER, full, scores, submit, toy  # noqa: F401 (toy is a fixture)

from autograder import grading
from autograder.grading.sandbox import bwrap_problem

SOLUTION = "def double(x):\n    return 2 * x"


def with_double(course: grading.Course, code: str, prefix: bool = True) -> nbformat.NotebookNode:
    """The full solution with ``code`` in the first exercise cell (after the solution, or instead)."""
    notebook = full(course)
    notebook.cells[2].source = SOLUTION + "\n\n" + code if prefix else code
    return notebook


def hostile(course: grading.Course, victim_dir: Path) -> dict[str, tuple[object, str, dict[str, float] | None]]:
    """student → (submission, expected phrase in the row, expected per-cell scores or None if ungraded)."""
    good = full(course)
    both = {"test_double": 2, "test_square": 3}
    half = {"test_double": 0, "test_square": 3}
    deleted = nbformat.from_dict(good)
    del deleted.cells[3]
    edited = nbformat.from_dict(good)
    edited.cells[3].source = "pass"
    duplicated = nbformat.from_dict(good)
    duplicated.cells.insert(4, nbformat.from_dict(duplicated.cells[3]))
    retyped = nbformat.from_dict(good)
    retyped.cells[3] = nbformat.v4.new_markdown_cell(retyped.cells[3].source, metadata=retyped.cells[3].metadata)
    metadata = nbformat.from_dict(good)
    metadata.cells[3].metadata["nbgrader"]["points"] = 100
    metadata.cells[3].metadata["nbgrader"]["checksum"] = "0" * 32
    fake = nbformat.from_dict(good)
    fake.cells.append(nbformat.from_dict(fake.cells[3]))
    fake.cells[-1].metadata["nbgrader"].update(grade_id="test_bonus", points=50)
    text = nbformat.writes(good)
    v3 = nbformat.v4.convert.downgrade(nbformat.from_dict(good))
    return {
        "a_good": (good, "", both),
        "b_loop": (with_double(course, "def double(x):\n    while True:\n        pass", False), "timed out", half),
        "c_memory": (
            with_double(course, "import numpy as np\nkeep = []\nwhile True:\n    keep.append(np.empty(10**9))"),
            "raised MemoryError",
            both,
        ),
        "d_fork": (  # before the solution: whether the bomb ends in an error or a hung kernel, double is lost
            with_double(course, "import os\nfor _ in range(100000):\n    os.fork()\n\n" + SOLUTION, False),
            "calls os.fork() (contained by the sandbox)",
            half,
        ),
        "e_threads": (
            with_double(
                course,
                "import threading, time\ntry:\n    for _ in range(100000):\n"
                "        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n"
                "except RuntimeError:\n    pass",
            ),
            "",
            both,
        ),
        "f_rm": (
            with_double(course, f"import os\nos.system('rm -rf {victim_dir}/* ../../* /tmp/* ~/*')"),
            "calls os.system() (contained by the sandbox)",
            both,
        ),
        "g_read": (
            with_double(
                course,
                f"import glob\nfor path in glob.glob('{course.root}/solutions/*/*') + glob.glob('{victim_dir}/*/*/*'):"
                "\n    print(open(path).read())",
            ),
            "",
            both,
        ),
        "h_history": (
            with_double(
                course,
                "def double(x):\n    print(get_ipython().history_manager.input_hist_raw)\n    return 2 * x",
                False,
            ),
            "reaches into the interpreter",
            both,
        ),
        "i_socket": (
            with_double(
                course,
                "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 22), timeout=1)\n"
                "except OSError as e:\n    print(e)",
            ),
            "imports socket (network or processes",
            both,
        ),
        "j_print": (with_double(course, "while True:\n    print('spam ' * 100)"), "printed too much", both),
        "k_sysexit": (with_double(course, "import sys\nsys.exit()"), "raised SystemExit", both),
        "l_osexit": (with_double(course, "import os\nos._exit(1)"), "killed the Python kernel", half),
        "m_segfault": (with_double(course, "import ctypes\nctypes.string_at(0)"), "killed the Python kernel", half),
        "n_testcrash": (
            with_double(course, "def double(x):\n    import os\n    os._exit(1)", False),
            "test cell test_double crashed",
            half,
        ),
        "o_deleted": (deleted, "test cell test_double was deleted", both),
        "p_edited": (edited, "test cell test_double was edited", both),
        "q_duplicated": (duplicated, "appears 2 times", both),
        "r_retyped": (retyped, "turned into a markdown cell", both),
        "s_metadata": (metadata, "nbgrader metadata of test_double was edited", both),
        "t_fakecell": (fake, "claims to be a graded test cell 'test_bonus'", both),
        "u_fail": (
            with_double(
                course,
                "import autograder.checks as checks\nchecks._fail = lambda *a, **k: None\n"
                "def double(x):\n    return 3 * x",
                False,
            ),
            "rebinds checks._fail",
            half,
        ),
        "v_code": (
            with_double(
                course,
                "check_close.__code__ = (lambda *a, **k: None).__code__\ndef double(x):\n    return 3 * x",
                False,
            ),
            "rebinds check_close.__code__",
            half,
        ),
        "w_isclose": (
            with_double(
                course,
                "import numpy as np\nnp.isclose = lambda a, b, **k: np.ones(np.shape(a), bool)\n"
                "def double(x):\n    return 3 * x",
                False,
            ),
            "rebinds np.isclose",
            half,
        ),
        "x_corrupt": (text[: len(text) // 2], "cannot be read as a notebook", None),
        "y_empty": ("", "is an empty file", None),
        "z_latin1": ("é".encode("latin-1") + text.encode()[1:], "is not UTF-8", None),
        "za_nbformat3": (json.dumps(v3), "nbformat 3; converted", both),
        "zb_gradebook": (
            with_double(
                course,
                f"import sqlite3\nsqlite3.connect('{course.work}/gradebook.db').execute("
                "'update grade set auto_score = 8000')",
            ),
            "raised OperationalError",
            both,
        ),
    }


@pytest.mark.skipif(bool(bwrap_problem()), reason=f"bubblewrap cannot run here: {bwrap_problem()}")
def test_a_hostile_class(toy: grading.Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("COURSE_CELL_TIMEOUT", "4")
    victim_dir = toy.work / "submitted"
    students = hostile(toy, victim_dir)
    for student, (notebook, _, _) in students.items():
        if student == "za_nbformat3" or isinstance(notebook, str | bytes):
            submit(toy, student, notebook if isinstance(notebook, str | bytes) else nbformat.writes(notebook))
        else:
            submit(toy, student, notebook)
    renamed = toy.submitted("zc_renamed", CHAPTER)
    renamed.mkdir(parents=True)
    (renamed / "homework.ipynb").write_text(nbformat.writes(full(toy)))
    before = grading.fingerprint(toy.work / "submitted")
    sentinel = Path(os.environ.get("TMPDIR", "/tmp")) / f"autograder-sentinel-{os.getpid()}"
    sentinel.write_text("still here")
    first = {r.student: r for r in grading.grade_class(toy, CHAPTER, feedback=True)}
    table = grading.format_table(list(first.values()))
    print(table)
    assert "full marks" in table.splitlines()[2]
    assert len(first) >= 25
    assert grading.fingerprint(toy.work / "submitted") == before
    assert sentinel.exists() and (toy.root / "solutions" / CHAPTER / "toy.ipynb").exists()
    for student, (_, phrase, expected) in students.items():
        row = "; ".join(first[student].problems)
        assert phrase in row, (student, row)
        if expected is None:
            assert not first[student].graded, student
        else:
            assert scores(first[student]) == expected, (student, row)
    assert "homework.ipynb" in "; ".join(first["zc_renamed"].problems)
    # the gradebook holds what the table shows, and no student's code reached it
    csv = grading.export_grades(toy)
    assert csv is not None and "8000" not in csv.read_text()
    # nothing hidden reaches any feedback page
    for page in (toy.work / "feedback").rglob("*.html"):
        html = page.read_text()
        assert "BEGIN HIDDEN" not in html and "check_close(double(-1.5)" not in html, page
        assert "check_close(square(-2.0)" not in html, page
    second = {r.student: r for r in grading.grade_class(toy, CHAPTER)}
    assert {s: scores(r) for s, r in second.items()} == {s: scores(r) for s, r in first.items()}
    assert grading.fingerprint(toy.work / "submitted") == before
    sentinel.unlink()
    shutil.rmtree(toy.work / "feedback", ignore_errors=True)
