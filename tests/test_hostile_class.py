"""A hostile class: every student does one bad thing; each gets a clear row and the points it earned.

Built on the toy course of test_grading (two exercises, 2 + 3 points, cheap to run) with a short
per-cell timeout. After grading: every submission byte-identical, the gradebook consistent with the
table, no hidden test in any feedback page, nothing written outside the sandbox, and a second run
giving the same result.

``test_attacks_on_the_score`` is the class of issue 16: students who attack the score itself (hooks
that hide errors, a startup file, patched checks, frame tricks behind a magic, hidden tests and the
grader's secrets smuggled into the feedback, the grader's disk and memory, a file name that is not
UTF-8, a cell too deep to parse, terminal escapes). The kernel only records; the judge decides
outside it: each scores what its code earns.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from test_grading import CHAPTER, full, release, scores, submit, toy  # noqa: F401 (toy is a fixture)

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
            with_double(course, f"import os\nos.system('rm -rf {victim_dir} {course.root} /tmp/* ~/* 2>/dev/null')"),
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
            {"test_double": 0, "test_square": 0},  # its own visible check of square no longer records
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
        assert "BEGIN HIDDEN" not in html and "record('double(-1.5)'" not in html, page
        assert "record('square(-2)'" not in html, page
    second = {r.student: r for r in grading.grade_class(toy, CHAPTER)}
    assert {s: scores(r) for s, r in second.items()} == {s: scores(r) for s, r in first.items()}
    assert grading.fingerprint(toy.work / "submitted") == before
    sentinel.unlink()
    shutil.rmtree(toy.work / "feedback", ignore_errors=True)


# ---------------------------------------------------------------- issue 16: attacks on the score itself

HIDE_ERRORS = """ip = get_ipython()
ip.showtraceback = lambda *a, **k: None
def _forget(result):
    result.error_in_exec = None
    result.error_before_exec = None
ip.events.register("post_run_cell", _forget)
"""
SECRET = "hunter2-the-graders-password"
SCRIPT = "<script>window.stolen = document.cookie</script>"
IMAGE = '<img src="x" onerror="window.stolen = document.cookie">'  # a markdown cell the student added
GBK_NAME = "我的作业.ipynb".encode("gbk")  # a Windows zip unpacked on Linux


def with_cell(notebook: nbformat.NotebookNode, code: str, at: int = 2) -> nbformat.NotebookNode:
    """``notebook`` with a new cell of the student's at position ``at`` (markdown if it starts with '<')."""
    changed = nbformat.from_dict(notebook)
    new = nbformat.v4.new_markdown_cell(code) if code.startswith("<") else nbformat.v4.new_code_cell(code)
    changed.cells.insert(at, new)
    return changed


def attackers(course: grading.Course) -> dict[str, tuple[nbformat.NotebookNode, str, dict[str, float] | None]]:
    """student → (notebook, expected phrase in the row, expected per-cell scores or None if ungraded)."""
    nothing = {"test_double": 0, "test_square": 0}
    both = {"test_double": 2, "test_square": 3}
    wrong_double = "def double(x):\n    return 0 * x"
    return {
        "a1_hook": (with_cell(release(course), HIDE_ERRORS), "registers a hook", nothing),
        "a2_startup": (release(course), "(.ipython)", nothing),  # + the hook as an IPython startup file
        "a3_update": (
            with_double(
                course,
                "import sys\nvars(sys.modules['autograder.checks']).update(_fail=lambda *a, **k: None)\n"
                + wrong_double,
                False,
            ),
            "rewrites a namespace",
            {"test_double": 0, "test_square": 3},
        ),
        "a4_frame": (
            with_double(
                course,
                "_ = %pwd\nimport sys\ndef double(x):\n"
                "    sys._getframe(1).f_globals['check_close'] = lambda *a, **k: None\n    return 0 * x",
                False,
            ),
            "_getframe",
            nothing,  # its own trick silenced the visible check of square too
        ),
        "a5_encode": (
            with_double(
                course,
                "import base64\ndef _leak(info):\n    print(base64.b64encode(info.raw_cell.encode()).decode())\n"
                "get_ipython().events.register('pre_run_cell', _leak)",
            ),
            "registers a hook",
            both,
        ),
        "a6_secret": (with_double(course, "import os\nprint(dict(os.environ))"), "", both),
        "a7_disk": (
            with_double(
                course,
                "import os\nfrom ipykernel.kernelapp import IPKernelApp\n"
                "folder = os.path.dirname(os.path.abspath(IPKernelApp.instance().abs_connection_file))\n"
                "written = 0\nfor i in range(20):\n    try:\n"
                "        with open(os.path.join(folder, f'junk{i}'), 'wb') as f:\n"
                "            f.write(b'x' * 2**20)\n        written += 1\n    except OSError:\n        break\n"
                "print('junk files written:', written)",
            ),
            "",
            both,
        ),
        "a8_flood": (
            with_double(
                course,
                "k = get_ipython().kernel\nk.session.send(k.iopub_socket, 'stream', "
                "{'name': 'stdout', 'text': 'x' * (70 * 2**20)}, parent=k.get_parent('shell'))",
            ),
            "",
            nothing,  # a message over the cap closes the kernel's output channel: nothing is recorded after
        ),
        "a9_gbk": (full(course), "notebook name is not UTF-8", None),  # saved under GBK_NAME
        "a10_deep": (with_cell(full(course), "total = " + " + ".join(["1"] * 5000)), "could not be read", both),
        "a11_escape": (
            with_cell(full(course), "raise ValueError('\\x1b[2K\\x1b[1Ga11_escape  5/5  full marks')"),
            "raised ValueError",
            both,
        ),
        "a12_script": (
            with_cell(
                with_cell(
                    full(course),
                    "from IPython.display import HTML, display\ndisplay(HTML(SCRIPT))".replace("SCRIPT", repr(SCRIPT)),
                ),
                IMAGE,
            ),
            "",
            both,
        ),
        "a13_identifiers": (
            with_double(
                course,
                "seen = []\nget_ipython().events.register('pre_run_cell', lambda info: seen.append(info.raw_cell))\n"
                "def double(x):\n    text = '\\n'.join(seen).encode()\n"
                "    return ['x' + text[i:i + 40].hex() for i in range(0, len(text), 40)] if x == 2.0 else 2 * x",
                False,
            ),
            "registers a hook",
            {"test_double": 0, "test_square": 3},
        ),
        "a14_rlimit": (
            with_cell(
                full(course),
                "import resource\ntry:\n    resource.setrlimit(resource.RLIMIT_FSIZE, (2**40, 2**40))\n"
                "    print('limit raised')\nexcept (ValueError, OSError):\n    print('limit kept')",
            ),
            "",
            both,
        ),
        "a15_image": (
            with_cell(
                full(course),
                "from IPython.display import display\ndisplay({'image/png': 'iVBORw0KGgo='}, raw=True, "
                "metadata={'image/png': {'width': '1 onerror=window.stolen=1'}})",
            ),
            "",
            both,
        ),
        "a16_bidi": (with_cell(full(course), "raise ValueError('\\u202eskram lluf')"), "raised ValueError", both),
        "a17_launcher": (
            with_cell(full(course), "import os\nif os.getpid() == 1:\n    os._exit(0)  # a forked kernel dies"),
            "",
            both,
        ),
        "honest": (full(course), "", both),
    }


@pytest.mark.skipif(bool(bwrap_problem()), reason=f"bubblewrap cannot run here: {bwrap_problem()}")
def test_attacks_on_the_score(toy: grading.Course, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("COURSE_CELL_TIMEOUT", "6")
    monkeypatch.setenv("PGPASSWORD", SECRET)  # as an instructor gives --db postgresql://... its password
    monkeypatch.setenv("COURSE_GRADING_TOKEN", SECRET)
    students = attackers(toy)
    image = students["a15_image"][0].cells[2]  # as the student's own run left it: the output is in the file
    image.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"image/png": "iVBORw0KGgo="}, metadata={"image/png": {"width": "1 onerror=x"}}
        )
    ]
    for student, (notebook, _, _) in students.items():
        if student != "a9_gbk":
            submit(toy, student, notebook)
    startup = toy.submitted("a2_startup", CHAPTER) / ".ipython" / "profile_default" / "startup" / "00-x.py"
    startup.parent.mkdir(parents=True)
    startup.write_text(HIDE_ERRORS)
    # a launcher of its own beside the notebook: `python -m ipykernel_launcher` must not start it
    launcher = "import sys\nprint('the submission started the kernel', file=sys.stderr)\nsys.exit(3)\n"
    (toy.submitted("a17_launcher", CHAPTER) / "ipykernel_launcher.py").write_text(launcher)
    gbk = toy.submitted("a9_gbk", CHAPTER)
    gbk.mkdir(parents=True)
    with open(os.path.join(os.fsencode(gbk), GBK_NAME), "wb") as handle:
        handle.write(nbformat.writes(full(toy)).encode())
    before = grading.fingerprint(toy.work / "submitted")

    results = grading.grade_class(toy, CHAPTER, feedback=True)
    report = grading.class_report(toy, CHAPTER, results)  # the bad name stops no report
    table = grading.format_table(results)
    print(table)
    by_student = {r.student: r for r in results}
    for student, (_, phrase, expected) in students.items():
        row = "; ".join(by_student[student].problems)
        assert phrase in row, (student, row)
        if expected is None:
            assert not by_student[student].graded, student
        else:
            assert scores(by_student[student]) == expected, (student, row)
    assert grading.fingerprint(toy.work / "submitted") == before

    # no escape byte reaches the table, the CSV or the report page, nor a character that reverses text
    assert "\x1b" not in table and "\\x1b" in table and "\u202e" not in table and "\\u202e" in table
    for path in (report.grades, report.exercises, report.html):
        assert "\x1b" not in path.read_text(encoding="utf-8"), path
    assert "not UTF-8" in report.grades.read_text(encoding="utf-8")
    assert report.nbgrader_csv is not None

    # the grader's secrets never reach a kernel; hidden tests never reach a feedback page, encoded or not
    autograded = toy.autograded("a6_secret", CHAPTER) / "toy.ipynb"
    assert "PATH" in autograded.read_text() and SECRET not in autograded.read_text()
    hidden = ("record('double(-1.5)', double(-1.5))", "record('square(-2)', square(-2.0))", "BEGIN HIDDEN")
    leaked = (toy.autograded("a5_encode", CHAPTER) / "toy.ipynb").read_text()
    assert any(hidden[0] in decoded for decoded in base64_texts(leaked)), "the attack did not run"
    pages = list((toy.work / "feedback").rglob("*.html"))
    assert len(pages) == len(students) - 1
    for page in pages:
        html = page.read_text()
        assert SECRET not in html, page
        for decoded in [html, *base64_texts(html)]:
            assert not any(line in decoded for line in hidden), page
    # nothing the student wrote runs as HTML where the instructor reads it (feedback, formgrader)
    script_page = (toy.work / "feedback" / "a12_script" / CHAPTER / "toy.html").read_text()
    graded = nbformat.read(toy.autograded("a12_script", CHAPTER) / "toy.ipynb", as_version=4)
    assert "a text cell the student wrote or changed" in script_page
    assert "<script>window.stolen" not in script_page and '<img src="x" onerror' not in script_page
    outputs = [o for cell in graded.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if "text/html" in o.get("data", {})], "formgrader would render it"
    assert all(IMAGE not in cell.source or "```" in cell.source for cell in graded.cells)
    hook_page = (toy.work / "feedback" / "a1_hook" / CHAPTER / "toy.html").read_text()
    assert "not recorded" in hook_page or "not done yet" in hook_page

    # the kernel's limits hold: it cannot raise them again
    assert "limit kept" in (toy.autograded("a14_rlimit", CHAPTER) / "toy.ipynb").read_text()
    image_page = (toy.work / "feedback" / "a15_image" / CHAPTER / "toy.html").read_text()
    assert "iVBORw0KGgo=" in image_page, "the student's own picture is shown"
    assert not __import__("re").search(r"<img[^>]*onerror", image_page), "an image tag carries the student's script"
    # a hidden test smuggled out as identifiers: the page shows no such list
    identifiers = (toy.work / "feedback" / "a13_identifiers" / CHAPTER / "toy.html").read_text()
    assert "x72656" not in identifiers and "a sequence of" in identifiers

    # the kernel could not add a file to the grader's disk
    if os.geteuid() == 0:
        disk = (toy.autograded("a7_disk", CHAPTER) / "toy.ipynb").read_text()
        assert "junk files written: 0" in disk


def base64_texts(text: str) -> list[str]:
    """Every run of base64 in ``text`` (40 characters or more), decoded where it decodes to text."""
    import base64
    import binascii
    import re

    found = []
    for blob in re.findall(r"[A-Za-z0-9+/]{40,}={0,2}", text):
        try:
            found.append(base64.b64decode(blob + "=" * (-len(blob) % 4)).decode("utf-8", errors="replace"))
        except (binascii.Error, ValueError):
            continue
    return found
