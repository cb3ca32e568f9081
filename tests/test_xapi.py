"""Attempt records as xAPI statements and back; workshop settings and join codes (no server)."""

from __future__ import annotations

import pytest

from kneelib.lrs import JOIN_PREFIX, Workshop, WorkshopError
from kneelib.records import parse_record
from kneelib.xapi import (
    EXTENSIONS,
    VERBS,
    activity_iri,
    record_from_statement,
    statement_for,
    statement_id,
)

REG = "0b0f2a4e-4b7c-5d2e-9a51-3c0de8b7a1f4"
HOME = "http://127.0.0.1:8100"


def _record(**over):
    fields = {
        "student": "3f9a1c",
        "item": "bc-01",
        "kind": "question",
        "topic": "02-bakers-cyst",
        "answer": "a",
        "score": 1.0,
        "certainty": "high",
        "mode": "tutor",
        "notebook": "02-bakers-cyst",
        "session": "s1",
        "time": "2026-12-01T20:00:00.123456+00:00",
    }
    fields.update(over)
    return parse_record(fields)


RECORDS = [
    _record(),
    _record(answer=["a", "c"], score=0.5, certainty=None, mode="review", item="mn-03"),
    _record(answer={"x": "1", "y": "2"}, score=0.0, certainty="low", mode="post-test"),
    _record(kind="case-choice", item="dvt", answer="ask-travel", score=None, certainty=None),
    _record(
        kind="case-ending",
        item="dvt",
        answer="best",
        score=None,
        certainty=None,
        counters={"score": 7, "time": 23},
    ),
    _record(notebook=None, session=None),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: f"{r.kind}-{r.mode}")
def test_a_statement_maps_back_to_the_same_record(record):
    statement = statement_for(record, homepage=HOME, registration=REG, display_name="Ann")
    assert record_from_statement(statement) == record


def test_the_statement_id_is_derived_from_the_record_and_stable():
    a, b = _record(), _record()
    assert statement_id(a) == statement_id(b)
    assert statement_id(a) != statement_id(_record(answer="b"))
    assert statement_for(a, homepage=HOME, registration=REG)["id"] == statement_id(a)


def test_a_question_is_answered_with_score_success_response_and_certainty():
    s = statement_for(_record(), homepage=HOME, registration=REG, display_name="Ann")
    assert s["verb"]["id"] == VERBS["question"][0] == "http://adlnet.gov/expapi/verbs/answered"
    assert s["object"]["id"] == activity_iri("question", "bc-01")
    assert s["result"]["score"] == {"scaled": 1.0, "raw": 1.0, "min": 0, "max": 1}
    assert s["result"]["success"] is True
    assert s["result"]["response"] == "a"
    assert s["result"]["extensions"][EXTENSIONS["certainty"]] == "high"
    assert s["context"]["registration"] == REG
    assert s["context"]["contextActivities"]["parent"][0]["id"] == activity_iri(
        "notebook", "02-bakers-cyst"
    )


def test_case_choices_are_experienced_and_endings_completed():
    choice, ending = RECORDS[3], RECORDS[4]
    assert statement_for(choice, homepage=HOME, registration=REG)["verb"]["id"].endswith(
        "/experienced"
    )
    done = statement_for(ending, homepage=HOME, registration=REG)
    assert done["verb"]["id"].endswith("/completed")
    assert done["object"]["id"] == activity_iri("case", "dvt")
    assert "score" not in done["result"]


def test_the_actor_is_the_random_id_and_the_typed_name_only():
    s = statement_for(_record(), homepage=HOME, registration=REG, display_name="Ann")
    assert s["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": HOME, "name": "3f9a1c"},
        "name": "Ann",
    }
    anonymous = statement_for(_record(), homepage=HOME, registration=REG)
    assert "name" not in anonymous["actor"]


def test_a_join_code_carries_the_workshop_and_reads_back():
    w = Workshop.make("http://10.1.2.3:8100/", "workshop:s3cret", REG)
    code = w.join_code()
    assert code.startswith(JOIN_PREFIX)
    assert "s3cret" not in code
    assert Workshop.from_join_code("  " + code + "\n") == w


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("hello", "join code: expected a code starting with 'kneelib-join:', found 'hello'"),
        (
            JOIN_PREFIX + "%%%",
            "join code: expected the whole code as your instructor gave it, found a damaged or shortened one",
        ),
    ],
)
def test_a_bad_join_code_says_what_is_wrong(code, message):
    with pytest.raises(WorkshopError) as info:
        Workshop.from_join_code(code)
    assert str(info.value) == message


def test_a_truncated_join_code_is_refused():
    code = Workshop.make("http://127.0.0.1:8100", "w:p").join_code()
    with pytest.raises(WorkshopError, match="damaged or shortened"):
        Workshop.from_join_code(code[:-7])


def test_the_environment_needs_both_url_and_account():
    assert Workshop.from_env({}) is None
    with pytest.raises(WorkshopError) as info:
        Workshop.from_env({"KNEELIB_LRS_URL": "http://127.0.0.1:8100"})
    assert (
        str(info.value)
        == "KNEELIB_LRS_AUTH: expected it to be set together with the other, found it unset"
    )
    w = Workshop.from_env(
        {"KNEELIB_LRS_URL": "http://127.0.0.1:8100", "KNEELIB_LRS_AUTH": "workshop:pw"}
    )
    assert (w.username, w.password, w.homepage) == ("workshop", "pw", "http://127.0.0.1:8100")


@pytest.mark.parametrize(
    ("url", "auth", "message"),
    [
        ("ftp://x", "a:b", "workshop URL: expected an http(s) address"),
        ("http://x:1", "nopassword", "workshop account: expected user:password"),
    ],
)
def test_bad_settings_are_refused_with_a_reason(url, auth, message):
    with pytest.raises(WorkshopError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Workshop.make(url, auth)


def test_the_password_never_shows_in_the_workshops_repr():
    assert "s3cret" not in repr(Workshop.make("http://x:1", "w:s3cret"))
