"""The 中文 edition: translations kept as data beside the English source, so the two never drift.

``solutions/`` stays the one source of truth. A chapter's translation is plain text in
``translations/zh/<chapter>.txt``, one entry per cell of the English *student* notebook
(``course/<chapter>/<name>.ipynb``), keyed by the cell's id and a fingerprint of its English text::

    @@@ c003 markdown 1a2b3c4d5e6f
    @@ en
    ## The weighted sum
    @@ zh
    ## 加权和

    @@@ c007 code 0a1b2c3d4e5f
    @@ en
    "weighted sum z"
    @@ zh
    "加权和 z"

A markdown entry holds the English text it translates and its translation. A code entry holds pairs
of string literals, each exactly as it is written in the cell (quotes and prefix included), and the
literal that replaces it: docstrings, hints, plot titles and labels, widget labels, printed prose.
Nothing else of a code cell changes, so code, names and numbers are the same in both editions
(``same_code`` proves it on the syntax tree). Case names of checks and records are never translated:
the judge compares cases by name.

When an English cell changes, its fingerprint no longer matches and the entry is *stale*; a cell
with no entry is *missing*. ``problems`` lists both (a test fails on any), and ``refresh`` writes
entries for new cells and moves code entries whose literals are all still there to the new
fingerprint, for the translator to finish in any editor.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from nbformat import NotebookNode

from autograder.notebooks import nbgrader_meta

LANGUAGES = {"en": "English", "zh": "中文"}
EDITIONS = ["zh"]  # the editions built from translations (English is the source itself)
HEADER = re.compile(r"^@@@ (?P<id>\S+) (?P<kind>markdown|code) (?P<sha>[0-9a-f]{12})$")
SECTION = re.compile(r"^@@ (?P<lang>en|zh)$")
# calls whose string arguments a reader sees: a translation is expected for them
LABEL_CALLS = {"set_title", "set_xlabel", "set_ylabel", "suptitle", "title", "xlabel", "ylabel", "set_label"}
LABEL_KEYWORDS = {"hint", "label", "description", "title", "xlabel", "ylabel"}
# calls whose positional strings are case names: never translated
NAMED_CASES = re.compile(r"^(check_\w+|record\w*)$")
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.S)


@dataclass
class Entry:
    """The translation of one English cell: ``pairs`` of (English, translation); one pair for markdown."""

    cell_id: str
    kind: str
    sha: str
    pairs: list[tuple[str, str]] = field(default_factory=list)


def fingerprint(text: str) -> str:
    """12 hex digits of the SHA-256 of a cell's English text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def language_of(nb: NotebookNode) -> str:
    """The notebook's language from its metadata (``course.language``); English when unset."""
    language = nb.metadata.get("course", {}).get("language", "en")
    return language if language in LANGUAGES else "en"


# -- the text file ---------------------------------------------------------------------------------


def read_entries(path: Path) -> dict[str, Entry]:
    """Entries by cell id from a translation file (an empty dict when the file does not exist)."""
    if not path.exists():
        return {}
    entries: dict[str, Entry] = {}
    entry: Entry | None = None
    language, english = "", ""
    lines: list[str] = []

    def close_section() -> None:
        nonlocal english
        text = "\n".join(lines).strip("\n")
        if entry is None or not language:
            return
        if language == "en":
            english = text
        else:
            entry.pairs.append((english, text))

    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        header, section = HEADER.match(line), SECTION.match(line)
        if header:
            close_section()
            entry = Entry(header["id"], header["kind"], header["sha"])
            if entry.cell_id in entries:
                raise ValueError(f"{path}:{number}: a second entry for cell {entry.cell_id}")
            entries[entry.cell_id] = entry
            language, lines = "", []
        elif section:
            close_section()
            if entry is None:
                raise ValueError(f"{path}:{number}: a section before the first @@@ header")
            language, lines = section["lang"], []
        elif language:
            lines.append(line)
    close_section()
    return entries


def write_entries(path: Path, entries: list[Entry]) -> None:
    """Write entries as text, in the order given (the notebook's order)."""
    chunks = []
    for entry in entries:
        chunk = [f"@@@ {entry.cell_id} {entry.kind} {entry.sha}"]
        for english, translated in entry.pairs:
            chunk += ["@@ en", english, "@@ zh", translated]
        chunks.append("\n".join(chunk))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")


# -- the strings of a code cell --------------------------------------------------------------------


def string_tokens(source: str) -> list[tokenize.TokenInfo]:
    """The string literal tokens of a cell's code (an empty list when it does not tokenize)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    return [token for token in tokens if token.type == tokenize.STRING]


def _call_name(node: ast.Call) -> str:
    """The name a call is made by: ``f`` of ``f(...)`` and of ``ax.f(...)``."""
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")


def _case_names(tree: ast.AST) -> set[tuple[int, int]]:
    """(line, column) of strings that name a case: positional arguments of check_* and record*."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if NAMED_CASES.match(_call_name(node)):
                found |= {(a.lineno, a.col_offset) for a in node.args if isinstance(a, (ast.Constant, ast.JoinedStr))}
    return found


def _expected(tree: ast.AST) -> set[tuple[int, int]]:
    """(line, column) of strings a reader sees and a translation is expected for: docstrings,
    hints, titles, axis and widget labels."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node) is not None:
            found.add((node.body[0].lineno, node.body[0].col_offset))
        if isinstance(node, ast.Call):
            if _call_name(node) in LABEL_CALLS:
                found |= {(a.lineno, a.col_offset) for a in node.args if isinstance(a, (ast.Constant, ast.JoinedStr))}
            for keyword in node.keywords:
                if keyword.arg in LABEL_KEYWORDS and isinstance(keyword.value, (ast.Constant, ast.JoinedStr)):
                    found.add((keyword.value.lineno, keyword.value.col_offset))
    return found


def _prose(literal: str) -> bool:
    """A literal a translator may want: it has letters (a label, a word, a sentence). Keys and
    mode names are offered too; the translator leaves them empty (English kept)."""
    text = re.sub(r"^[A-Za-z]{0,2}(\"\"\"|'\'\'|\"|')", "", literal)  # the prefix and opening quote
    text = re.sub(r"\{[^{}]*\}", "", text) if literal[:2].lower() in ('f"', "f'", "rf", "fr") else text
    return any(character.isalpha() for character in text)


def candidates(source: str) -> tuple[list[str], set[str]]:
    """The string literals of a code cell a translator may translate, in order, and those of them
    a translation is expected for. Hidden tests and case names are left out."""
    visible = HIDDEN.sub("", source)
    try:
        tree = ast.parse(visible)
    except SyntaxError:
        return [], set()
    names, expected = _case_names(tree), _expected(tree)
    offered: list[str] = []
    required: set[str] = set()
    for token in string_tokens(visible):
        position = token.start
        if position in names or token.string in offered:
            continue
        if position in expected and re.search(r"[A-Za-z]{2,}", token.string):
            required.add(token.string)
            offered.append(token.string)
        elif _prose(token.string):
            offered.append(token.string)
    return offered, required


def replace_strings(source: str, pairs: dict[str, str]) -> str:
    """The cell with every string literal that is a key of ``pairs`` replaced by its value."""
    lines = source.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    out, last = [], 0
    for token in string_tokens(source):
        if token.string in pairs and pairs[token.string] and pairs[token.string] != token.string:
            start = offsets[token.start[0] - 1] + token.start[1]
            end = offsets[token.end[0] - 1] + token.end[1]
            out += [source[last:start], pairs[token.string]]
            last = end
    return "".join(out) + source[last:]


class _Blank(ast.NodeTransformer):
    """Every string constant made empty: what is left is the code."""

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.Constant(value="") if isinstance(node.value, str) else node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        kept = [self.visit(v.value) for v in node.values if isinstance(v, ast.FormattedValue)]
        return ast.Tuple(elts=kept, ctx=ast.Load())


def same_code(english: str, translated: str) -> bool:
    """Whether two cells are the same code once every string is set aside (f-strings keep their
    expressions): the translation changed words only."""
    try:
        a, b = ast.parse(english), ast.parse(translated)
    except SyntaxError:
        return english == translated
    return ast.dump(_Blank().visit(a)) == ast.dump(_Blank().visit(b))


# -- a notebook ------------------------------------------------------------------------------------


def english_text(cell: NotebookNode) -> str:
    """What a cell's entry is keyed to: its text, without hidden tests."""
    return HIDDEN.sub("", cell.source) if cell.cell_type == "code" else cell.source


def problems(release: NotebookNode, entries: dict[str, Entry]) -> list[str]:
    """What keeps the translation from being complete and current: missing and stale entries,
    literals that are not in the cell, translations that change code."""
    found = []
    ids = set()
    for cell in release.cells:
        if cell.cell_type not in ("markdown", "code"):
            continue
        ids.add(cell.id)
        text = english_text(cell)
        entry = entries.get(cell.id)
        offered, required = candidates(text) if cell.cell_type == "code" else ([], set())
        if cell.cell_type == "code" and not offered:
            if entry is not None and entry.pairs:
                found.append(f"cell {cell.id}: translations for a cell with no strings to translate")
            continue
        if entry is None:
            found.append(f"cell {cell.id} ({cell.cell_type}): missing")
            continue
        if entry.sha != fingerprint(text) or entry.kind != cell.cell_type:
            found.append(f"cell {cell.id} ({cell.cell_type}): stale (the English changed since it was translated)")
            continue
        if cell.cell_type == "markdown":
            if len(entry.pairs) != 1 or not entry.pairs[0][1].strip():
                found.append(f"cell {cell.id} (markdown): missing")
            continue
        done = {english: zh for english, zh in entry.pairs if zh.strip()}
        for english in done:
            if english not in offered:
                found.append(f"cell {cell.id}: {english[:40]!r} is not a translatable string of the cell")
        for english in sorted(required - set(done)):
            found.append(f"cell {cell.id}: {english[:40]!r} is not translated")
        translated = replace_strings(text, done)
        if not same_code(text, translated):
            found.append(f"cell {cell.id}: the translation changes the code, not only its strings")
    for cell_id in sorted(set(entries) - ids):
        found.append(f"cell {cell_id}: an entry for a cell the notebook no longer has")
    return found


def translate(release: NotebookNode, entries: dict[str, Entry], language: str) -> NotebookNode:
    """The edition of a student notebook in ``language``: markdown and strings replaced where a
    current translation exists (the English stays where none does), nbgrader's checksums of locked
    cells recomputed, ``course.language`` set in the metadata."""
    from nbgrader.utils import compute_checksum

    nb = copy.deepcopy(release)
    for cell in nb.cells:
        entry = entries.get(cell.get("id", ""))
        if entry is None or entry.sha != fingerprint(english_text(cell)) or entry.kind != cell.cell_type:
            continue
        if cell.cell_type == "markdown" and entry.pairs and entry.pairs[0][1].strip():
            cell.source = entry.pairs[0][1]
        elif cell.cell_type == "code":
            cell.source = replace_strings(cell.source, {en: zh for en, zh in entry.pairs if zh.strip()})
        meta = nbgrader_meta(cell)
        if meta.get("checksum"):
            meta["checksum"] = compute_checksum(cell)
    nb.metadata.setdefault("course", {})["language"] = language
    return nb


def refresh(release: NotebookNode, entries: dict[str, Entry]) -> list[Entry]:
    """Entries for every cell of the notebook, in its order: current ones kept; a new markdown cell
    gets its English and an empty translation; a code cell gets every string it offers (empty when
    not yet translated), keeping earlier translations of literals that are still there. A markdown
    entry whose English changed keeps its old English and translation (still stale) for the
    translator to compare."""
    out = []
    for cell in release.cells:
        if cell.cell_type not in ("markdown", "code"):
            continue
        text = english_text(cell)
        old = entries.get(cell.id)
        if cell.cell_type == "markdown":
            out.append(old if old is not None else Entry(cell.id, "markdown", fingerprint(text), [(text, "")]))
            continue
        offered, _ = candidates(text)
        if not offered:
            continue
        known = dict(old.pairs) if old is not None else {}
        out.append(Entry(cell.id, "code", fingerprint(text), [(s, known.get(s, "")) for s in offered]))
    return out


def translation_file(root: Path, chapter: str, language: str) -> Path:
    return root / "translations" / language / f"{chapter}.txt"


def chapter_entries(root: Path, chapter: str, language: str) -> dict[str, Entry]:
    """The entries of a chapter's translation into ``language`` (none when it has no file yet)."""
    return read_entries(translation_file(root, chapter, language))


def edition_folder(root: Path, language: str) -> Path:
    """Where an edition's student notebooks go: ``course/`` for English, ``course/<language>/``."""
    return root / "course" if language == "en" else root / "course" / language
