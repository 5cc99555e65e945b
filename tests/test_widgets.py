"""autograder.widgets: interactive in JupyterLab, drawn once with the controls' values when headless."""

from __future__ import annotations

import ipywidgets
import pytest

from autograder.widgets import headless, interact_or_draw_once


def test_headless_draws_once_with_the_controls_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    calls = []
    interact_or_draw_once(
        lambda z0, name, n: calls.append((z0, name, n)),
        z0=ipywidgets.FloatSlider(value=1.5, min=-3, max=3),
        name=ipywidgets.Dropdown(options=["sigmoid", "relu"], value="relu"),
        n=4,
    )
    assert calls == [(1.5, "relu", 4)]


def test_headless_is_set_by_either_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("COURSE_HEADLESS", raising=False)
    assert not headless()
    monkeypatch.setenv("COURSE_HEADLESS", "1")
    assert headless()


def test_with_a_front_end_it_is_ipywidgets_interact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("COURSE_HEADLESS", raising=False)
    seen = []
    monkeypatch.setattr(ipywidgets, "interact", lambda draw, **controls: seen.append(sorted(controls)))
    interact_or_draw_once(lambda z0: None, z0=ipywidgets.FloatSlider(value=0.0))
    assert seen == [["z0"]]
