"""Small pieces shared by the exports of every question type: GIFT escaping, text2qti text, QTI and Moodle XML elements."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..text import cite, to_html

__all__ = [
    "QTI_NS",
    "arrowless",
    "gift_escape",
    "gift_feedback",
    "moodle_answer",
    "moodle_question",
    "moodle_text",
    "number",
    "qti_el",
    "qti_matching_item",
    "qti_mattext",
    "sources",
    "t2q",
    "weight",
]

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"

_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters (``~ = # { } :`` and backslash); new lines become ``\\n``."""
    return _GIFT_SPECIAL.sub(r"\\\1", text.strip()).replace("\r\n", "\n").replace("\n", r"\n")


def gift_feedback(text: str) -> str:
    """An option's GIFT feedback (``#...``), escaped."""
    return f"#{gift_escape(text)}"


def number(x: float) -> str:
    """A number without a trailing '.0' or exponent: 0.3, 12, 1.25."""
    return format(Decimal(repr(x)).normalize(), "f")


def weight(n: int) -> str:
    """100/n as a percentage weight with at most five decimals (Moodle's grade list)."""
    return f"{100 / n:.5f}".rstrip("0").rstrip(".")


def sources(refs: Iterable[str]) -> str:
    """'Sources: Wells et al. 2003; NICE 2020.' or '' when there are none."""
    refs = tuple(refs)
    return f"Sources: {cite(refs)}." if refs else ""


def t2q(text: str, indent: int) -> str:
    """Text for text2qti: dollar signs escaped (no LaTeX), continuation lines indented."""
    text = text.strip().replace("\\", "\\\\").replace("$", "\\$")
    pad = " " * indent
    return ("\n" + pad).join(line.strip() or "" for line in text.splitlines())


def qti_el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A QTI 1.2 child element; a trailing underscore in an attribute name is dropped (``continue_``)."""
    e = ET.SubElement(parent, f"{{{QTI_NS}}}{tag}", {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        e.text = text
    return e


def qti_mattext(parent: ET.Element, text: str) -> None:
    """A QTI ``material`` holding plain text."""
    material = qti_el(parent, "material")
    qti_el(material, "mattext", text, texttype="text/plain")


def moodle_text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    """A Moodle XML element holding ``<text>`` in HTML format (content text rendered by ``to_html``)."""
    e = ET.SubElement(parent, tag, {"format": "html", **attrs})
    ET.SubElement(e, "text").text = to_html(text) if text.strip() else ""
    return e


def moodle_question(
    question: Any, moodle_type: str, prompt: str, feedback: Iterable[str]
) -> ET.Element:
    """The common head of a Moodle XML question: name, text, general feedback with full references, grade, id."""
    from ..content.references import load_references

    q = ET.Element("question", {"type": moodle_type})
    ET.SubElement(ET.SubElement(q, "name"), "text").text = question.id
    moodle_text(q, "questiontext", prompt)
    refs = load_references()
    items = "".join(
        f"<li>{html.escape(refs[r].citation() if r in refs else r)}</li>"
        for r in question.references
    )
    lines = "".join(f"<p>{to_html(line)}</p>" for line in feedback if line.strip())
    general = ET.SubElement(q, "generalfeedback", {"format": "html"})
    ET.SubElement(
        general, "text"
    ).text = f"{lines}<p>Sources: {html.escape(cite(question.references))}.</p><ol>{items}</ol>"
    ET.SubElement(q, "defaultgrade").text = "1"
    ET.SubElement(q, "penalty").text = "0.3333333"
    ET.SubElement(q, "hidden").text = "0"
    ET.SubElement(q, "idnumber").text = question.id
    return q


def moodle_answer(
    parent: ET.Element, fraction: str, text: str, feedback: str | None = None
) -> ET.Element:
    """A Moodle XML ``answer`` with its text and, if given, its own feedback."""
    answer = moodle_text(parent, "answer", text, fraction=fraction)
    if feedback is not None:
        moodle_text(answer, "feedback", feedback)
    return answer


def qti_matching_item(
    question: Any,
    prompt: str,
    pairs: list[tuple[str, str]],
    targets: list[str],
    general_feedback: str,
) -> ET.Element:
    """A Canvas-style QTI 1.2 ``matching_question`` item: one drop-down per left text, scored pair by pair."""
    qid = question.id
    item = ET.Element(f"{{{QTI_NS}}}item", {"ident": f"kneelib-{qid}", "title": qid})
    meta = qti_el(qti_el(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", "matching_question"), ("points_possible", "1.0")):
        field = qti_el(meta, "qtimetadatafield")
        qti_el(field, "fieldlabel", label)
        qti_el(field, "fieldentry", entry)
    pres = qti_el(item, "presentation")
    qti_mattext(pres, prompt)
    target_ids = {t: f"{qid}-c{k}" for k, t in enumerate(targets, start=1)}
    for k, (text, _) in enumerate(pairs, start=1):
        lid = qti_el(pres, "response_lid", ident=f"response_{qid}-i{k}")
        qti_mattext(lid, text)
        render = qti_el(lid, "render_choice")
        for t in targets:
            label = qti_el(render, "response_label", ident=target_ids[t])
            qti_mattext(label, t)
    proc = qti_el(item, "resprocessing")
    outcomes = qti_el(proc, "outcomes")
    qti_el(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    share = f"{100 / len(pairs):.2f}"
    for k, (_, target) in enumerate(pairs, start=1):
        # continue="Yes": QTI's default "No" would stop scoring after the first right pair.
        cond = qti_el(proc, "respcondition", continue_="Yes")
        var = qti_el(cond, "conditionvar")
        qti_el(var, "varequal", target_ids[target], respident=f"response_{qid}-i{k}")
        qti_el(cond, "setvar", share, varname="SCORE", action="Add")
    cond = qti_el(proc, "respcondition", continue_="Yes")
    qti_el(qti_el(cond, "conditionvar"), "other")
    qti_el(cond, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    feedback = qti_el(item, "itemfeedback", ident="general_fb")
    qti_mattext(qti_el(feedback, "flow_mat"), general_feedback)
    return item


def arrowless(text: str) -> str:
    """GIFT's matching arrow '->' inside a text becomes '→'."""
    return text.replace("->", "→")
