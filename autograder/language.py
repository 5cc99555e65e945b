"""The language of the messages a learner reads: English, or Chinese in the 中文 edition.

A notebook says its language in its metadata (``course.language``, set by ``autograder.editions``).
In JupyterLab the kernel learns which notebook it runs from ``JPY_SESSION_NAME`` (set by Jupyter
Server) and reads that notebook's metadata; ``COURSE_LANGUAGE`` overrides it. The machine's
locale plays no part. Messages are written in English in the code, and ``say`` looks each one up
in the phrase book of the language (a phrase with no entry stays English).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

ZH = {
    # autograder.checks: what a failed or passed visible check says in the notebook
    "got None": "返回了 None",
    "did the function forget to `return` its result?": "函数是否忘了 `return` 结果？",
    "cannot be read as an array ({error})": "无法转换为数组（{error}）",
    "got: {value}": "得到：{value}",
    "expected numbers, got dtype {dtype}": "应为数值，得到的 dtype 是 {dtype}",
    "wrong shape": "形状不对",
    "expected shape: {shape}": "期望形状：{shape}",
    "got shape:      {shape}": "得到形状：{shape}",
    "expected: {value}": "期望：{value}",
    "got:      {value}": "得到：{value}",
    "{bad} of {size} entries differ (atol={atol:g}, rtol={rtol:g}); first:": (
        "{size} 个元素中有 {bad} 个不同（atol={atol:g}，rtol={rtol:g}）；最先几个："
    ),
    "  at {position}: expected {want:.8g}, got {got:.8g}": "  位置 {position}：期望 {want:.8g}，得到 {got:.8g}",
    "the result contains nan: look for 0/0, inf - inf or log of a negative number": (
        "结果中有 nan：检查 0/0、inf - inf 或对负数取对数"
    ),
    "values differ": "数值不同",
    "not equal": "不相等",
    "check failed": "检查未通过",
    "raised the wrong exception": "抛出的异常不对",
    "{exception} raised, but its message does not say what is wrong": "抛出了 {exception}，但异常信息没有说明错在哪里",
    "expected the message to match: {match}": "期望异常信息匹配：{match}",
    "did not raise {exception}": "没有抛出 {exception}",
    "it returned: {value}": "它返回了：{value}",
    "emitted {count} warning(s)": "发出了 {count} 个警告",
    "relative error {error:.3g} is above {tol:g}": "相对误差 {error:.3g} 超过 {tol:g}",
    "hint: {hint}": "提示：{hint}",
    "{name}: shape {shape}": "{name}：形状 {shape}",
    "{name} raises {exception}": "{name} 抛出 {exception}",
    "{name}: no warnings": "{name}：没有警告",
    "{name}: relative error {error:.1e}": "{name}：相对误差 {error:.1e}",
    # autograder.grading.judge: the judge's verdict, on the feedback page and in the self-check
    "{case} (hidden test)": "{case}（隐藏测试）",
    "all {count} cases passed": "全部 {count} 个用例通过",
    "  the kernel said: {detail}": "  内核输出：{detail}",
    "... and {count} more failing case(s)": "……另有 {count} 个用例未通过",
    "{missing} of the {total} cases were not recorded: the cell stopped before them": (
        "{total} 个用例中有 {missing} 个没有记录：单元格在运行到它们之前就停止了"
    ),
    "{missing} of the {total} cases were not recorded: the cell stopped without reaching them": (
        "{total} 个用例中有 {missing} 个没有记录：单元格没有运行到它们"
    ),
    "no cases recorded: the reference solution has none for this cell": (
        "没有记录任何用例：参考答案在这个单元格中没有用例"
    ),
    "not recorded: the cell stopped before this case (the error above)": (
        "没有记录：单元格在这个用例之前就停止了（见上面的错误）"
    ),
    "not recorded: the test never reached this case": "没有记录：测试没有运行到这个用例",
    "got None: did the function forget to `return` its result?": "得到 None：函数是否忘了 `return` 结果？",
    "not the same values (in any order)": "值不相同（不计顺序）",
    "not the same items (in any order)": "元素不相同（不计顺序）",
    "malformed record": "记录格式不正确",
}
PHRASES: dict[str, dict[str, str]] = {"en": {}, "zh": ZH}


def notebook_language(path: str) -> str:
    """``course.language`` of the notebook at ``path`` ("en" when unset or unreadable)."""
    try:
        with open(path, encoding="utf-8") as file:
            language = json.load(file).get("metadata", {}).get("course", {}).get("language", "en")
    except (OSError, ValueError, AttributeError):
        return "en"
    return language if language in PHRASES else "en"


@lru_cache(maxsize=1)
def language() -> str:
    """The language of this kernel's notebook (looked up once)."""
    chosen = os.environ.get("COURSE_LANGUAGE", "")
    if chosen in PHRASES:
        return chosen
    session = os.environ.get("JPY_SESSION_NAME", "")
    return notebook_language(session) if session.endswith(".ipynb") else "en"


def say(template: str, language_code: str | None = None, **fields: object) -> str:
    """``template`` in the language (this kernel's notebook's by default), its fields filled in."""
    book = PHRASES.get(language_code or language(), {})
    text = book.get(template, template)
    return text.format(**fields) if fields else text  # a phrase without fields may hold braces
