"""nbgrader preprocessors of the course's autograde pipeline (named in ``nbgrader_config.py``).

Plain ``nbgrader autograde`` and ``python -m autograder grade`` run exactly this pipeline:

* ``GuardedExecute`` (in place of nbgrader's ``Execute``): each kernel in the sandbox; before every
  graded test cell, fresh checks (``autograder.guard``); at most ``max_output_bytes`` of output per
  cell; a cell that kills the kernel, or leaves it unresponsive after an interrupt, is recorded,
  skipped (it gets an error and loses its points, also when it is a graded test cell) and the
  notebook is run again from the start in a fresh kernel, so the rest is still graded. A kernel
  that cannot start fails the notebook with nbgrader's error, never touching any file.
* ``RedactHiddenTests``: any line of a hidden test that appears in an output (printed by student
  code that reads the history, or in a traceback) is replaced, so feedback never shows hidden tests.
"""

from __future__ import annotations

import ast
import os
import re
from typing import Any

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer

from autograder.grading import zygote
from autograder.grading.sandbox import cleanup_all
from autograder.notebooks import HIDDEN_BEGIN, HIDDEN_END, is_grade_cell, nbgrader_meta

CRASH_SOURCE = "raise RuntimeError({message!r})"
CRASH_MESSAGE = "The grader skipped this cell: running it {reason}. Fix it and test it with Kernel → Restart & Run All."
GUARD_LINE = "__import__('autograder.guard').guard.before_graded_cell(globals(), {names!r})  # fresh checks\n"
REDACTED = "[hidden test]"
OUTPUT_CUT = "\n[output cut: this cell printed more than {limit} bytes]\n"


class KernelUnresponsive(RuntimeError):
    """The kernel did not come back after an interrupt."""


def check_names(nb: NotebookNode) -> tuple[str, ...]:
    """Names the locked (trusted) cells import from autograder.checks, and module aliases of it."""
    names: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code" or not nbgrader_meta(cell).get("locked") or is_grade_cell(cell):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "autograder.checks":
                names += [alias.asname or alias.name for alias in node.names if alias.name != "*"]
            elif isinstance(node, ast.ImportFrom) and node.module == "autograder":
                names += [alias.asname or alias.name for alias in node.names if alias.name == "checks"]
    return tuple(dict.fromkeys(names))


class GuardedExecute(Execute):  # type: ignore[misc]
    """nbgrader's Execute in the sandbox, with fresh checks, an output cap and crash recovery."""

    max_output_bytes = Integer(1_000_000, help="output one cell may produce").tag(config=True)
    max_crashes = Integer(3, help="kernel-killing cells skipped before giving up").tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from autograder.grading.sandbox import SandboxedKernelManager

        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)
        self.extra_arguments = [
            "--HistoryManager.hist_file=:memory:",
            "--InteractiveShellApp.exec_lines=['import autograder.guard']",
        ]

    def preprocess(self, nb: NotebookNode, resources: Any, km: Any = None) -> tuple[NotebookNode, Any]:
        names = check_names(nb)
        originals = {i: cell.source for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}
        crashed: dict[int, str] = {}
        while True:
            for index, source in originals.items():
                cell = nb.cells[index]
                if index in crashed:
                    cell.source = CRASH_SOURCE.format(message=CRASH_MESSAGE.format(reason=crashed[index]))
                elif is_grade_cell(cell):
                    cell.source = GUARD_LINE.format(names=names) + source
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

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> Any:
        self._index = index
        self._output_bytes = 0
        return super().preprocess_cell(cell, resources, index)

    def output(self, outs: list[NotebookNode], msg: dict[str, Any], display_id: Any, cell_index: int) -> Any:
        size = len(str(msg.get("content", "")))
        self._output_bytes = getattr(self, "_output_bytes", 0) + size
        if self._output_bytes > self.max_output_bytes:
            note = OUTPUT_CUT.format(limit=self.max_output_bytes)
            if not outs or outs[-1].get("text") != note:
                outs.append(NotebookNode(output_type="stream", name="stdout", text=note))
            return None
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


class RedactHiddenTests(NbGraderPreprocessor):  # type: ignore[misc]
    """Replace any hidden-test line that shows up in an output (feedback must not reveal them)."""

    min_length = Integer(12, help="shorter lines (an `else:`) are not secret").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        secret = {HIDDEN_BEGIN, HIDDEN_END}
        for cell in nb.cells:
            if is_grade_cell(cell) and HIDDEN_BEGIN in cell.source:
                inside = False
                for line in cell.source.splitlines():
                    if HIDDEN_BEGIN in line or HIDDEN_END in line:
                        inside = HIDDEN_BEGIN in line
                    elif inside and len(line.strip()) >= self.min_length:
                        secret.add(line.strip())
        pattern = re.compile("|".join(re.escape(s) for s in sorted(secret, key=len, reverse=True)))
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                _redact(output, pattern)
        return nb, resources


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _redact(node: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(node, str):
        plain = ANSI.sub("", node)  # tracebacks colour the code token by token
        return pattern.sub(REDACTED, plain) if pattern.search(plain) else node
    if isinstance(node, list):
        for i, item in enumerate(node):
            node[i] = _redact(item, pattern)
    elif isinstance(node, dict):
        for key in list(node):
            node[key] = _redact(node[key], pattern)
    return node
