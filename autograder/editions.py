"""Build the course's editions: ``course/zh/<chapter>/<name>.ipynb`` from the English student
notebook in ``course/`` and the chapter's translation (``translations/zh/<chapter>.txt``).

``make release`` runs nbgrader's ``generate_assignment`` for every chapter (the English student
notebooks and the gradebook), then ``python -m autograder editions``. An edition keeps the file
name, cell ids, nbgrader metadata and code of the English notebook, so nbgrader grades it as the
same assignment, with the same tests, into the same gradebook.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from autograder import translation
from autograder.notebooks import read_notebook


def chapters(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def student_notebook(root: Path, chapter: str) -> Path:
    """The English student notebook of a chapter (its name is the instructor notebook's)."""
    source = next((root / "solutions" / chapter).glob("*.ipynb"))
    return root / "course" / chapter / source.name


def build_edition(root: Path, chapter: str, language: str) -> tuple[nbformat.NotebookNode, list[str]]:
    """A chapter's notebook in ``language`` and what is missing or stale in its translation."""
    release = read_notebook(student_notebook(root, chapter))
    entries = translation.chapter_entries(root, chapter, language)
    return translation.translate(release, entries, language), translation.problems(release, entries)


def edition_path(root: Path, chapter: str, language: str) -> Path:
    return translation.edition_folder(root, language) / chapter / student_notebook(root, chapter).name


def write_editions(root: Path, languages: list[str] | None = None) -> int:
    """Write every chapter of every edition; print a line per chapter with what is incomplete."""
    incomplete = 0
    for language in languages or translation.EDITIONS:
        for chapter in chapters(root):
            nb, problems = build_edition(root, chapter, language)
            path = edition_path(root, chapter, language)
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, path)
            state = "complete" if not problems else f"{len(problems)} cells or strings missing or stale"
            print(f"{language} {chapter}: {path.relative_to(root)} ({state})")
            incomplete += bool(problems)
    return incomplete


def refresh_translation(root: Path, chapter: str, language: str) -> tuple[Path, list[str]]:
    """Bring a chapter's translation file up to its English notebook (see translation.refresh)."""
    release = read_notebook(student_notebook(root, chapter))
    path = translation.translation_file(root, chapter, language)
    entries = translation.refresh(release, translation.chapter_entries(root, chapter, language))
    translation.write_entries(path, entries)
    return path, translation.problems(release, {e.cell_id: e for e in entries})


class TranslateRelease(NbGraderPreprocessor):  # type: ignore[misc]
    """The last step of ``nbgrader generate_assignment`` for a class of another edition
    (``COURSE_EDITION=zh``, set by ``make hub HUB_EDITION=zh``): formgrader's *Generate* writes the
    translated student notebook, as ``make release`` does. The gradebook keeps the English source:
    the tests are the same."""

    language = Unicode("en", help="the edition the release is written in").tag(config=True)

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict) -> tuple[nbformat.NotebookNode, dict]:
        if self.language == "en":
            return nb, resources
        root = Path(CourseDirectory(config=self.config).root)
        chapter = resources["nbgrader"]["assignment"]
        entries = translation.chapter_entries(root, chapter, self.language)
        return translation.translate(nb, entries, self.language), resources
