"""Moodle XML export: the file parsed back with xml.etree, every type present, one item of each checked in detail."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kneelib.content import load_question_bank, load_references
from kneelib.lms import LmsError, to_moodle_xml
from kneelib.qtypes import HANDLERS
from kneelib.text import to_html

ROOT = Path(__file__).resolve().parent.parent
BANK = load_question_bank()
QUESTIONS = [q for quiz in BANK.values() for q in quiz.questions]
MOODLE_TYPE = {
    "single": "multichoice",
    "multiple": "multichoice",
    "numeric": "numerical",
    "matching": "matching",
    "ordering": "ordering",
}


@pytest.fixture(scope="module")
def root():
    return ET.fromstring(to_moodle_xml(BANK))


@pytest.fixture(scope="module")
def by_id(root):
    return {
        q.findtext("name/text"): q for q in root.findall("question") if q.get("type") != "category"
    }


def first(kind: str):
    return next(q for q in QUESTIONS if q.type == kind)


def test_the_file_is_a_moodle_quiz_with_a_category_before_each_topic(root):
    categories = [
        q.findtext("category/text") for q in root.findall("question") if q.get("type") == "category"
    ]
    assert (root.tag, categories) == ("quiz", [f"$course$/kneelib/{t}" for t in BANK])


def test_every_question_is_written_once_in_bank_order(root):
    names = [
        q.findtext("name/text") for q in root.findall("question") if q.get("type") != "category"
    ]
    assert names == [q.id for q in QUESTIONS]


def test_every_question_type_maps_to_its_moodle_type(by_id):
    assert set(MOODLE_TYPE) == set(HANDLERS)  # a new type needs its row here
    assert {q.id: by_id[q.id].get("type") for q in QUESTIONS} == {
        q.id: MOODLE_TYPE[q.type] for q in QUESTIONS
    }


def test_every_type_of_the_registry_appears_in_the_file(by_id):
    assert {q.type for q in QUESTIONS if q.id in by_id} == set(HANDLERS)


def test_every_question_has_its_text_id_and_general_feedback_with_full_references(by_id):
    refs = load_references()
    for q in QUESTIONS:
        el = by_id[q.id]
        general = el.findtext("generalfeedback/text")
        assert (
            el.findtext("questiontext/text"),
            el.find("questiontext").get("format"),
            el.findtext("idnumber"),
            el.findtext("defaultgrade"),
        ) == (to_html(q.prompt), "html", q.id, "1"), q.id
        for ref in q.references:
            assert to_html(refs[ref].citation()) in general, (q.id, ref)
        assert "<p>Sources: " in general, q.id


def _answers(el):
    return [
        (a.get("fraction"), a.findtext("text"), a.findtext("feedback/text"))
        for a in el.findall("answer")
    ]


def test_single_choice_in_detail(by_id):
    q = first("single")
    el = by_id[q.id]
    assert (el.findtext("single"), el.findtext("shuffleanswers")) == ("true", "true")
    assert sorted(_answers(el)) == sorted(
        ("100" if o.correct else "0", to_html(o.text), to_html(o.explanation)) for o in q.options
    )


def test_multiple_choice_in_detail_keeps_kneelibs_weights(by_id):
    q = first("multiple")
    el = by_id[q.id]
    n = sum(o.correct for o in q.options)
    got = sorted((float(f), text, fb) for f, text, fb in _answers(el))
    expected = sorted(
        (
            round((100 if o.correct else -100) / n, 5),
            to_html(o.text),
            to_html(o.explanation),
        )
        for o in q.options
    )
    assert (el.findtext("single"), got) == ("false", expected)
    assert sum(f for f, _, _ in got if f > 0) == pytest.approx(100, abs=1e-3)


def test_numeric_in_detail(by_id):
    q = first("numeric")
    el = by_id[q.id]
    answer = el.find("answer")
    assert (
        answer.get("fraction"),
        float(answer.findtext("text")),
        float(answer.findtext("tolerance")),
        answer.findtext("feedback/text"),
        el.findtext("units/unit/unit_name"),
        el.findtext("unitgradingtype"),
    ) == ("100", q.answer, q.tolerance, to_html(q.explanation), q.unit, "0")
    general = el.findtext("generalfeedback/text")
    assert (
        to_html(f"Too low: {q.too_low}") in general
        and to_html(f"Too high: {q.too_high}") in general
    )


def test_numeric_without_a_unit_hides_the_unit_box(by_id):
    unitless = [q for q in QUESTIONS if q.type == "numeric" and not q.unit]
    with_unit = [q for q in QUESTIONS if q.type == "numeric" and q.unit]
    assert {by_id[q.id].findtext("showunits") for q in unitless} <= {"3"}
    assert {by_id[q.id].findtext("showunits") for q in with_unit} <= {"0"}
    assert [by_id[q.id].find("units") for q in unitless] == [None] * len(unitless)


def test_matching_in_detail_with_unused_choices_as_distractors(by_id):
    q = next(
        (
            q
            for q in QUESTIONS
            if q.type == "matching" and len(q.choices) > len({i.match for i in q.items})
        ),
        first("matching"),
    )
    el = by_id[q.id]
    choices = {c.id: c.text for c in q.choices}
    used = {i.match for i in q.items}
    got = [(s.findtext("text"), s.findtext("answer/text")) for s in el.findall("subquestion")]
    assert got == [(to_html(i.text), choices[i.match]) for i in q.items] + [
        ("", c.text) for c in q.choices if c.id not in used
    ]
    general = el.findtext("generalfeedback/text")
    assert all(to_html(i.explanation) in general for i in q.items)


def test_ordering_uses_moodles_ordering_type_with_the_right_order(by_id):
    q = first("ordering")
    el = by_id[q.id]
    settings = {
        tag: el.findtext(tag)
        for tag in ("layouttype", "selecttype", "selectcount", "gradingtype", "showgrading")
    }
    assert settings == {
        "layouttype": "VERTICAL",
        "selecttype": "ALL",
        "selectcount": str(len(q.items)),
        "gradingtype": "ABSOLUTE_POSITION",
        "showgrading": "SHOW",
    }
    assert [(float(f), text, fb) for f, text, fb in _answers(el)] == [
        (float(n), to_html(i.text), to_html(i.explanation)) for n, i in enumerate(q.items, start=1)
    ]


def test_special_characters_are_escaped_for_xml_and_html():
    from kneelib.content.questions import QuizFile

    quiz = QuizFile.model_validate(
        {
            "topic": "99-x",
            "title": "t & <t>",
            "objectives": [{"id": "o", "text": "o"}],
            "questions": [
                {
                    "id": "x-01",
                    "type": "single",
                    "objective": "o",
                    "level": "recall",
                    "references": ["nice-ng158"],
                    "prompt": "Is a < b & c > d?",
                    "options": [
                        {"id": "a", "text": "<yes>", "correct": True, "explanation": "a & b"},
                        {"id": "b", "text": "no", "explanation": "no"},
                    ],
                }
            ],
        }
    )
    el = ET.fromstring(to_moodle_xml({"99-x": quiz})).find("question[@type='multichoice']")
    assert el.findtext("questiontext/text") == "Is a &lt; b &amp; c &gt; d?"
    assert ("100", "&lt;yes&gt;", "a &amp; b") in _answers(el)


def test_moodle_export_of_an_empty_bank_is_refused():
    with pytest.raises(LmsError) as info:
        to_moodle_xml({})
    assert str(info.value) == (
        "Moodle XML export: expected at least one quiz in the question bank, found none"
    )


def test_export_moodle_command_writes_the_file(tmp_path):
    out = tmp_path / "bank.xml"
    run = subprocess.run(
        [sys.executable, "-m", "kneelib", "export-moodle", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert (run.returncode, run.stdout.strip(), out.read_bytes() == to_moodle_xml(BANK)) == (
        0,
        f"{len(QUESTIONS)} questions written to {out} (Moodle XML).",
        True,
    )


def test_moodle_options_are_in_a_seeded_order_that_does_not_start_with_the_key(by_id):
    positions = [
        [a.get("fraction") for a in by_id[q.id].findall("answer")].index("100")
        for q in QUESTIONS
        if q.type == "single"
    ]
    assert (positions.count(0) < len(positions) / 2, len(set(positions)) >= 3) == (True, True)
    assert to_moodle_xml(BANK) == to_moodle_xml(BANK) != to_moodle_xml(BANK, seed="other")
