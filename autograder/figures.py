"""Figures that can say things in Chinese: the 中文 edition's titles and labels need a CJK font.

``use_course_fonts()`` (called by every chapter's setup cell) puts a CJK font, where one is
installed, in front of matplotlib's default font, in both editions alike: the CJK font has Latin
letters and digits too, and it must come first because text around ``$math$`` in a label is drawn
with the first font only, without falling back. Where none is installed nothing changes (and
nothing is written to stderr): the English edition needs none.
"""

from __future__ import annotations

import matplotlib
from matplotlib import font_manager

# in order of preference: Noto (Debian's fonts-noto-cjk, conda-forge's font-ttf-noto-cjk), then others
CJK_FAMILIES = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei"]


def cjk_family() -> str | None:
    """The first installed font family of ``CJK_FAMILIES``, or None."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


def use_course_fonts() -> list[str]:
    """Set matplotlib's font list to the CJK font then DejaVu Sans; return the list."""
    family = cjk_family()
    fonts = ([family] if family else []) + ["DejaVu Sans"]
    matplotlib.rcParams["font.family"] = fonts  # a list: matplotlib falls back glyph by glyph
    return fonts
