"""Safe display of content text: escape everything, then allow a tiny subset."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable

__all__ = ["cite", "format_lr", "to_html"]

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])", re.S)


def to_html(text: str) -> str:
    """Escape ``text`` for HTML, then render **bold**, *italics* and line breaks."""
    out = html.escape(text.strip(), quote=True)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    out = _ITALIC.sub(r"<em>\1</em>", out)
    return out.replace("\n", "<br>")


def cite(ref_ids: Iterable[str]) -> str:
    """Short labels for reference ids, e.g. 'Wells et al. 2003; NICE 2020' (plain text)."""
    from .citing import note_cited
    from .content.references import load_references

    ref_ids = list(ref_ids)
    note_cited(ref_ids)
    refs = load_references()
    labels = []
    for ref_id in ref_ids:
        ref = refs.get(ref_id)
        labels.append(ref.short() if ref else ref_id)
    return "; ".join(dict.fromkeys(labels))


def format_lr(lr: float) -> str:
    """A likelihood ratio for students: '4.00', '0.12', '12.3', '0' or 'infinite'."""
    if math.isinf(lr):
        return "infinite"
    if lr == 0:
        return "0"
    return f"{lr:.2f}" if lr < 10 else f"{lr:.1f}"
