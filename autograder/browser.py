"""The course seen in a real browser: JupyterLab on localhost, driven in headless Chromium by Playwright.

Used by tests/test_browser.py. ``lab_server`` starts JupyterLab on a free loopback port with a
random token and stops it afterwards; ``run_notebook`` opens one notebook, runs all its cells
through JupyterLab's own menu, waits for the kernel to finish, and reports what a person would
see: error outputs, live widgets versus text reprs of widgets, rendered plots, and a screenshot.

Chromium is Debian's (/usr/bin/chromium); Playwright never downloads a browser of its own.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class LabServer:
    url: str  # http://127.0.0.1:PORT
    token: str
    process: subprocess.Popen[bytes]

    def page_url(self, path: str) -> str:
        return f"{self.url}/{path.lstrip('/')}?token={self.token}"


@dataclass
class NotebookView:
    """What a person sees after Run All: counts of each kind of output, and the screenshot."""

    errors: list[str] = field(default_factory=list)  # error and stderr outputs (warnings included)
    widgets: int = 0  # live ipywidgets views
    widget_reprs: int = 0  # widgets shown as text (the widget manager did not load)
    images: int = 0  # rendered plots
    unfinished_cells: int = 0  # cells still running or never run
    screenshot: Path | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"JupyterLab did not answer at {url} within {timeout:.0f} s")


@contextmanager
def lab_server(root: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[LabServer]:
    """JupyterLab serving the course directory ``root`` (it holds nbgrader_config.py) on loopback.

    Widgets are live (no COURSE_HEADLESS); JupyterLab's own settings live in a fresh folder, with
    the news prompt off (no network, and it would cover the page in screenshots).
    """
    port, token = free_port(), secrets.token_hex(16)
    environment = {k: v for k, v in os.environ.items() if k not in ("NBGRADER_EXECUTION", "COURSE_HEADLESS")}
    settings = log.parent / "lab-settings"
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True, exist_ok=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )
    # every cell in the page (no virtual scrolling), so what the page shows is the whole notebook
    (settings / "@jupyterlab" / "notebook-extension").mkdir(parents=True, exist_ok=True)
    (settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        '{"windowingMode": "none"}'
    )
    environment["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
    environment.update(env or {})
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--notebook-dir={root}",
        "--LabApp.news_url=",  # no network: no news feed
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=root, env=environment, stdout=out, stderr=subprocess.STDOUT)
        server = LabServer(f"http://127.0.0.1:{port}", token, process)
        try:
            _wait_until_up(server.page_url("api/status"), process, timeout=90)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium browser under Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# JavaScript run in the page: what is on screen after Run All.
_INSPECT = """() => {
  const q = (s) => Array.from(document.querySelectorAll(s));
  const prompts = q('.jp-Notebook .jp-CodeCell .jp-InputPrompt').map(p => p.textContent.trim());
  return {
    errors: q('.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
      .map(e => e.textContent.slice(0, 300)),
    widgets: q('.jp-Notebook .jupyter-widgets.widget-interact, .jp-Notebook .widget-slider, '
               + '.jp-Notebook .widget-dropdown, .jp-Notebook .widget-toggle-buttons').length,
    widget_reprs: q('.jp-Notebook .jp-OutputArea-output').filter(
      e => /^(interactive|IntSlider|FloatSlider|Dropdown|VBox|HBox)\\(/.test(e.textContent.trim())).length,
    images: q('.jp-Notebook .jp-RenderedImage img').length,
    unfinished: prompts.filter(p => p === '[ ]:' || p === '[*]:').length,
    code_cells: prompts.length,
  };
}"""


def shutdown_kernels(server: LabServer) -> None:
    """Stop every kernel the server runs (a notebook's kernel outlives its closed browser tab)."""
    headers = {"Authorization": f"token {server.token}"}
    with urllib.request.urlopen(urllib.request.Request(f"{server.url}/api/kernels", headers=headers)) as response:
        kernels = json.load(response)
    for kernel in kernels:
        request = urllib.request.Request(f"{server.url}/api/kernels/{kernel['id']}", headers=headers, method="DELETE")
        urllib.request.urlopen(request).close()


def unexecuted_cells(server: LabServer, page: Any, path: str) -> int:
    """Save the notebook from the page (its toolbar's save button) and count its code cells never run."""
    page.locator('.jp-NotebookPanel-toolbar [data-command="docmanager:save"]').first.click()
    time.sleep(1)
    request = urllib.request.Request(
        f"{server.url}/api/contents/{path}?content=1", headers={"Authorization": f"token {server.token}"}
    )
    with urllib.request.urlopen(request) as response:
        cells = json.load(response)["content"]["cells"]
    return sum(1 for cell in cells if cell["cell_type"] == "code" and cell.get("execution_count") is None)


def run_notebook(server: LabServer, browser: Any, path: str, screenshot: Path, timeout_s: float = 600) -> NotebookView:
    """Open ``path`` (relative to the server root) in a fresh JupyterLab workspace, Run All Cells, and
    inspect the page once every cell has run."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    workspace = Path(path).stem
    try:
        page.goto(server.page_url(f"lab/workspaces/{workspace}/tree/{path}") + "&reset", timeout=90_000)
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
        page.locator(".jp-NotebookPanel .jp-Cell").first.click()
        started = False
        for _ in range(3):  # the kernel may still be connecting: try Run All again if nothing started
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            for _ in range(120):  # up to a minute on a busy machine
                if (
                    page.evaluate(_INSPECT)["unfinished"] < page.evaluate(_INSPECT)["code_cells"]
                    or page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='busy']").count()
                ):
                    started = True
                    break
                time.sleep(0.5)
            if started:
                break
        deadline = time.monotonic() + timeout_s
        idle_since = time.monotonic()
        while time.monotonic() < deadline:
            busy = page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='busy']").count()
            if busy:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since > 10 and unexecuted_cells(server, page, path) == 0:
                break  # idle for 10 s and the saved notebook has every code cell executed
            time.sleep(1)
        time.sleep(2)  # let the last outputs and widget views render
        state = page.evaluate(_INSPECT)
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=False)
        widget = page.locator(".jp-NotebookPanel .widget-slider, .jp-NotebookPanel .widget-dropdown").first
        if widget.count():  # a second picture: the first interactive control and the plot it drives
            widget.scroll_into_view_if_needed()
            time.sleep(1)
            page.screenshot(path=str(screenshot.with_name(screenshot.stem + "-widget.png")), full_page=False)
        return NotebookView(
            errors=list(state["errors"]),
            widgets=int(state["widgets"]),
            widget_reprs=int(state["widget_reprs"]),
            images=int(state["images"]),
            unfinished_cells=unexecuted_cells(server, page, path),
            screenshot=screenshot,
        )
    finally:
        page.close()
        shutdown_kernels(server)


def page_text(server: LabServer, browser: Any, path: str, wait_for: str, screenshot: Path) -> str:
    """The visible text of ``path`` once ``wait_for`` appears on it (e.g. nbgrader's formgrader)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(server.page_url(path), wait_until="networkidle", timeout=90_000)
        page.get_by_text(wait_for).first.wait_for(timeout=60_000)
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot))
        return str(page.inner_text("body"))
    finally:
        page.close()
