"""Export the question bank for other learning platforms: Moodle GIFT and IMS QTI 1.2 (Canvas and others).

Pure logic: functions return text or bytes; the command line writes them.

How each question type is carried over:

=========  =====================================  ============================================
type       GIFT (Moodle)                          QTI 1.2 (text2qti + kneelib)
=========  =====================================  ============================================
single     multiple choice, one ``=`` answer       multiple_choice_question (text2qti)
multiple   ``~%w%`` weights: each right option     multiple_answers_question (text2qti);
           +100/n %, each wrong one -100/n %       Canvas scores it its own way
           (the same rule as kneelib's)
numeric    ``{#=answer:tolerance}``                numerical_question, answer +- tolerance
matching   matching ``=item -> choice``; unused    matching_question (written by kneelib)
           choices as ``= -> choice`` distractors
ordering   matching ``item -> position N``         matching_question, item -> position N
=========  =====================================  ============================================

Feedback: every option's explanation becomes that option's feedback where the
format has a place for it; the rest (numeric too low / too high, matching
explanations, sources) goes into the question's general feedback.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Mapping
from decimal import Decimal

from .content.questions import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    QuizFile,
    SingleChoice,
)
from .errors import KneelibError
from .text import cite

__all__ = ["QTI_NS", "LmsError", "gift_escape", "to_gift", "to_qti_zip", "to_text2qti"]

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"


class LmsError(KneelibError):
    """The question bank cannot be exported in this format."""


# ---------------------------------------------------------------- GIFT
_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters (``~ = # { } :`` and backslash); new lines become ``\\n``."""
    return _GIFT_SPECIAL.sub(r"\\\1", text.strip()).replace("\r\n", "\n").replace("\n", r"\n")


def _number(x: float) -> str:
    return format(Decimal(repr(x)).normalize(), "f")


def _weight(n: int) -> str:
    return f"{100 / n:.5f}".rstrip("0").rstrip(".")


def _sources(refs: Iterable[str]) -> str:
    refs = tuple(refs)
    return f"Sources: {cite(refs)}." if refs else ""


def _general_feedback(q: Question) -> str:
    parts: list[str] = []
    if isinstance(q, Numeric):
        parts += [q.explanation, f"Too low: {q.too_low}", f"Too high: {q.too_high}"]
    elif isinstance(q, Matching):
        choices = {c.id: c.text for c in q.choices}
        parts += [f"{i.text} → {choices[i.match]}: {i.explanation}" for i in q.items]
    elif isinstance(q, Ordering):
        parts += [f"{n}. {i.text}: {i.explanation}" for n, i in enumerate(q.items, start=1)]
    parts.append(_sources(q.references))
    return "\n".join(p for p in parts if p)


def _pairs(q: Matching | Ordering) -> tuple[list[tuple[str, str]], list[str]]:
    """(item text, matching text) pairs and unused distractor choices."""
    if isinstance(q, Matching):
        choices = {c.id: c.text for c in q.choices}
        used = {i.match for i in q.items}
        return [(i.text, choices[i.match]) for i in q.items], [
            c.text for c in q.choices if c.id not in used
        ]
    return [(i.text, f"Position {n}") for n, i in enumerate(q.items, start=1)], []


def _arrowless(text: str) -> str:
    return text.replace("->", "→")


def _gift_question(topic: str, q: Question) -> str:
    prompt = q.prompt
    if isinstance(q, Ordering):
        prompt = f"{prompt}\nMatch each item to its position ({q.order_label})."
    head = f"::{gift_escape(q.id)}::[markdown]{gift_escape(prompt)}"
    lines: list[str] = []
    if isinstance(q, SingleChoice):
        for o in q.options:
            lines.append(
                f"{'=' if o.correct else '~'}{gift_escape(o.text)}#{gift_escape(o.explanation)}"
            )
    elif isinstance(q, MultipleChoice):
        right = sum(o.correct for o in q.options)
        for o in q.options:
            w = _weight(right)
            lines.append(
                f"~%{w if o.correct else '-' + w}%{gift_escape(o.text)}#{gift_escape(o.explanation)}"
            )
    elif isinstance(q, Numeric):
        lines.append(f"#={_number(q.answer)}:{_number(q.tolerance)}")
    else:
        pairs, distractors = _pairs(q)
        lines += [
            f"={gift_escape(_arrowless(a))} -> {gift_escape(_arrowless(b))}" for a, b in pairs
        ]
        lines += [f"= -> {gift_escape(_arrowless(d))}" for d in distractors]
    lines.append(f"####{gift_escape(_general_feedback(q))}")
    refs = ", ".join(q.references)
    return (
        f"// {q.id} ({topic}, {q.type}); references: {refs}\n{head}{{\n"
        + "\n".join(f"\t{x}" for x in lines)
        + "\n}\n"
    )


def to_gift(bank: Mapping[str, QuizFile]) -> str:
    """The whole question bank as Moodle GIFT text, one category per topic."""
    if not bank:
        raise LmsError("GIFT export: expected at least one quiz in the question bank, found none")
    blocks = [
        "// kneelib question bank: posterior knee pain teaching series. Import in Moodle: "
        "Question bank > Import > GIFT format.\n"
    ]
    for topic, quiz in bank.items():
        blocks.append(f"$CATEGORY: $course$/kneelib/{topic}\n")
        blocks += [_gift_question(topic, q) for q in quiz.questions]
    return "\n".join(blocks)


# ---------------------------------------------------------------- QTI via text2qti
def _t2q(text: str, indent: int) -> str:
    """Text for text2qti: dollar signs escaped (no LaTeX), continuation lines indented."""
    text = text.strip().replace("\\", "\\\\").replace("$", "\\$")
    pad = " " * indent
    return ("\n" + pad).join(line.strip() or "" for line in text.splitlines())


def to_text2qti(
    bank: Mapping[str, QuizFile], title: str = "kneelib question bank"
) -> tuple[str, list[tuple[str, Question]]]:
    """text2qti source for the choice and numeric questions, and the matching/ordering questions it cannot express."""
    out = [
        f"Quiz title: {title}",
        "Quiz description: Posterior knee pain teaching series: every question with an explanation per option.",
        "",
    ]
    left: list[tuple[str, Question]] = []
    number = 0
    for topic, quiz in bank.items():
        for q in quiz.questions:
            if isinstance(q, (Matching, Ordering)):
                left.append((topic, q))
                continue
            number += 1
            label = f"{number}.  "
            out += [f"Title: {q.id}", "Points: 1", f"{label}{_t2q(q.prompt, len(label))}"]
            out.append(f"...   {_t2q(_general_feedback(q), 6)}")
            if isinstance(q, SingleChoice):
                for k, o in enumerate(q.options):
                    mark = f"{'*' if o.correct else ''}{chr(ord('a') + k)})  "
                    out.append(f"{mark}{_t2q(o.text, len(mark))}")
                    out.append(f"...   {_t2q(o.explanation, 6)}")
            elif isinstance(q, MultipleChoice):
                for o in q.options:
                    mark = f"[{'*' if o.correct else ' '}]  "
                    out.append(f"{mark}{_t2q(o.text, len(mark))}")
                    out.append(f"...   {_t2q(o.explanation, 6)}")
            elif isinstance(q, Numeric):
                out.append(f"=   {_number(q.answer)} +- {_number(q.tolerance)}")
            out.append("")
    return "\n".join(out) + "\n", left


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    e = ET.SubElement(parent, f"{{{QTI_NS}}}{tag}", {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        e.text = text
    return e


def _mattext(parent: ET.Element, text: str) -> None:
    material = _el(parent, "material")
    _el(material, "mattext", text, texttype="text/plain")


def _matching_item(q: Matching | Ordering) -> ET.Element:
    """A Canvas-style QTI 1.2 matching_question item."""
    item = ET.Element(f"{{{QTI_NS}}}item", {"ident": f"kneelib-{q.id}", "title": q.id})
    meta = _el(_el(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", "matching_question"), ("points_possible", "1.0")):
        field = _el(meta, "qtimetadatafield")
        _el(field, "fieldlabel", label)
        _el(field, "fieldentry", entry)
    pres = _el(item, "presentation")
    prompt = q.prompt + (
        f"\nMatch each item to its position ({q.order_label})." if isinstance(q, Ordering) else ""
    )
    _mattext(pres, prompt)
    pairs, distractors = _pairs(q)
    targets = list(dict.fromkeys([b for _, b in pairs] + distractors))
    target_ids = {t: f"{q.id}-c{k}" for k, t in enumerate(targets, start=1)}
    for k, (text, _) in enumerate(pairs, start=1):
        lid = _el(pres, "response_lid", ident=f"response_{q.id}-i{k}")
        _mattext(lid, text)
        render = _el(lid, "render_choice")
        for t in targets:
            label = _el(render, "response_label", ident=target_ids[t])
            _mattext(label, t)
    proc = _el(item, "resprocessing")
    outcomes = _el(proc, "outcomes")
    _el(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    share = f"{100 / len(pairs):.2f}"
    for k, (_, target) in enumerate(pairs, start=1):
        cond = _el(
            proc, "respcondition", continue_="Yes"
        )  # QTI's default "No" would stop after the first pair
        var = _el(cond, "conditionvar")
        _el(var, "varequal", target_ids[target], respident=f"response_{q.id}-i{k}")
        _el(cond, "setvar", share, varname="SCORE", action="Add")
    cond = _el(proc, "respcondition", continue_="Yes")
    _el(_el(cond, "conditionvar"), "other")
    _el(cond, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    feedback = _el(item, "itemfeedback", ident="general_fb")
    flow = _el(feedback, "flow_mat")
    _mattext(flow, _general_feedback(q))
    return item


def to_qti_zip(bank: Mapping[str, QuizFile], title: str = "kneelib question bank") -> bytes:
    """The whole question bank as a QTI 1.2 package (zip), as Canvas imports it."""
    if not bank:
        raise LmsError("QTI export: expected at least one quiz in the question bank, found none")
    try:
        from text2qti.config import Config
        from text2qti.qti import QTI
        from text2qti.quiz import Quiz
    except ImportError:  # pragma: no cover - depends on the installation
        raise LmsError(
            "QTI export: expected the text2qti package (pip install 'kneelib[lms]'), found it missing"
        ) from None
    source, left = to_text2qti(bank, title)
    config = Config()  # defaults only: no config file read or written in the home folder
    try:
        quiz = Quiz(source, config=config, source_name="kneelib-question-bank.txt")
    except Exception as exc:  # text2qti raises its own error type with the line number
        raise LmsError(f"QTI export: text2qti refused the generated source: {exc}") from None
    package = QTI(quiz).zip_bytes()
    order = [q.id for quiz_file in bank.values() for q in quiz_file.questions]
    return _add_items(package, [q for _, q in left], order)


def _add_items(package: bytes, extra: list[Question], order: list[str]) -> bytes:
    ET.register_namespace("", QTI_NS)
    source = zipfile.ZipFile(io.BytesIO(package))
    out_buffer = io.BytesIO()
    with zipfile.ZipFile(out_buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            root = ET.fromstring(data) if info.filename.endswith(".xml") else None
            if root is not None and root.tag == f"{{{QTI_NS}}}questestinterop":
                section = root.find(f"{{{QTI_NS}}}assessment/{{{QTI_NS}}}section")
                if section is None:  # pragma: no cover - text2qti always writes one
                    raise LmsError(
                        "QTI export: expected a section in text2qti's assessment, found none"
                    )
                items = list(section.findall(f"{{{QTI_NS}}}item")) + [
                    _matching_item(q) for q in extra
                ]  # type: ignore[arg-type]
                for item in section.findall(f"{{{QTI_NS}}}item"):
                    section.remove(item)
                rank = {qid: n for n, qid in enumerate(order)}
                for item in sorted(items, key=lambda i: rank.get(i.get("title", ""), len(rank))):
                    section.append(item)
                ET.indent(root, space="  ")
                data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
                    root, encoding="utf-8"
                )
            elif info.filename.endswith("assessment_meta.xml"):
                points = f"<points_possible>{float(len(order))}</points_possible>".encode()
                data = re.sub(rb"<points_possible>[^<]*</points_possible>", points, data)
            out.writestr(info.filename, data)
    return out_buffer.getvalue()
