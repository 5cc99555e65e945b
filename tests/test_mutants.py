"""Gate e: every plausible wrong implementation in tests/mutants/<chapter>/ loses points.

Each chapter's mutants run in one kernel (see autograder.mutants). Every exercise function needs
at least MIN_MUTANTS mistakes in its catalogue.
"""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import CHAPTERS, REPO, source_notebook

from autograder.mutants import load_mutants, report, run_mutants
from autograder.notebooks import exercise_functions, read_notebook

MIN_MUTANTS = 3


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_catalogue_covers_every_exercise(chapter: str) -> None:
    mutants = load_mutants(REPO / "tests" / "mutants" / chapter)
    counts = Counter(name for mutant in mutants for name in mutant.functions)
    exercises = exercise_functions(read_notebook(source_notebook(chapter)))
    thin = {name: counts[name] for name in exercises if counts[name] < MIN_MUTANTS}
    assert not thin, f"exercises with fewer than {MIN_MUTANTS} mutants: {thin}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_mutant_loses_points(chapter: str) -> None:
    mutants = load_mutants(REPO / "tests" / "mutants" / chapter)
    problems, results = run_mutants(source_notebook(chapter), mutants)
    text = report(problems, results)
    print(text)
    assert not problems, text
    missed = [result.mutant.name for result in results if not result.caught]
    assert not missed, f"mutants the tests do not catch: {missed}\n{text}"
