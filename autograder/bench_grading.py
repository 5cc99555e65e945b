"""``make bench``, grading at scale: serial stock ``nbgrader autograde`` against ``autograder grade``.

A generated class (default 40 submissions of 01_neuron: correct, wrong — the chapter's mutants —,
blank and half-done mixed) is graded five times on this machine in one run, each in a work folder
of its own under work/bench-grading/: serial stock ``nbgrader autograde``, ``grade --jobs 1``,
``grade --jobs 2``, ``grade --jobs 2`` with every kernel started as a new process instead of
forked from a warm zygote (``COURSE_KERNEL_FORK=off``, see ``grading/zygote.py``) and
``grade --scheduler`` on a local Dask cluster of two single-threaded workers.
It prints the wall times, the speed-up over stock nbgrader and whether every student's per-cell
scores are identical in all four, and writes them to work/bench.json (key "grading"). Tests never
assert on timing; this is the only place grading time is measured.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from autograder import grading
from autograder.demo import append_to_exercise, solved
from autograder.grading.course import environment_variable, error_line
from autograder.grading.zygote import FORK_SWITCH
from autograder.mutants import load_mutants
from autograder.notebooks import read_notebook, solution_cells

Scores = dict[str, dict[str, float]]


def build_class(course: grading.Course, chapter: str, size: int) -> dict[str, str]:
    """Write ``size`` submissions into course's submitted/; returns each student's kind."""
    source_path = next(course.source(chapter).glob("*.ipynb"))
    source = read_notebook(source_path)
    release = read_notebook(course.release(chapter) / source_path.name)
    full = solved(release, source)
    half = solved(release, source, how_many=len(solution_cells(source)) // 2)
    mutants = load_mutants(course.root / "tests" / "mutants" / chapter)
    kinds: dict[str, str] = {}
    for index in range(size):
        student = f"student{index:03d}"
        kind = ("correct", "wrong", "blank", "half")[index % 4]
        if kind == "correct":
            notebook = full
        elif kind == "wrong" and mutants:
            stride = max(1, len(mutants) // max(1, size // 4))  # spread over the chapter's exercises
            mutant = mutants[(index // 4) * stride % len(mutants)]
            notebook = append_to_exercise(full, mutant.functions[0], "\n\n" + mutant.source)
            kind = f"wrong ({mutant.name})"
        elif kind == "half":
            notebook = half
        else:
            notebook, kind = release, "blank"
        folder = course.submitted(student, chapter)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / source_path.name).write_text(nbformat.writes(notebook), encoding="utf-8")
        kinds[student] = kind
    return kinds


def stock_nbgrader(course: grading.Course, chapter: str) -> tuple[float, Scores, str]:
    """Serial stock ``nbgrader autograde CHAPTER`` (its own command line); (seconds, scores, problem)."""
    from nbgrader.api import Gradebook, MissingEntry

    env = {**os.environ, "COURSE_WORK_DIR": str(course.work), "COURSE_NBGRADER_SUBPROCESS": "1"}
    env.pop("NBGRADER_DB_URL", None)
    run = [sys.executable, "-m", "nbgrader"]
    release = f"--CourseDirectory.release_directory={course.work}/release"
    subprocess.run([*run, "generate_assignment", chapter, release], cwd=course.root, env=env, capture_output=True)
    start = time.perf_counter()
    done = subprocess.run([*run, "autograde", chapter], cwd=course.root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    scores: Scores = {}
    with Gradebook("sqlite:///" + str(course.work / "gradebook.db")) as gradebook:
        for student in course.students(chapter):
            try:
                submission = gradebook.find_submission(chapter, student)
            except MissingEntry:
                continue
            scores[student] = {g.name: g.score for nb in submission.notebooks for g in nb.grades if g.max_score}
    problem = "" if done.returncode == 0 else error_line(done.stdout + done.stderr)
    return seconds, scores, problem


def autograder_grade(
    course: grading.Course, chapter: str, jobs: int | None = None, scheduler: str | None = None
) -> tuple[float, Scores, str]:
    """``grade`` as the CLI runs it (registration, workers, gradebook, class report); (seconds, scores, problem)."""
    start = time.perf_counter()
    results = grading.grade_assignment(course, chapter, jobs=jobs, scheduler=scheduler).results
    seconds = time.perf_counter() - start
    scores = {r.student: {c.grade_id: c.score for c in r.cells} for r in results if r.graded}
    ungraded = [r.student for r in results if not r.graded]
    return seconds, scores, f"not graded: {', '.join(ungraded)}" if ungraded else ""


def run_grading_bench(root: Path, chapter: str = "01_neuron", size: int = 40, dask: bool = True) -> int:
    base = root / "work" / "bench-grading"
    shutil.rmtree(base, ignore_errors=True)
    first = grading.Course(root, base / "stock")
    kinds = build_class(first, chapter, size)
    runs: list[tuple[str, grading.Course]] = [("stock nbgrader autograde (serial)", first)]
    for name in ("jobs1", "jobs2", "jobs2-plain", "dask"):
        if name == "dask" and not dask:
            continue
        course = grading.Course(root, base / name)
        shutil.copytree(first.work / "submitted", course.work / "submitted")
        runs.append((name, course))
    print(f"{size} submissions of {chapter} ({', '.join(sorted({k.split(' ')[0] for k in kinds.values()}))})")
    print(grading.sandbox_status(), flush=True)
    measured: dict[str, tuple[float, Scores, str]] = {}
    labels = {
        "jobs1": "autograder grade --jobs 1",
        "jobs2": "autograder grade --jobs 2",
        "jobs2-plain": "autograder grade --jobs 2, kernels not forked",
        "dask": "autograder grade --scheduler (Dask, 2 workers)",
    }
    for name, course in runs:
        label = labels.get(name, name)
        print(f"\n== {label}", flush=True)
        if name.startswith("stock"):
            measured[label] = stock_nbgrader(course, chapter)
        elif name == "dask":
            from autograder.grading.cluster import ClusterError, local_cluster

            try:
                with local_cluster(workers=2) as address:
                    measured[label] = autograder_grade(course, chapter, scheduler=address)
            except ClusterError as error:
                print(f"skipped: {error}")
        elif name == "jobs2-plain":
            with environment_variable(FORK_SWITCH, "off"):
                measured[label] = autograder_grade(course, chapter, jobs=2)
        else:
            measured[label] = autograder_grade(course, chapter, jobs=int(name[-1]))
    stock_label = runs[0][0]
    stock_seconds, stock_scores, _ = measured[stock_label]
    print(f"\n{'run':52s} {'wall time':>10s} {'speed-up':>9s}  scores vs stock")
    table = {}
    identical = True
    for label, (seconds, scores, problem) in measured.items():
        same = scores == stock_scores
        identical &= same
        verdict = "identical" if same else f"DIFFERENT ({len(_differences(scores, stock_scores))} students)"
        ratio = stock_seconds / seconds if seconds else float("nan")
        print(f"{label:52s} {seconds:>8.1f} s {ratio:>8.2f}×  {verdict}{'; ' + problem if problem else ''}")
        table[label] = {"seconds": round(seconds, 1), "speedup": round(ratio, 2), "identical": same, "note": problem}
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{size} students, {cores} cores, load average {load:.1f} at the end; scores identical: {identical}")
    out = root / "work" / "bench.json"
    data = json.loads(out.read_text()) if out.exists() else {}
    data["grading"] = {
        "chapter": chapter,
        "students": size,
        "cores": cores,
        "load_average": round(load, 1),
        "runs": table,
        "scores_identical": identical,
    }
    out.write_text(json.dumps(data, indent=2))
    print(f"details in {out}")
    return 0 if identical else 1


def _differences(scores: Scores, stock: Scores) -> list[str]:
    return sorted(s for s in set(scores) | set(stock) if scores.get(s) != stock.get(s))
