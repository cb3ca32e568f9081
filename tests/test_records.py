"""Attempt records: typed and frozen, ids derived from content, one order of missed questions."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pydantic
import pytest

from kneelib.records import (
    NAMESPACE,
    AttemptRecord,
    RecordError,
    first_attempts,
    from_v1_answer,
    latest_by_item,
    missed,
    parse_record,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def rec(item: str, score: float, minutes: int = 0, **kw) -> AttemptRecord:
    return AttemptRecord(
        student="s1",
        item=item,
        kind="question",
        topic=kw.pop("topic", "02-bakers-cyst"),
        answer=kw.pop("answer", "a"),
        score=score,
        time=T0 + timedelta(minutes=minutes),
        **kw,
    )


def test_a_record_is_frozen():
    r = rec("bc-01", 1.0)
    with pytest.raises(pydantic.ValidationError):
        r.score = 0.0


def test_the_id_is_a_uuid5_of_the_content_and_the_same_after_a_round_trip():
    r = rec("bc-01", 1.0, certainty="high", session="x")
    again = parse_record(r.stored())
    assert again.id == r.id
    assert uuid.UUID(r.id).version == 5
    assert r.id == str(uuid.uuid5(NAMESPACE, r.canonical()))


def test_a_different_answer_or_time_gives_another_id():
    r = rec("bc-01", 1.0)
    assert len({r.id, rec("bc-01", 1.0, answer="b").id, rec("bc-01", 1.0, minutes=1).id}) == 3


def test_the_same_moment_in_another_offset_is_the_same_record():
    r = rec("bc-01", 1.0)
    shifted = r.model_copy(update={"time": T0.astimezone(timezone(timedelta(hours=2)))})
    assert parse_record(shifted.stored()).id == r.id


def test_a_time_without_a_zone_is_refused_with_the_field_named():
    data = rec("bc-01", 1.0).stored() | {"time": "2026-03-02T09:00:00"}
    with pytest.raises(RecordError) as err:
        parse_record(data, "attempts[3]")
    assert str(err.value) == (
        "attempts[3]: time: input should have timezone info, found '2026-03-02T09:00:00'"
    )


def test_a_score_above_one_is_refused():
    with pytest.raises(RecordError) as err:
        parse_record(rec("bc-01", 1.0).stored() | {"score": 2})
    assert str(err.value) == "record: score: input should be less than or equal to 1, found 2"


def test_only_a_full_score_is_correct():
    assert [rec("q", s).correct for s in (1.0, 0.5, 0.0)] == [True, False, False]


def test_v1_answer_without_a_zone_is_read_as_utc():
    r = from_v1_answer(
        "s1",
        {
            "question_id": "q",
            "topic": "t",
            "answer": "a",
            "score": 1.0,
            "time": "2026-03-02T09:00:00",
        },
    )
    assert r.time == T0


def test_missed_questions_come_longest_waiting_first_and_a_right_retry_clears_one():
    records = [
        rec("q1", 0.0, minutes=1),
        rec("q2", 0.5, minutes=2),
        rec("q3", 0.0, minutes=3),
        rec("q4", 0.0, minutes=0),
        rec("q3", 1.0, minutes=4),  # answered right later: no longer missed
        rec("q1", 0.0, minutes=5),  # missed again later: waits less long now
    ]
    assert [r.item for r in missed(records)] == ["q4", "q2", "q1"]


def test_missed_questions_with_the_same_time_keep_the_record_order():
    records = [rec("b", 0.0), rec("a", 0.0), rec("c", 0.0)]
    assert [r.item for r in missed(records)] == ["b", "a", "c"]


def test_first_and_latest_attempts_ignore_case_records():
    case = AttemptRecord(
        student="s1", item="q1", kind="case-choice", topic="t", answer="x", time=T0
    )
    records = [rec("q1", 0.0, minutes=2), case, rec("q1", 1.0, minutes=3)]
    assert (first_attempts(records)["q1"].score, latest_by_item(records)["q1"].score) == (0.0, 1.0)
