"""The landed question bank meets the one-best-answer standard, so a later edit cannot slide back.

Thresholds: at least 60% of all items, and at least half of each topic
notebook's items (01-08), are vignettes at application or analysis level; in
single-choice items the key is the longest option in at most 35%; absolute
words appear in keys and in distractors at rates within 6 percentage points;
every objective has an item; every option and item is referenced; and the
checker finds no flaw at all in --strict mode.
"""

from __future__ import annotations

import pytest

from kneelib.content import load_question_bank
from kneelib.items import is_vignette, lint_paths

BANK = load_question_bank()
REPORT = lint_paths()
TOPICS = sorted(BANK)
TOPIC_NOTEBOOKS = [t for t in TOPICS if t[:2] in {f"{n:02d}" for n in range(1, 9)}]


def _reasoning_vignettes(questions) -> int:
    return sum(q.level in ("application", "analysis") and is_vignette(q.prompt) for q in questions)


def test_the_checker_finds_no_flaw_in_strict_mode():
    assert [str(f) for f in REPORT.errors(strict=True)] == []
    assert REPORT.problems == []


def test_at_least_60_percent_of_all_items_are_reasoning_vignettes():
    questions = [q for quiz in BANK.values() for q in quiz.questions]
    share = _reasoning_vignettes(questions) / len(questions)
    assert share >= 0.60, f"{share:.0%} of {len(questions)} items"


@pytest.mark.parametrize("topic", TOPIC_NOTEBOOKS)
def test_at_least_half_of_each_topic_notebooks_items_are_reasoning_vignettes(topic):
    questions = BANK[topic].questions
    assert _reasoning_vignettes(questions) * 2 >= len(questions), (
        f"{_reasoning_vignettes(questions)} of {len(questions)}"
    )


def test_the_key_is_the_longest_option_in_at_most_35_percent_of_single_choice_items():
    total = REPORT.total()
    assert total.single > 0
    assert total.key_longest_rate() <= 0.35, f"{total.key_longest} of {total.single}"


def test_absolute_words_are_as_common_in_keys_as_in_distractors():
    keys, distractors = REPORT.total().absolute_rates()
    assert abs(keys - distractors) <= 0.06, f"keys {keys:.1%}, distractors {distractors:.1%}"


def test_the_bank_holds_at_least_130_items():
    assert sum(len(quiz.questions) for quiz in BANK.values()) >= 130


@pytest.mark.parametrize("topic", TOPICS)
def test_every_objective_has_an_item(topic):
    quiz = BANK[topic]
    tested = {q.objective for q in quiz.questions}
    assert [o.id for o in quiz.objectives if o.id not in tested] == []


@pytest.mark.parametrize("topic", TOPICS)
def test_every_option_and_item_is_referenced(topic):
    unreferenced = []
    for q in BANK[topic].questions:
        parts = getattr(q, "options", None) or getattr(q, "items", None) or ()
        unreferenced += [f"{q.id}.{p.id}" for p in parts if not p.references]
    assert unreferenced == []
