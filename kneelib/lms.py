"""Export the question bank for other learning platforms: Moodle XML, Moodle GIFT and IMS QTI 1.2 (Canvas and others).

Pure logic: functions return text or bytes; the command line writes them.
Each question type's handler (``kneelib.qtypes``) writes its own part; this
module assembles the documents.

How each question type is carried over:

=========  ======================  =====================================  ==========================
type       Moodle XML              GIFT (Moodle)                          QTI 1.2 (text2qti + kneelib)
=========  ======================  =====================================  ==========================
single     multichoice, single     multiple choice, one ``=`` answer       multiple_choice_question
multiple   multichoice, +-100/n %  ``~%w%`` weights: each right option     multiple_answers_question;
           per option              +100/n %, each wrong one -100/n %       Canvas scores it its own way
numeric    numerical, tolerance    ``{#=answer:tolerance}``                numerical_question
matching   matching (unused        matching ``=item -> choice``; unused    matching_question
           choices as distractors) choices as ``= -> choice`` distractors
ordering   ordering (Moodle's      matching ``item -> position N``         matching_question,
           own type)                                                       item -> position N
=========  ======================  =====================================  ==========================

Feedback: every option's explanation becomes that option's feedback where the
format has a place for it; the rest (numeric too low / too high, matching
explanations, sources) goes into the question's general feedback, which in
Moodle XML also lists the full references.

Order: options (and the items of an ordering question carried as a matching)
are written in a stable shuffle per question, seeded by ``seed``: the same seed
gives the same file, and the key is not always first.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping

from .content.questions import Question, QuizFile
from .errors import KneelibError
from .qtypes.formats import QTI_NS, gift_escape, t2q
from .qtypes.registry import handler_for

__all__ = [
    "DEFAULT_SEED",
    "QTI_NS",
    "LmsError",
    "gift_escape",
    "to_gift",
    "to_moodle_xml",
    "to_qti_zip",
    "to_text2qti",
]

#: The seed of the exports' option order unless another is given.
DEFAULT_SEED = "kneelib-export"


class LmsError(KneelibError):
    """The question bank cannot be exported in this format."""


def _refuse_empty(bank: Mapping[str, QuizFile], what: str) -> None:
    if not bank:
        raise LmsError(
            f"{what} export: expected at least one quiz in the question bank, found none"
        )


# ---------------------------------------------------------------- GIFT
def _gift_question(topic: str, q: Question, seed: str) -> str:
    handler = handler_for(q)
    prompt, lines = handler.gift(q, seed)
    head = f"::{gift_escape(q.id)}::[markdown]{gift_escape(prompt)}"
    lines = [*lines, f"####{gift_escape(handler.general_feedback(q))}"]
    refs = ", ".join(q.references)
    return (
        f"// {q.id} ({topic}, {q.type}); references: {refs}\n{head}{{\n"
        + "\n".join(f"\t{x}" for x in lines)
        + "\n}\n"
    )


def to_gift(bank: Mapping[str, QuizFile], seed: str = DEFAULT_SEED) -> str:
    """The whole question bank as Moodle GIFT text, one category per topic."""
    _refuse_empty(bank, "GIFT")
    blocks = [
        "// kneelib question bank: posterior knee pain teaching series. Import in Moodle: "
        "Question bank > Import > GIFT format.\n"
    ]
    for topic, quiz in bank.items():
        blocks.append(f"$CATEGORY: $course$/kneelib/{topic}\n")
        blocks += [_gift_question(topic, q, seed) for q in quiz.questions]
    return "\n".join(blocks)


# ---------------------------------------------------------------- Moodle XML
def to_moodle_xml(bank: Mapping[str, QuizFile], seed: str = DEFAULT_SEED) -> bytes:
    """The whole question bank as Moodle XML (UTF-8), one category per topic, ordering questions kept."""
    _refuse_empty(bank, "Moodle XML")
    quiz_el = ET.Element("quiz")
    for topic, quiz in bank.items():
        category = ET.SubElement(quiz_el, "question", {"type": "category"})
        ET.SubElement(
            ET.SubElement(category, "category"), "text"
        ).text = f"$course$/kneelib/{topic}"
        ET.SubElement(ET.SubElement(category, "info", {"format": "html"}), "text").text = quiz.title
        for q in quiz.questions:
            quiz_el.append(handler_for(q).moodle(q, seed))
    ET.indent(quiz_el, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz_el, encoding="utf-8")


# ---------------------------------------------------------------- QTI via text2qti
def to_text2qti(
    bank: Mapping[str, QuizFile], title: str = "kneelib question bank", seed: str = DEFAULT_SEED
) -> tuple[str, list[tuple[str, ET.Element]]]:
    """text2qti source for the questions it can express, and finished QTI items (by question id) for the rest."""
    out = [
        f"Quiz title: {title}",
        "Quiz description: Posterior knee pain teaching series: every question with an explanation per option.",
        "",
    ]
    items: list[tuple[str, ET.Element]] = []
    number = 0
    for quiz in bank.values():
        for q in quiz.questions:
            handler = handler_for(q)
            part = handler.qti(q, seed)
            if isinstance(part, ET.Element):
                items.append((q.id, part))
                continue
            number += 1
            label = f"{number}.  "
            out += [f"Title: {q.id}", "Points: 1", f"{label}{t2q(q.prompt, len(label))}"]
            out.append(f"...   {t2q(handler.general_feedback(q), 6)}")
            out += [*part, ""]
    return "\n".join(out) + "\n", items


def to_qti_zip(
    bank: Mapping[str, QuizFile], title: str = "kneelib question bank", seed: str = DEFAULT_SEED
) -> bytes:
    """The whole question bank as a QTI 1.2 package (zip), as Canvas imports it."""
    _refuse_empty(bank, "QTI")
    try:
        from text2qti.config import Config
        from text2qti.qti import QTI
        from text2qti.quiz import Quiz
    except ImportError:  # pragma: no cover - depends on the installation
        raise LmsError(
            "QTI export: expected the text2qti package (pip install 'kneelib[lms]'), found it missing"
        ) from None
    source, extra = to_text2qti(bank, title, seed)
    config = Config()  # defaults only: no config file read or written in the home folder
    try:
        quiz = Quiz(source, config=config, source_name="kneelib-question-bank.txt")
    except Exception as exc:  # text2qti raises its own error type with the line number
        raise LmsError(f"QTI export: text2qti refused the generated source: {exc}") from None
    package = QTI(quiz).zip_bytes()
    order = [q.id for quiz_file in bank.values() for q in quiz_file.questions]
    return _add_items(package, [item for _, item in extra], order)


def _add_items(package: bytes, extra: list[ET.Element], order: list[str]) -> bytes:
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
                items = list(section.findall(f"{{{QTI_NS}}}item")) + extra
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
