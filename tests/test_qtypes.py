"""The question-type registry: every type in the Question union has every handler, and each handler works."""

from __future__ import annotations

import inspect
import subprocess
import sys
import xml.etree.ElementTree as ET
from typing import get_args

import pytest

from kneelib.content import load_question_bank
from kneelib.content.questions import Question
from kneelib.qtypes import HANDLERS, QuestionType, handler_for
from kneelib.qtypes.ordering import order_from_positions
from kneelib.quiz import AnswerError, grade

BANK = load_question_bank()
QUESTIONS = [q for quiz in BANK.values() for q in quiz.questions]


def union_members() -> dict[str, type]:
    """The models of the ``Question`` union, by their ``type`` literal, found by introspection."""
    union, _field = get_args(Question)  # Annotated[A | B | ..., Field(discriminator="type")]
    members = {}
    for model in get_args(union):
        (literal,) = get_args(model.model_fields["type"].annotation)
        members[literal] = model
    return members


MEMBERS = union_members()
ABSTRACT = sorted(QuestionType.__abstractmethods__)
ATTRIBUTES = ("name", "model", "rule", "view")


def test_the_union_is_found_by_introspection():
    assert len(MEMBERS) == len(get_args(get_args(Question)[0])) >= 5


def test_every_type_in_the_union_has_a_handler_and_no_handler_lacks_a_type():
    assert {name: h.model for name, h in HANDLERS.items()} == MEMBERS


@pytest.mark.parametrize("name", sorted(MEMBERS))
def test_every_handler_defines_every_method_itself(name):
    cls = type(HANDLERS[name])
    missing = [m for m in ABSTRACT if getattr(cls, m) is getattr(QuestionType, m)]
    empty = [a for a in ATTRIBUTES if not getattr(cls, a, None)]
    assert (missing, empty, inspect.isabstract(cls)) == ([], [], False)


def test_the_interface_names_grading_view_three_exports_and_wrong_choices():
    assert ABSTRACT == [
        "feedback_parts",
        "gift",
        "grade",
        "key",
        "moodle",
        "qti",
        "wrong_choices",
    ]
    assert callable(QuestionType.input_view)


@pytest.mark.parametrize("name", sorted(MEMBERS))
def test_every_type_has_questions_in_the_bank(name):
    assert [q.id for q in QUESTIONS if q.type == name] != []


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.id)
def test_the_key_of_every_bank_question_earns_full_marks_with_nothing_wrong(q):
    h = handler_for(q)
    g = h.grade(q, h.key(q))
    assert (g.score, g.status, h.wrong_choices(q, g.answer, g.score)) == (1.0, "correct", [])


@pytest.mark.parametrize("name", sorted(MEMBERS))
def test_every_handler_exports_its_first_bank_question(name):
    h = HANDLERS[name]
    q = next(q for q in QUESTIONS if q.type == name)
    prompt, lines = h.gift(q, "seed")
    qti = h.qti(q, "seed")
    moodle = h.moodle(q, "seed")
    assert (
        prompt.startswith(q.prompt.strip()),
        bool(lines) and all(isinstance(x, str) for x in lines),
        isinstance(qti, ET.Element) or (bool(qti) and all(isinstance(x, str) for x in qti)),
        moodle.tag,
        moodle.findtext("name/text"),
    ) == (True, True, True, "question", q.id)


@pytest.mark.parametrize("name", sorted(MEMBERS))
def test_every_handler_builds_an_input_view_that_reads_an_answer(name):
    h = HANDLERS[name]
    q = next(q for q in QUESTIONS if q.type == name)
    view = h.input_view(q, "student")
    try:
        answer = view.read()
    except AnswerError as exc:  # an untouched ordering view reads as unplaced, not as an error
        pytest.fail(f"{name}: reading an untouched view raised {exc}")
    with pytest.raises(AnswerError):
        h.grade(q, answer)  # nothing chosen yet: the student is asked to answer first
    assert view.controls and view.widget is not None


def test_handler_for_refuses_something_that_is_not_a_question():
    with pytest.raises(TypeError) as info:
        handler_for({"type": "single"})
    assert str(info.value) == "expected a question record, found dict"


def test_grade_names_itself_when_refusing_something_that_is_not_a_question():
    with pytest.raises(TypeError) as info:
        grade("rf-01", "a")
    assert str(info.value) == "grade: expected a question record, found str"


def test_order_from_positions_sorts_item_ids_by_position():
    assert order_from_positions({"b": 2, "c": 3, "a": 1}) == ["a", "b", "c"]


def test_order_from_positions_waits_while_an_item_is_unplaced():
    assert order_from_positions({"a": 1, "b": None}) == [None, None]


def test_order_from_positions_refuses_a_shared_position():
    with pytest.raises(AnswerError) as info:
        order_from_positions({"a": 1, "b": 1})
    assert str(info.value) == "Use each position once: two items share a position."


def test_handlers_and_exports_do_not_import_widget_or_plotting_libraries():
    code = (
        "import sys, kneelib.qtypes, kneelib.quiz, kneelib.lms, kneelib.results, "
        "kneelib.diagnosis, kneelib.identify; "
        "print(sorted(m for m in ('ipywidgets', 'matplotlib') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (run.returncode, run.stdout.strip()) == (0, "[]")
