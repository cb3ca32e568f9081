"""An Anki deck of the question bank (``python -m kneelib export-anki bank.apkg``), built with genanki.

One note per question. The front holds the question and its options (in a
fixed order per question, so the key is not always first); the back holds the
key and every option's explanation with its sources. Notes are tagged with the
notebook (``kneelib::02-bakers-cyst``) and the objective
(``objective::describe-anatomy``), and each note's id is derived from the
question id, so importing a newer deck updates the student's cards instead of
duplicating them (their review history in Anki is kept).

Pure: returns the genanki package or writes it to a file; imports no widget library.
"""

from __future__ import annotations

import html
import io
import random
from collections.abc import Callable, Mapping
from pathlib import Path

import genanki

from .content.questions import Question, QuizFile
from .files import atomic_write
from .text import cite, to_html

__all__ = ["DECK_ID", "MODEL_ID", "anki_deck", "anki_note", "write_anki_package"]

#: Fixed ids, chosen once, so that every export is the same deck and note type to Anki.
DECK_ID = 1_734_903_517
MODEL_ID = 1_734_903_518
DECK_NAME = "Posterior knee pain (kneelib)"

MODEL = genanki.Model(
    MODEL_ID,
    "kneelib question",
    fields=[{"name": "QuestionId"}, {"name": "Front"}, {"name": "Back"}, {"name": "Sources"}],
    templates=[
        {
            "name": "Question",
            "qfmt": "{{Front}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<p class="sources">{{Sources}}</p>',
        }
    ],
    css=".card { font-family: sans-serif; font-size: 18px; text-align: left; }"
    " .sources { font-size: 14px; color: #555; } .key { color: #1b7a34; }",
    sort_field_index=0,
)


def _order(question_id: str, items: tuple) -> list:
    """The items in a fixed shuffled order per question (the same on every export)."""
    shuffled = list(items)
    random.Random(f"kneelib-anki-{question_id}").shuffle(shuffled)
    return shuffled


def _list(items: list[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{tag}>"


def _source(refs: tuple[str, ...]) -> str:
    return f' <span class="sources">({html.escape(cite(refs))})</span>' if refs else ""


def _choice(q) -> tuple[str, str]:
    options = _order(q.id, q.options)
    letters = "ABCDEFGHIJ"
    front = _list([f"{letters[k]}. {to_html(o.text)}" for k, o in enumerate(options)])
    if q.type == "multiple":
        front += "<p><em>Choose every option that applies.</em></p>"
    lines = []
    for k, o in enumerate(options):
        mark = '<strong class="key">Right</strong>' if o.correct else "<strong>Wrong</strong>"
        lines.append(
            f"{letters[k]}. {to_html(o.text)}: {mark}. {to_html(o.explanation)}{_source(o.references)}"
        )
    keys = ", ".join(letters[k] for k, o in enumerate(options) if o.correct)
    return front, f"<p><strong>Answer: {keys}</strong></p>" + _list(lines)


def _numeric(q) -> tuple[str, str]:
    unit = f" {html.escape(q.unit)}" if q.unit else ""
    within = f" (within {q.tolerance:g})" if q.tolerance else ""
    front = f"<p><em>Give a number{' in ' + html.escape(q.unit) if q.unit else ''}.</em></p>"
    back = (
        f"<p><strong>Answer: {q.answer:g}{unit}{within}</strong></p><p>{to_html(q.explanation)}</p>"
        f"<p>Too low: {to_html(q.too_low)}</p><p>Too high: {to_html(q.too_high)}</p>"
    )
    return front, back


def _matching(q) -> tuple[str, str]:
    choices = {c.id: c.text for c in q.choices}
    items = _order(q.id, q.items)
    front = "<p>Match each item:</p>" + _list([to_html(i.text) for i in items])
    front += "<p>to one of:</p>" + _list([to_html(c.text) for c in q.choices])
    back = _list(
        [
            f"{to_html(i.text)} → <strong class='key'>{to_html(choices[i.match])}</strong>. "
            f"{to_html(i.explanation)}{_source(i.references)}"
            for i in items
        ]
    )
    return front, back


def _ordering(q) -> tuple[str, str]:
    front = f"<p>Put in order ({to_html(q.order_label)}):</p>" + _list(
        [to_html(i.text) for i in _order(q.id, q.items)]
    )
    back = _list(
        [f"{to_html(i.text)}. {to_html(i.explanation)}{_source(i.references)}" for i in q.items],
        ordered=True,
    )
    return front, back


#: Front and back of a card by question type.
RENDERERS: dict[str, Callable[[Question], tuple[str, str]]] = {
    "single": _choice,
    "multiple": _choice,
    "numeric": _numeric,
    "matching": _matching,
    "ordering": _ordering,
}


def anki_note(question: Question, topic: str) -> genanki.Note:
    """One Anki note for one question of notebook ``topic``."""
    front, back = RENDERERS[question.type](question)
    return genanki.Note(
        model=MODEL,
        fields=[
            question.id,
            f"<p>{to_html(question.prompt)}</p>{front}",
            back,
            html.escape(f"Sources: {cite(question.references)}"),
        ],
        tags=[f"kneelib::{topic}", f"objective::{question.objective}"],
        guid=genanki.guid_for("kneelib", question.id),
    )


def anki_deck(bank: Mapping[str, QuizFile]) -> genanki.Deck:
    """The whole bank as one deck, notebook by notebook."""
    deck = genanki.Deck(
        DECK_ID, DECK_NAME, description="Questions of the posterior knee pain series."
    )
    for topic in sorted(bank):
        for question in bank[topic].questions:
            deck.add_note(anki_note(question, topic))
    return deck


def write_anki_package(bank: Mapping[str, QuizFile], out: Path | str) -> int:
    """Write the deck to ``out`` (.apkg) atomically (``kneelib.files``); returns the number of notes."""
    deck = anki_deck(bank)
    buffer = io.BytesIO()
    genanki.Package(deck).write_to_file(buffer)
    atomic_write(out, buffer.getvalue())
    return len(deck.notes)
