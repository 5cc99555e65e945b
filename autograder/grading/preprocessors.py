"""nbgrader preprocessors of the course's autograde and feedback pipelines (named in ``nbgrader_config.py``).

Plain ``nbgrader autograde`` and ``python -m autograder grade`` run exactly this pipeline:

* ``GuardedExecute`` (in place of nbgrader's ``Execute``): each kernel in the sandbox; at most
  ``max_output_bytes`` of output per cell (records counted apart); a cell that kills the kernel, or
  leaves it unresponsive after an interrupt, is recorded, skipped (it gets an error and loses its
  points, also when it is a graded test cell) and the notebook is run again from the start in a
  fresh kernel, so the rest is still graded. A kernel that cannot start fails the notebook with
  nbgrader's error, never touching any file.
* ``JudgeRecords``: the score. Every graded cell is judged outside the kernel (``judge.py``): its
  records against the reference solution's. A cell that fails the judge gets an error output in
  front of its outputs, so nbgrader's own ``SaveAutoGrades`` (and so the gradebook, formgrader and
  ``nbgrader export``) scores it 0; the judge's verdict goes into the cell's metadata
  (``autograder.judge``) for the feedback page and the reports.

* ``DefangStudentHtml``: what the student wrote can be read in formgrader and on the feedback page
  but not run there: outputs keep text and pictures only (no HTML, SVG or script), and a markdown
  cell the student changed is shown as plain text.

``nbgrader generate_feedback`` runs ``FeedbackFromJudge``: a feedback page shows no output of the
grading run (student code ran there and saw the hidden tests, so anything it printed could carry
them, encoded), but the outputs of the student's own run as submitted, and under each test cell
the judge's verdict.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer

from autograder.grading import zygote
from autograder.grading.judge import CellVerdict, is_record, judge_cell
from autograder.grading.reference import cache_folder, reference_records
from autograder.grading.sandbox import cleanup_all
from autograder.notebooks import is_grade_cell, nbgrader_meta, read_notebook
from autograder.record import MIME
from autograder.translation import language_of

CRASH_SOURCE = "raise RuntimeError({message!r})"
CRASH_MESSAGE = "The grader skipped this cell: running it {reason}. Fix it and test it with Kernel → Restart & Run All."
OUTPUT_CUT = "\n[output cut: {what} printed more than {limit} bytes]\n"
JUDGED = "TestFailed"  # the ename of the error output the judge puts in front of a failed cell's outputs


class KernelUnresponsive(RuntimeError):
    """The kernel did not come back after an interrupt."""


class GuardedExecute(Execute):  # type: ignore[misc]
    """nbgrader's Execute in the sandbox, with an output cap and crash recovery."""

    max_output_bytes = Integer(1_000_000, help="output one cell may produce").tag(config=True)
    max_notebook_bytes = Integer(20_000_000, help="output the whole notebook may produce").tag(config=True)
    max_record_bytes = Integer(32_000_000, help="records one graded cell may produce").tag(config=True)
    max_notebook_records = Integer(128_000_000, help="records the whole notebook may produce").tag(config=True)
    max_crashes = Integer(3, help="kernel-killing cells skipped before giving up").tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from autograder.grading.sandbox import SandboxedKernelManager

        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)
        self.extra_arguments = ["--HistoryManager.hist_file=:memory:"]
        # the grader drops oversized output messages (sandbox.MAX_MESSAGE_BYTES): a cell whose
        # flood of output lost its last message ("idle") is finished, not a dead kernel
        self.raise_on_iopub_timeout = False

    def preprocess(self, nb: NotebookNode, resources: Any, km: Any = None) -> tuple[NotebookNode, Any]:
        originals = {i: cell.source for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}
        crashed: dict[int, str] = {}
        while True:
            for index, source in originals.items():
                cell = nb.cells[index]
                if index in crashed:
                    cell.source = CRASH_SOURCE.format(message=CRASH_MESSAGE.format(reason=crashed[index]))
                else:
                    cell.source = source
            self._index = -1
            try:
                nb, resources = super().preprocess(nb, resources, km=km)
                break
            except (DeadKernelError, KernelUnresponsive, CellTimeoutError, RuntimeError) as error:
                if zygote.active_folder() is not None and isinstance(error, (DeadKernelError, RuntimeError)):
                    # a forked kernel died: never blame the student for the zygote, run it all again
                    # in kernels started the ordinary way (this nbgrader process grades one student)
                    self.log.warning("a forked kernel died (%s); the notebook runs again unforked", error)
                    os.environ[zygote.FORK_SWITCH] = "off"
                    continue
                if not isinstance(error, (DeadKernelError, KernelUnresponsive, CellTimeoutError)):
                    raise
                if self._index < 0:
                    raise RuntimeError(f"the kernel could not start: {error}") from error
                reason = (
                    "killed the Python kernel"
                    if isinstance(error, DeadKernelError)
                    else ("left the kernel unresponsive, even to an interrupt")
                )
                self.log.warning("cell %d %s; it is skipped and the notebook run again", self._index + 1, reason)
                crashed[self._index] = reason
                if len(crashed) > self.max_crashes:
                    raise
            finally:  # a kernel that died can escape nbclient's own shutdown: leave nothing behind
                cleanup_all()
        for index, source in originals.items():
            nb.cells[index].source = source
        nb.metadata.setdefault("autograder", {})["crashed"] = [
            {"cell": index + 1, "grade_id": nbgrader_meta(nb.cells[index]).get("grade_id", ""), "reason": reason}
            for index, reason in sorted(crashed.items())
        ]
        return nb, resources

    async def async_start_new_kernel_client(self) -> Any:
        """The kernel is up (it made its sockets, no student code has run): seal its folder."""
        client = await super().async_start_new_kernel_client()
        seal = getattr(self.km, "seal", None)
        if seal is not None:
            seal()
        return client

    start_new_kernel_client = run_sync(async_start_new_kernel_client)  # nbclient binds the base method

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> Any:
        self._index = index
        self._output_bytes = 0
        self._record_bytes = 0
        return super().preprocess_cell(cell, resources, index)

    def _update_display_id(self, display_id: str, msg: dict[str, Any]) -> None:
        """Updates of an earlier output by its display id are not kept: they would bypass the caps."""

    def output(self, outs: list[NotebookNode], msg: dict[str, Any], display_id: Any, cell_index: int) -> Any:
        """Keep an output within the caps; what a flood sends beyond them is dropped, uncounted, so a
        cell that printed too much costs the later cells (and their records) nothing."""
        size = len(str(msg.get("content", "")))
        data = msg.get("content", {}).get("data")
        if isinstance(data, dict) and MIME in data:  # a record: its own budget, apart from printed output
            self._record_bytes = getattr(self, "_record_bytes", 0) + size
            self._notebook_record_bytes = getattr(self, "_notebook_record_bytes", 0) + size
            if self._record_bytes > self.max_record_bytes or self._notebook_record_bytes > self.max_notebook_records:
                return None
            return super().output(outs, msg, display_id, cell_index)
        printed = getattr(self, "_output_bytes", 0) + size
        total = getattr(self, "_notebook_bytes", 0) + size
        if printed > self.max_output_bytes or total > self.max_notebook_bytes:
            cell_cut = printed > self.max_output_bytes
            what, limit = (
                ("this cell", self.max_output_bytes) if cell_cut else ("the notebook", self.max_notebook_bytes)
            )
            note = OUTPUT_CUT.format(what=what, limit=limit)
            if not outs or outs[-1].get("text") != note:
                outs.append(NotebookNode(output_type="stream", name="stdout", text=note))
            return None
        self._output_bytes, self._notebook_bytes = printed, total
        return super().output(outs, msg, display_id, cell_index)

    async def _async_handle_timeout(self, timeout: int, cell: NotebookNode | None = None) -> Any:
        reply = await super()._async_handle_timeout(timeout, cell)
        # after the interrupt, the kernel must answer within a few seconds or it is given up on
        assert self.kc is not None
        try:
            self.kc.kernel_info()
            await self._wait_kernel_info(15)
        except Exception as error:
            raise KernelUnresponsive(str(error)) from error
        return reply

    async def _wait_kernel_info(self, seconds: float) -> None:
        import time

        assert self.kc is not None
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer after the interrupt")
            msg = await self.kc._async_get_shell_msg(timeout=left)
            if msg["msg_type"] == "kernel_info_reply":
                return


def source_notebook(config: Any, resources: Any) -> Path:
    """The source (instructor) notebook of the notebook being processed, from the course's config."""
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    meta = resources["nbgrader"]
    folder = coursedir.format_path(coursedir.source_directory, ".", meta["assignment"])
    return Path(folder) / f"{meta['notebook']}.ipynb"


class JudgeRecords(NbGraderPreprocessor):  # type: ignore[misc]
    """Score every graded cell by the judge: its records against the reference solution's."""

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        source = source_notebook(self.config, resources)
        reference = reference_records(source, cache_folder(source.parents[2]))
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            if is_grade_cell(cell):
                grade_id = str(nbgrader_meta(cell).get("grade_id", ""))
                apply_verdict(cell, judge_cell(grade_id, reference.get(grade_id), cell.outputs), language_of(nb))
            else:  # a record outside a graded cell means nothing
                cell.outputs = [output for output in cell.outputs if not is_record(output)]
        return nb, resources


def apply_verdict(cell: NotebookNode, verdict: CellVerdict, language: str = "en") -> None:
    """Put the judge's verdict where nbgrader scores and the feedback page read it.

    Records and any ``execute_result`` (which nbgrader would read as partial credit) leave the
    cell; a failed cell gets the judge's error in front of its outputs (nbgrader scores it 0).
    """
    outputs = [o for o in cell.outputs if not is_record(o) and o.get("output_type") != "execute_result"]
    if not verdict.passed:
        message = verdict.message(for_instructor=True, language=language)
        error = NotebookNode(output_type="error", ename=JUDGED, evalue=message, traceback=message.splitlines())
        outputs.insert(0, error)
    cell.outputs = outputs
    cell.metadata["autograder"] = {"judge": verdict.to_dict()}


class DefangStudentHtml(NbGraderPreprocessor):  # type: ignore[misc]
    """Nothing of the student's runs as HTML where an instructor reads it (formgrader, feedback).

    Formgrader and feedback pages are opened in a browser logged in to Jupyter; a script in a
    student's output or markdown would run there with the instructor's rights.
    """

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        course_text = {cell.source for cell in read_notebook(source_notebook(self.config, resources)).cells}
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = [safe for output in cell.outputs if (safe := inert(output)) is not None]
            elif cell.cell_type in ("markdown", "raw") and cell.source not in course_text:
                cell.cell_type, cell.source = "markdown", as_plain_text(cell.source)
                cell.metadata.pop("format", None)
                cell.metadata.pop("raw_mimetype", None)
        return nb, resources


def as_plain_text(markdown: str) -> str:
    """A student's markdown shown as it was typed: a fenced block renders nothing as HTML."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", markdown)), default=0))
    return f"*(a text cell the student wrote or changed, shown as typed)*\n\n{fence}\n{markdown}\n{fence}"


class FeedbackFromJudge(NbGraderPreprocessor):  # type: ignore[misc]
    """A feedback page's outputs: the student's own as submitted, and the judge's verdicts.

    Nothing the grading run printed reaches the page: under each graded cell stands the judge's
    message (from the reference's records and the judge's rendering of numbers), under every
    other code cell what the student's own run showed when they submitted (matched by cell id,
    else by position and source), or nothing.
    """

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        submitted = self.submitted_outputs(nb, resources)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            cell.execution_count = None
            if is_grade_cell(cell):
                cell.outputs = [verdict_output(cell)]
            else:
                cell.outputs = submitted.get(index, [])
        return nb, resources

    def submitted_outputs(self, nb: NotebookNode, resources: Any) -> dict[int, list[NotebookNode]]:
        """index of a cell of ``nb`` -> the outputs the same cell had in the submitted notebook."""
        from nbgrader.coursedir import CourseDirectory

        coursedir = CourseDirectory(config=self.config)
        meta = resources["nbgrader"]
        folder = coursedir.format_path(coursedir.submitted_directory, meta["student"], meta["assignment"])
        try:
            submitted = read_notebook(Path(folder) / f"{meta['notebook']}.ipynb")
        except Exception:  # gone, or unreadable: a page without the student's outputs
            return {}
        by_id = {cell.get("id"): cell for cell in submitted.cells if cell.get("id")}
        found: dict[int, list[NotebookNode]] = {}
        for index, cell in enumerate(nb.cells):
            twin = by_id.get(cell.get("id"))
            if twin is None and index < len(submitted.cells):
                twin = submitted.cells[index]
            if twin is not None and twin.cell_type == "code" and twin.source == cell.source:
                found[index] = [safe for o in twin.get("outputs", []) if (safe := inert(o)) is not None]
        return found


SAFE_MIME = ("text/plain", "image/png", "image/jpeg")  # what a feedback page shows of a student's output


def inert(output: NotebookNode) -> NotebookNode | None:
    """A student's output as a feedback page may show it: text and pictures, never HTML, SVG or
    scripts (the page may be opened in the instructor's Jupyter, where a script would act as them)."""
    if is_record(output):
        return None
    if output.get("output_type") not in ("display_data", "execute_result"):
        return output  # stream and error outputs are text, escaped by the exporter
    data = {key: value for key, value in output.get("data", {}).items() if key in SAFE_MIME}
    if not data:
        return None
    # no metadata: the exporter writes an image's width and height into the tag as they are given
    return NotebookNode({**output, "data": data, "metadata": {}})


def verdict_output(cell: NotebookNode) -> NotebookNode:
    """The judge's verdict on a graded cell as the text shown under it on the feedback page."""
    judge = cell.get("metadata", {}).get("autograder", {}).get("judge")
    if not isinstance(judge, dict):
        text = "This test was not judged (the notebook was graded before the judge existed, or not at all)."
    elif judge.get("passed"):
        text = f"✓ passed: {judge.get('message', '')}"
    else:
        text = f"✗ {judge.get('message', '')}"
    return NotebookNode(output_type="stream", name="stdout", text=text + "\n")
