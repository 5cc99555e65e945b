"""``make bench``, a class on JupyterHub: how much memory and CPU one student costs this machine.

A class like ``make hub``'s is started on a free loopback port (its own accounts, homes, exchange,
work and release folders in a temporary place). Each student logs in over HTTP, as a browser would,
and the hub starts their JupyterLab server; then, for every student at once, a kernel is started in
their own server and the chapter's solved notebook is run in it cell by cell, over the server's
websocket, as Run All does. Measured per student from the operating system (every process of the
student's account): the memory of the idle server (RSS), the peak while the chapter runs, and the
CPU seconds the run took. From these the report works out how many students one machine holds.
Results go to work/bench.json (key "hub"); tests never assert on them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from autograder import classroom
from autograder.browser import free_port
from autograder.demo import solved
from autograder.notebooks import read_notebook


def login(url: str, user: str, password: str) -> Any:
    """A requests session logged in to the hub as ``user``, with their server started."""
    import requests

    session = requests.Session()
    session.get(f"{url}/hub/login", timeout=60)
    xsrf = session.cookies.get("_xsrf", path="/hub/")
    answer = session.post(f"{url}/hub/login", data={"username": user, "password": password, "_xsrf": xsrf}, timeout=60)
    answer.raise_for_status()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:  # the spawn page redirects to the server once it is up
        # a page (not the API) goes through the hub's OAuth and leaves the server's own cookie
        page = session.get(f"{url}/user/{user}/lab", timeout=60)
        if page.status_code == 200 and page.url.startswith(f"{url}/user/{user}/lab"):
            return session
        time.sleep(1)
    raise TimeoutError(f"{user}'s server did not start")


def account_usage(user: str) -> tuple[float, float]:
    """(resident memory in MB, CPU seconds so far) of every process of ``user``'s account."""
    import psutil

    rss, cpu = 0.0, 0.0
    for process in psutil.process_iter(["username", "memory_info", "cpu_times"]):
        if process.info["username"] == user and process.info["memory_info"] is not None:
            rss += process.info["memory_info"].rss
            times = process.info["cpu_times"]
            cpu += times.user + times.system + times.children_user + times.children_system
    return rss / 2**20, cpu


def run_notebook_in_server(url: str, session: Any, user: str, notebook: Any) -> None:
    """Start a kernel in the user's server and run every code cell, one after the other."""
    import websocket

    xsrf = session.cookies.get("_xsrf", path=f"/user/{user}/")
    headers = {"X-XSRFToken": xsrf}
    kernel = session.post(f"{url}/user/{user}/api/kernels", json={"name": "python3"}, headers=headers, timeout=60)
    kernel.raise_for_status()
    kernel_id = kernel.json()["id"]
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    socket_url = f"{url.replace('http', 'ws', 1)}/user/{user}/api/kernels/{kernel_id}/channels"
    channel = websocket.create_connection(socket_url, header=[f"Cookie: {cookie}", f"X-XSRFToken: {xsrf}"], timeout=300)
    try:
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            msg_id = uuid.uuid4().hex
            header = {"msg_id": msg_id, "msg_type": "execute_request", "username": user, "session": msg_id}
            content = {"code": cell.source, "silent": False, "store_history": True, "allow_stdin": False}
            request = {"header": {**header, "version": "5.3"}, "parent_header": {}, "metadata": {}, "content": content}
            channel.send(json.dumps({**request, "channel": "shell"}))
            while True:
                message = json.loads(channel.recv())
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                    break
    finally:
        channel.close()
        session.delete(f"{url}/user/{user}/api/kernels/{kernel_id}", headers=headers, timeout=60)


def run_hub_bench(root: Path, chapter: str = "01_neuron") -> int:
    if os.geteuid() != 0 or not (root / classroom.PROXY).exists():
        print("skipped: the class needs root (its accounts) and configurable-http-proxy (make hub installs it)")
        return 0
    source = next((root / "solutions" / chapter).glob("*.ipynb"))
    notebook = solved(read_notebook(root / "course" / chapter / source.name), read_notebook(source))
    state = Path(tempfile.mkdtemp(prefix="dl-hub-bench-", dir="/var/tmp"))
    os.chmod(state, 0o755)
    room = classroom.prepare(root, port=free_port(), state=state, work=state / "work", release=state / "r")
    classroom.stop(room)
    process = classroom.start(room)
    try:
        url, passwords = room.url(), room.passwords()
        students = room.settings()["students"]
        sessions = {user: login(url, user, passwords[user]) for user in students}
        time.sleep(10)  # servers settle
        idle = {user: account_usage(user) for user in students}
        peak = {user: idle[user][0] for user in students}
        running = [
            threading.Thread(target=run_notebook_in_server, args=(url, sessions[user], user, notebook))
            for user in students
        ]
        started = time.monotonic()
        for thread in running:
            thread.start()
        while any(thread.is_alive() for thread in running):
            for user in students:
                peak[user] = max(peak[user], account_usage(user)[0])
            time.sleep(0.2)
        wall = time.monotonic() - started
        after = {user: account_usage(user) for user in students}
    finally:
        classroom.stop(room)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:  # a hub slow to shut down is not the measurement's business
            process.kill()
            process.wait(10)
        shutil.rmtree(state, ignore_errors=True)
    return report(chapter, students, idle, peak, after, wall, root)


def report(
    chapter: str,
    students: list[str],
    idle: dict[str, tuple[float, float]],
    peak: dict[str, float],
    after: dict[str, tuple[float, float]],
    wall: float,
    root: Path,
) -> int:
    import psutil

    idle_mb = sum(idle[u][0] for u in students) / len(students)
    peak_mb = sum(peak[u] for u in students) / len(students)
    cpu_s = sum(after[u][1] - idle[u][1] for u in students) / len(students)
    total_gb = psutil.virtual_memory().total / 2**30
    headroom = 0.8 * total_gb * 1024  # leave a fifth for the system, the hub and the grader
    print(f"{len(students)} students, each running {chapter} at once in their own server ({wall:.1f} s):")
    print(f"  idle server per student:            {idle_mb:7.0f} MB")
    print(f"  peak while running the chapter:     {peak_mb:7.0f} MB")
    print(f"  CPU for the chapter, per student:   {cpu_s:7.1f} s")
    print(
        f"  this machine ({total_gb:.0f} GB): about {headroom / idle_mb:.0f} students idle, "
        f"{headroom / peak_mb:.0f} all running a chapter at the same time"
    )
    out = root / "work" / "bench.json"
    data = json.loads(out.read_text()) if out.exists() else {}
    data["hub"] = {
        "chapter": chapter,
        "students": len(students),
        "idle_mb_per_student": round(idle_mb),
        "peak_mb_per_student": round(peak_mb),
        "cpu_s_per_student": round(cpu_s, 1),
        "wall_s": round(wall, 1),
        "machine_gb": round(total_gb),
    }
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(data, indent=2))
    return 0
