"""The diagnosis chain as a pure state: results applied one by one, never changed in place."""

from __future__ import annotations

import pytest

from kneelib.content.accuracy import AccuracyRow
from kneelib.diagnosis import CHAINING_CAVEAT, REPEAT_WARNING, ChainState, format_percent


def row(id, sensitivity, specificity, test="Test A", note=None):
    return AccuracyRow(
        id=id,
        test=test,
        target_condition="Condition X",
        population="P",
        reference_standard="R",
        sensitivity=sensitivity,
        specificity=specificity,
        references=("sokal-2022",),
        note=note,
    )


A = row("a", 0.8, 0.8)  # LR+ 4, LR- 0.25
B = row("b", 0.5, 0.75, test="Test B")  # LR+ 2, LR- 2/3
PERFECT = row("perfect", 0.5, 1.0, test="Perfect test", note="A tiny study")
RULE_OUT = row("sens1", 1.0, 0.5, test="Rule-out test")


def test_a_fresh_chain_has_only_the_pretest_probability():
    state = ChainState(0.2)
    assert (state.steps, state.lrs(), state.probabilities()) == ((), [], (0.2,))


def test_a_fresh_chain_invites_a_first_result():
    assert ChainState(0.2).last_line() == (
        "Pre-test probability 20.0%. Choose a test and its result, then press 'Apply this result'."
    )


def test_apply_returns_a_new_state_and_leaves_the_old_one():
    before = ChainState(0.2)
    after = before.apply(A, "positive")
    assert (before.steps, after.steps) == ((), ((A, "positive"),))


def test_results_chain_step_by_step():
    state = ChainState(0.2).apply(A, "positive").apply(B, "negative")
    assert state.lrs() == pytest.approx([4.0, 2 / 3])
    assert state.probabilities() == pytest.approx((0.2, 0.5, 0.4))
    assert state.last_line() == "Test B, negative: 50.0% becomes 40.0% (LR 0.67)."


def test_another_pretest_recomputes_the_same_results():
    state = ChainState(0.5).apply(A, "positive").with_pretest(0.2)
    assert (state.steps, state.last_line()) == (
        ((A, "positive"),),
        "Test A, positive: 20.0% becomes 50.0% (LR 4.00).",
    )


def test_reset_removes_every_result_and_keeps_the_pretest():
    state = ChainState(0.3).apply(A, "positive").reset()
    assert (state.steps, state.pretest) == ((), 0.3)


def test_one_result_has_no_caveat_two_have_the_independence_caveat():
    one = ChainState(0.2).apply(A, "positive")
    assert (one.warnings(), one.apply(B, "positive").warnings()) == ([], [CHAINING_CAVEAT])


def test_the_same_test_twice_is_flagged():
    state = ChainState(0.2).apply(A, "positive").apply(A, "positive")
    assert state.warnings() == [CHAINING_CAVEAT, REPEAT_WARNING]


def test_two_studies_of_one_test_are_flagged_as_a_repeat():
    other_study = row("a2", 0.7, 0.9, test="Test A")
    state = ChainState(0.2).apply(A, "positive").apply(other_study, "positive")
    assert REPEAT_WARNING in state.warnings()


def test_a_perfect_specificity_is_explained_with_the_rows_note():
    state = ChainState(0.1).apply(PERFECT, "positive")
    assert state.last_line() == "Perfect test, positive: 10.0% becomes 100% (LR infinite)."
    assert [n[:45] for n in state.notes()] == [
        "This row reports a specificity of exactly 1, ",
        "Note on this row: A tiny study",
    ]


def test_a_perfect_sensitivity_negative_result_names_sensitivity():
    state = ChainState(0.4).apply(RULE_OUT, "negative")
    assert state.notes()[0].startswith(
        "This row reports a sensitivity of exactly 1, so the LR is 0"
    )


def test_a_chain_without_meaning_is_refused_and_nothing_changes():
    before = ChainState(1.0)
    with pytest.raises(ValueError, match="infinity x 0 has no meaning"):
        before.apply(RULE_OUT, "negative")
    assert before.steps == ()


def test_an_unknown_result_is_refused():
    with pytest.raises(ValueError) as info:
        ChainState(0.2).apply(A, "equivocal")
    assert str(info.value) == "Result: expected 'positive' or 'negative', found 'equivocal'"


def test_the_state_is_frozen():
    with pytest.raises(AttributeError):
        ChainState(0.2).pretest = 0.5


@pytest.mark.parametrize(
    ("p", "text"),
    [(0.0, "0%"), (1.0, "100%"), (0.0005, "<0.1%"), (0.9995, ">99.9%"), (0.2, "20.0%")],
)
def test_format_percent(p, text):
    assert format_percent(p) == text
