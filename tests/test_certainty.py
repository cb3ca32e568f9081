"""Certainty-based marking (Gardner-Medwin) and calibration."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kneelib.certainty import (
    Calibration,
    CertaintyError,
    calibration,
    calibration_sentence,
    cbm_mark,
)
from kneelib.records import AttemptRecord

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("certainty", "right", "wrong"), [("low", 1, 0), ("medium", 2, -2), ("high", 3, -6)]
)
def test_marks_are_1_2_3_when_right_and_0_minus2_minus6_when_wrong(certainty, right, wrong):
    assert (cbm_mark(certainty, True), cbm_mark(certainty, False)) == (right, wrong)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "Choose how sure you are first (not sure, fairly sure or sure)."),
        ("certain", "Unknown certainty 'certain': choose low, medium or high."),
    ],
)
def test_a_missing_or_unknown_certainty_is_refused(value, message):
    with pytest.raises(CertaintyError) as err:
        cbm_mark(value, True)
    assert str(err.value) == message


def rec(score, certainty, kind="question"):
    return AttemptRecord(
        student="s",
        item="q",
        kind=kind,
        topic="t",
        score=score if kind == "question" else None,
        certainty=certainty,
        time=T0,
    )


def test_calibration_counts_the_share_right_at_each_level():
    records = (
        [rec(1.0, "high")] * 11
        + [rec(0.0, "high")] * 9
        + [rec(0.5, "medium"), rec(1.0, "medium")]
        + [rec(1.0, None), rec(None, None, kind="case-choice")]
    )
    levels = calibration(records)
    assert levels == (
        Calibration("low", 0, 0),
        Calibration("medium", 2, 1),
        Calibration("high", 20, 11),
    )
    assert (levels[0].share, levels[1].share, levels[2].share) == (None, 0.5, 0.55)
    assert levels[2].mean_mark == (11 * 3 - 9 * 6) / 20


def test_the_calibration_sentence_starts_with_sure():
    levels = (Calibration("low", 4, 1), Calibration("medium", 0, 0), Calibration("high", 20, 11))
    assert calibration_sentence(levels) == (
        "When you were sure, you were right 55% of the time (11 of 20); "
        "when you were not sure, you were right 25% of the time (1 of 4)."
    )


def test_no_certainty_yet_says_so():
    assert calibration_sentence(calibration([])) == (
        "No answer with a certainty yet: answer a review question to see your calibration."
    )
