"""``make bench``: run time and peak memory of every chapter, run top to bottom as a student would.

The budget is the course's promise to Binder users: well under 30 s on 2 cores and under 1.5 GB.
Results go to the terminal and to work/bench.json. This is the only place run time is measured;
tests never assert on timing.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat

from autograder.notebooks import cell_error_text, execute_notebook, read_notebook

TIME_BUDGET_S = 30.0
MEMORY_BUDGET_MB = 1536.0
PEAK_MEMORY_CELL = "import resource\nprint('PEAK_RSS_MB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"


@dataclass
class Measurement:
    seconds: float  # wall time of the whole notebook
    peak_mb: float  # the kernel's peak resident memory
    error: str  # the first failing cell's error, or ""


def measure(path: Path, *, grading: bool = False) -> Measurement:
    """Execute one notebook; return its wall time, the kernel's peak memory and its first error."""
    notebook = read_notebook(path)
    notebook.cells.append(nbformat.v4.new_code_cell(PEAK_MEMORY_CELL))
    start = time.perf_counter()
    execute_notebook(notebook, path.parent, grading=grading)
    seconds = time.perf_counter() - start
    peak_line = "".join(o.get("text", "") for o in notebook.cells[-1].outputs)
    peak = float(peak_line.split()[-1]) if "PEAK_RSS_MB" in peak_line else float("nan")
    errors = [cell_error_text(cell) for cell in notebook.cells[:-1] if cell_error_text(cell)]
    return Measurement(round(seconds, 2), round(peak, 1), errors[0] if errors else "")


def run_bench(root: Path, chapters: list[str] | None = None) -> int:
    notebooks = sorted((root / "solutions").glob("*/*.ipynb"))
    if chapters:
        notebooks = [nb for nb in notebooks if nb.parent.name in chapters]
    results = {}
    print(f"{'chapter':20s} {'student run':>12s} {'grading run':>12s} {'peak memory':>12s}  verdict")
    within = True
    for path in notebooks:
        student = measure(path, grading=False)
        grader = measure(path, grading=True)
        peak = max(student.peak_mb, grader.peak_mb)
        ok = student.seconds < TIME_BUDGET_S and peak < MEMORY_BUDGET_MB and not student.error
        within &= ok
        verdict = "ok" if ok else f"OVER BUDGET or ERROR {student.error}"
        print(f"{path.parent.name:20s} {student.seconds:>10.1f} s {grader.seconds:>10.1f} s {peak:>9.0f} MB  {verdict}")
        results[path.parent.name] = {"student_run": asdict(student), "grading_run": asdict(grader)}
    out = root / "work" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"budget: < {TIME_BUDGET_S:.0f} s, < {MEMORY_BUDGET_MB:.0f} MB per chapter; details in {out}")
    return 0 if within else 1
