"""Gate m: a class on JupyterHub, end to end in a real browser.

``make hub``'s set-up (``autograder.classroom``) starts JupyterHub on a free loopback port with its
class state and the course's work folder in a temporary place; Debian's Chromium, driven by
Playwright, plays every part, and keeps a screenshot of every step in ``work/screenshots/hub/``:

1. the instructor logs in, opens formgrader (the course service), sees the nine chapters, generates
   and releases 01_neuron;
2. student1 fetches it in the Assignments tab, fills in the exercises (pasted into the notebook
   through the server, as a student pastes), runs it with Run All, validates and submits; student2
   submits the untouched notebook; student3 a notebook that hides its errors from the grader;
3. the TA (the second grader) collects and autogrades from formgrader; the instructor sees the same
   scores; a manual override of one cell is kept;
4. feedback is generated and released; each student fetches it and reads their page: 14/14 with the
   exercise names, 0/14 with the first failure, and what student3's code deserved;
5. student1 cannot open formgrader, student2's server or files, ``solutions/`` or the gradebook.

Skipped, saying why, only where the test cannot run a class: not root (accounts), no Chromium or
Playwright, no configurable-http-proxy (node); ``.ci/run`` installs what is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from conftest import REPO

from autograder import classroom
from autograder.browser import CHROMIUM, CHROMIUM_ARGS, free_port
from autograder.demo import solved
from autograder.notebooks import read_notebook

pytestmark = pytest.mark.xdist_group("hub")

SHOTS = REPO / "work" / "screenshots" / "hub"
CHAPTER, NOTEBOOK = "01_neuron", "neuron.ipynb"
TIMEOUT_MS = 240_000
HIDE_ERRORS = """ip = get_ipython()
ip.showtraceback = lambda *a, **k: None
def _forget(result):
    result.error_in_exec = None
ip.events.register("post_run_cell", _forget)
"""


def why_not() -> str:
    if os.geteuid() != 0:
        return "the class needs accounts of its own: run the tests as root"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed ({CHROMIUM}): apt-get install chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright (python) is not installed"
    if not (REPO / classroom.PROXY).exists():
        return f"configurable-http-proxy is not installed ({classroom.PROXY}): make hub, or make test, installs it"
    return ""


@pytest.fixture(scope="module")
def room() -> Iterator[classroom.Classroom]:
    reason = why_not()
    if reason:
        pytest.skip(reason)
    state = Path(tempfile.mkdtemp(prefix="dl-hub-test-", dir="/var/tmp"))
    os.chmod(state, 0o755)
    # the course's own work and release folders stay untouched: the class gets its own
    prepared = classroom.prepare(REPO, port=free_port(), state=state, work=state / "work", release=state / "release")
    classroom.stop(prepared)
    process = classroom.start(prepared)
    try:
        yield prepared
    finally:
        classroom.stop(prepared)
        process.wait(30)
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(prepared.log, SHOTS / "jupyterhub.log")  # the hub's and every server's log
        shutil.rmtree(state, ignore_errors=True)


class Class:
    """The browser's side: one context per user (logged in once), screenshots numbered by step."""

    def __init__(self, browser: Any, room: classroom.Classroom) -> None:
        self.browser, self.room, self.url = browser, room, room.url()
        self.pages: dict[str, Any] = {}
        self.shots = 0
        SHOTS.mkdir(parents=True, exist_ok=True)
        for old in SHOTS.glob("*.png"):
            old.unlink()

    def page(self, user: str) -> Any:
        if user not in self.pages:
            context = self.browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"{self.url}/hub/login")
            page.fill("#username_input", user)
            page.fill("#password_input", self.room.passwords()[user])
            page.click("#login_submit")
            page.wait_for_load_state("networkidle")
            self.pages[user] = page
        return self.pages[user]

    def shot(self, page: Any, name: str) -> Path:
        self.shots += 1
        path = SHOTS / f"{self.shots:02d}-{name}.png"
        page.screenshot(path=str(path))
        return path

    # -- formgrader (the course service) ---------------------------------------------------------

    def formgrader(self, user: str, path: str = "manage_assignments") -> Any:
        page = self.page(user)
        page.goto(f"{self.url}/services/{classroom.COURSE_ID}/formgrader/{path}")
        page.wait_for_selector("h1")
        page.wait_for_function("() => !document.body.innerText.includes('Loading, please wait')")
        return page

    def assignment_action(self, page: Any, column: str) -> str:
        """Click a button in 01_neuron's row of Manage Assignments; the modal's text."""
        row = page.locator("tr", has=page.locator("td.name", has_text=CHAPTER))
        row.locator(f"td.{column} a").click()
        modal = page.wait_for_selector("#success-modal.in, #error-modal.in")
        text = modal.inner_text()
        page.click(".modal.in button.close")
        page.wait_for_selector(".modal.in", state="detached")
        return str(text)

    # -- a student's JupyterLab ------------------------------------------------------------------

    def lab(self, user: str) -> Any:
        page = self.page(user)
        page.goto(f"{self.url}/user/{user}/lab")
        page.wait_for_selector(".jp-LabShell")
        with_no_news(page)
        return page

    def assignments(self, user: str) -> Any:
        page = self.lab(user)
        page.click("text=Nbgrader")
        page.click("text=Assignment List")
        page.wait_for_selector("#assignments")
        return page

    def api(self, user: str, method: str, path: str, data: Any = None) -> Any:
        """The user's own Jupyter server API, with the user's cookies (as the page itself calls it)."""
        page = self.page(user)
        xsrf = next(
            c["value"] for c in page.context.cookies() if c["name"] == "_xsrf" and c["path"] == f"/user/{user}/"
        )
        response = page.request.fetch(
            f"{self.url}/user/{user}/api/{path}",
            method=method,
            headers={"X-XSRFToken": xsrf, "Content-Type": "application/json"},
            data=json.dumps(data) if data is not None else None,
        )
        assert response.ok, f"{method} {path}: {response.status} {response.text()[:300]}"
        return response.json() if response.text() else None


def with_no_news(page: Any) -> None:
    """JupyterLab asks once whether to fetch news: answer no (there is no network anyway)."""
    button = page.locator(".jp-toast-container button:has-text('No')")
    if button.count():
        button.first.click()


def notebook_json(notebook: nbformat.NotebookNode) -> dict[str, Any]:
    return {"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(notebook))}


def test_a_class_on_jupyterhub_in_a_browser(room: classroom.Classroom) -> None:
    from playwright.sync_api import sync_playwright

    release = read_notebook(REPO / "course" / CHAPTER / NOTEBOOK)
    solution = solved(release, read_notebook(REPO / "solutions" / CHAPTER / NOTEBOOK))
    forged = nbformat.from_dict(release)
    forged.cells.insert(2, nbformat.v4.new_code_cell(HIDE_ERRORS))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            run_the_class(Class(browser, room), solution, forged)
        finally:
            browser.close()


def run_the_class(cls: Class, solution: nbformat.NotebookNode, forged: nbformat.NotebookNode) -> None:
    # 1. the instructor releases 01_neuron from formgrader
    page = cls.formgrader("instructor")
    names = page.locator("td.name").all_inner_texts()
    assert [n.strip() for n in names] == sorted(p.name for p in (REPO / "solutions").iterdir() if p.is_dir())
    cls.shot(page, "instructor-formgrader-nine-chapters")
    assert "success" in cls.assignment_action(page, "assign").lower()  # generate: registers it in the gradebook
    assert "released" in cls.assignment_action(page, "release").lower()
    cls.shot(page, "instructor-released-01")

    # 2. the students fetch, work and submit in the Assignments tab
    for student, notebook in (("student1", solution), ("student2", None), ("student3", forged)):
        page = cls.assignments(student)
        page.click("#released_assignments_list button:has-text('Fetch')")
        page.wait_for_selector(f"#fetched_assignments_list a:has-text('{CHAPTER}')")
        cls.shot(page, f"{student}-fetched")
        if notebook is not None:  # the student's work, pasted into the notebook through the server
            cls.api(student, "PUT", f"contents/{CHAPTER}/{NOTEBOOK}", notebook_json(notebook))
        if student == "student1":
            run_all_and_validate(cls, student)
        page = cls.assignments(student)
        page.click(f"#fetched_assignments_list .list_item:has-text('{CHAPTER}') button:has-text('Submit')")
        page.wait_for_selector(f"#submitted_assignments_list .list_item:has-text('{CHAPTER}')")
        cls.shot(page, f"{student}-submitted")

    # 3. the TA collects and autogrades; the instructor sees the same scores; an override is kept
    page = cls.formgrader("ta")
    assert "collected" in cls.assignment_action(page, "collect").lower()
    page = cls.formgrader("ta", f"manage_submissions/{CHAPTER}")
    for student in ("student1", "student2", "student3"):
        row = page.locator("tr", has=page.locator("td.student-id", has_text=student))
        row.locator("td.autograde a").click()
        modal = page.wait_for_selector("#success-modal.in, #error-modal.in")
        assert "Successfully autograded" in modal.inner_text(), modal.inner_text()
        page.click(".modal.in button.close")
        page.wait_for_selector(".modal.in", state="detached")
    scores = submission_scores(cls.formgrader("ta", f"manage_submissions/{CHAPTER}"))
    cls.shot(cls.page("ta"), "ta-autograded")
    assert scores == {"student1": "14 / 14", "student2": "0 / 14", "student3": "0 / 14"}, scores
    assert submission_scores(cls.formgrader("instructor", f"manage_submissions/{CHAPTER}")) == scores
    cls.shot(cls.page("instructor"), "instructor-same-scores")
    override(cls, "student3", "test_relu", 1)
    scores = submission_scores(cls.formgrader("instructor", f"manage_submissions/{CHAPTER}"))
    assert scores["student3"] == "1 / 14", scores

    # 4. feedback, generated and released; each student reads their own page
    page = cls.formgrader("instructor")
    assert "feedback" in cls.assignment_action(page, "generate-feedback").lower()
    assert "feedback" in cls.assignment_action(page, "release-feedback").lower()
    cls.shot(page, "instructor-feedback-released")
    pages = {student: feedback_page(cls, student) for student in ("student1", "student2", "student3")}
    assert "14.0 / 14.0" in pages["student1"] and "Exercise <code>sigmoid</code>" in pages["student1"]
    assert "0.0 / 14.0" in pages["student2"] and "not done yet" in pages["student2"]
    assert "1.0 / 14.0" in pages["student3"] and "not recorded" in pages["student3"]

    # backups while the class runs: SQLite's online backup of the gradebook, the exchange as files
    backup = Path(tempfile.mkdtemp(prefix="gradebook-backup-")) / "gradebook.db"
    with sqlite3.connect(Path(cls.room.settings()["work"]) / "gradebook.db") as live, sqlite3.connect(backup) as copy:
        live.backup(copy)
    with sqlite3.connect(backup) as copy:
        assert copy.execute("select count(*) from submitted_notebook").fetchone()[0] == 3
    shutil.rmtree(backup.parent)

    # 5. what a student cannot open
    refusals(cls)


def run_all_and_validate(cls: Class, student: str) -> None:
    """Open the notebook in JupyterLab, Run All, save; then Validate in the Assignments tab."""
    page = cls.lab(student)
    page.goto(f"{cls.url}/user/{student}/lab/tree/{CHAPTER}/{NOTEBOOK}")
    page.wait_for_selector(".jp-Notebook")
    with_no_news(page)
    page.click("text=Run")
    page.click("text=Run All Cells")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-InputArea-prompt')].every(p => !p.textContent.includes('*'))"
        " && document.querySelector('.jp-Notebook-ExecutionIndicator[data-status=\"idle\"]') !== null",
        timeout=TIMEOUT_MS,
    )
    page.keyboard.press("Control+s")
    page.wait_for_timeout(2000)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
    cls.shot(page, f"{student}-ran-all")
    assert errors == 0, f"{errors} error or stderr outputs after Run All"
    page = cls.assignments(student)
    page.click(f"#fetched_assignments_list a:has-text('{CHAPTER}')")
    page.click("#fetched_assignments_list button:has-text('Validate')")
    dialog = page.wait_for_selector(".jp-Dialog")
    text = dialog.inner_text()
    cls.shot(page, f"{student}-validated")
    assert "Success" in text or "passes" in text, text
    page.click(".jp-Dialog button:has-text('OK'), .jp-Dialog .jp-mod-accept")


def submission_scores(page: Any) -> dict[str, str]:
    found = {}
    for row in page.locator("tbody tr").all():
        student = row.locator("td.student-id").inner_text().strip()
        found[student] = re.sub(r"\s+", " ", row.locator("td.score").inner_text()).strip()
    return found


def override(cls: Class, student: str, grade_id: str, score: int) -> None:
    """Manual grading: the instructor gives ``score`` points to one autograded cell of a submission."""
    page = cls.formgrader("instructor", f"gradebook/{CHAPTER}/{NOTEBOOK[:-6]}")
    page.locator("tr", has=page.locator("td", has_text=student)).locator("a").first.click()
    page.wait_for_selector(f"#{grade_id}")
    cell = page.locator(".nbgrader_cell", has=page.locator(f"#{grade_id}"))
    box = cell.locator("input.score")
    box.fill(str(score))
    box.press("Tab")
    page.wait_for_timeout(1500)
    cls.shot(page, f"instructor-overrides-{student}-{grade_id}")
    page.reload()
    page.wait_for_selector(f"#{grade_id}")
    assert page.locator(".nbgrader_cell", has=page.locator(f"#{grade_id}")).locator("input.score").input_value() == str(
        score
    ), "the manual override was not kept"


def feedback_page(cls: Class, student: str) -> str:
    """Fetch the released feedback in the Assignments tab; the page's HTML, as the student opens it."""
    page = cls.assignments(student)
    page.click(f"#submitted_assignments_list .list_item:has-text('{CHAPTER}') button:has-text('Fetch Feedback')")
    page.wait_for_selector("#submitted_assignments_list a:has-text('view feedback')")
    cls.shot(page, f"{student}-feedback-fetched")
    folder = cls.api(student, "GET", f"contents/{CHAPTER}/feedback")
    stamp = sorted(item["name"] for item in folder["content"])[-1]
    page.goto(f"{cls.url}/user/{student}/files/{CHAPTER}/feedback/{stamp}/{NOTEBOOK[:-6]}.html")
    page.wait_for_selector("ol.feedback-summary")
    cls.shot(page, f"{student}-feedback-page")
    return str(page.content())


def refusals(cls: Class) -> None:
    page = cls.page("student1")
    for path in (f"services/{classroom.COURSE_ID}/formgrader", "user/student2/lab"):
        response = page.goto(f"{cls.url}/{path}")
        assert response is not None and response.status in (403, 404), f"student1 opened /{path}: {response}"
        cls.shot(page, f"student1-refused-{path.split('/')[1]}")
    settings = cls.room.settings()
    targets = {
        "student2's home": f"{cls.room.homes}/student2",
        "solutions": f"{REPO}/solutions/{CHAPTER}/{NOTEBOOK}",
        "the gradebook": f"{settings['work']}/gradebook.db",
    }
    code = (
        "import os\n"
        f"for name, path in {targets!r}.items():\n"
        "    try:\n"
        "        os.listdir(path) if os.path.isdir(path) else open(path, 'rb').read(1)\n"
        "        print('OPENED', name)\n"
        "    except OSError as error:\n"
        "        print('REFUSED', name, type(error).__name__)\n"
    )
    kernel = cls.api("student1", "POST", "kernels", {"name": "python3"})
    outputs = run_in_kernel(cls, "student1", kernel["id"], code)
    cls.api("student1", "DELETE", f"kernels/{kernel['id']}")
    assert outputs.count("REFUSED") == 3 and "OPENED" not in outputs, outputs


def run_in_kernel(cls: Class, user: str, kernel_id: str, code: str) -> str:
    """Run code in the user's kernel over its websocket, from the user's page; what it printed."""
    page = cls.page(user)
    page.goto(f"{cls.url}/user/{user}/lab")
    script = """async ([url, code]) => {
        const socket = new WebSocket(url);
        const id = crypto.randomUUID();
        let printed = "";
        await new Promise(resolve => socket.onopen = resolve);
        const done = new Promise(resolve => socket.onmessage = event => {
            const msg = JSON.parse(event.data);
            if (msg.parent_header.msg_id !== id) return;
            if (msg.msg_type === "stream") printed += msg.content.text;
            if (msg.msg_type === "status" && msg.content.execution_state === "idle") resolve();
        });
        socket.send(JSON.stringify({header: {msg_id: id, msg_type: "execute_request", username: "", session: id,
            version: "5.3"}, parent_header: {}, metadata: {}, channel: "shell",
            content: {code: code, silent: false, store_history: false, user_expressions: {}, allow_stdin: false}}));
        await done;
        socket.close();
        return printed;
    }"""
    url = f"{cls.url.replace('http', 'ws', 1)}/user/{user}/api/kernels/{kernel_id}/channels"
    return str(page.evaluate(script, [url, code]))
