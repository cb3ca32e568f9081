"""The Anki deck: open the .apkg (a zip holding a SQLite collection) and read the notes back."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kneelib.anki import anki_note, write_anki_package
from kneelib.content import load_question_bank

ROOT = Path(__file__).resolve().parent.parent
FIELD_SEPARATOR = "\x1f"


def _notes(apkg: Path, tmp_path: Path) -> list[tuple[str, list[str], list[str]]]:
    with zipfile.ZipFile(apkg) as z:
        z.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        rows = db.execute("SELECT guid, flds, tags FROM notes").fetchall()
    return [(g, f.split(FIELD_SEPARATOR), t.split()) for g, f, t in rows]


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("anki")
    out = tmp / "bank.apkg"
    count = write_anki_package(load_question_bank(), out)
    return count, _notes(out, tmp)


def test_the_deck_has_one_note_per_question(deck):
    count, notes = deck
    bank = load_question_bank()
    ids = sorted(q.id for quiz in bank.values() for q in quiz.questions)
    assert count == len(ids)
    assert sorted(fields[0] for _, fields, _ in notes) == ids


def test_each_note_is_tagged_with_its_notebook_and_objective(deck):
    _, notes = deck
    bank = load_question_bank()
    expected = {
        q.id: {f"kneelib::{topic}", f"objective::{q.objective}"}
        for topic, quiz in bank.items()
        for q in quiz.questions
    }
    assert {fields[0]: set(tags) for _, fields, tags in notes} == expected


def test_the_back_gives_the_key_and_every_options_explanation(deck):
    _, notes = deck
    bank = load_question_bank()
    singles = [q for quiz in bank.values() for q in quiz.questions if q.type == "single"]
    q = singles[0]
    fields = next(f for _, f, _ in notes if f[0] == q.id)
    front, back = fields[1], fields[2]
    assert front.count("<li>") == len(q.options)
    assert back.count("<strong>Wrong</strong>") == len(q.options) - 1
    assert back.count('<strong class="key">Right</strong>') == 1
    for option in q.options:
        assert option.explanation.split()[0] in back
    assert fields[3].startswith("Sources: ")


def test_options_are_not_always_shown_with_the_key_first(deck):
    _, notes = deck
    bank = load_question_bank()
    singles = {q.id for quiz in bank.values() for q in quiz.questions if q.type == "single"}
    backs = [f[2] for _, f, _ in notes if f[0] in singles]
    key_first = [b for b in backs if "Right</strong>" in b.split("<li>")[1]]
    assert len(backs) == len(singles)
    assert len(key_first) < len(backs) / 2


def test_a_note_keeps_its_id_across_exports_so_a_reimport_updates_it():
    bank = load_question_bank()
    topic, quiz = next(iter(sorted(bank.items())))
    assert anki_note(quiz.questions[0], topic).guid == anki_note(quiz.questions[0], topic).guid
    assert anki_note(quiz.questions[0], topic).guid != anki_note(quiz.questions[1], topic).guid


def test_every_question_type_makes_a_card(deck):
    _, notes = deck
    bank = load_question_bank()
    types = {q.id: q.type for quiz in bank.values() for q in quiz.questions}
    seen = {types[f[0]] for _, f, _ in notes}
    assert seen == set(types.values())


def test_the_command_writes_the_deck_and_says_how_many_notes(tmp_path):
    out = tmp_path / "bank.apkg"
    run = subprocess.run(
        [sys.executable, "-m", "kneelib", "export-anki", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    count = sum(len(q.questions) for q in load_question_bank().values())
    assert (
        run.stdout.strip()
        == f"{count} notes written to {out} (Anki deck; import it with File > Import)."
    )
    assert zipfile.is_zipfile(out)
    assert not list(tmp_path.glob(".*.tmp"))
