"""Attempt records as xAPI 1.0.3 statements, and back. Pure: no network, no files.

Each ``kneelib.records.AttemptRecord`` maps to exactly one statement and the
statement maps back to the same record, so a gradebook computed from a
learning record store equals the one computed from exported files.

- **id**: a UUID version 5 of the record's own id, so a statement sent twice
  has the same id and the store keeps it once.
- **actor**: the progress file's random id as an account on the workshop's
  home page, with the display name the student typed (nothing else personal).
- **verb** (ADL vocabulary): a question is *answered*, a case choice is
  *experienced*, a case ending is *completed*.
- **object**: a stable IRI per question or case under ``ACTIVITY_BASE``.
- **result**: score (scaled 0-1), success, response, and the certainty as an
  extension; a case ending carries its counters.
- **context**: the workshop's registration (a UUID), the notebook as the
  parent activity, and the session, mode and topic as extensions.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from .records import AttemptRecord, RecordError, parse_record

__all__ = [
    "ACTIVITY_BASE",
    "EXTENSIONS",
    "VERBS",
    "activity_iri",
    "record_from_statement",
    "statement_for",
    "statement_id",
]

#: The root of every activity and extension IRI (stable; changing it changes every IRI).
ACTIVITY_BASE = "https://kneelib.invalid/xapi/"
#: The namespace of statement ids (a fixed, random UUID: never change it).
STATEMENT_NAMESPACE = uuid.UUID("0c8e3f55-2b1d-4a7e-9d2f-6a4b5c3d2e1f")
LANGUAGE = "en-GB"

VERBS: dict[str, tuple[str, str]] = {
    "question": ("http://adlnet.gov/expapi/verbs/answered", "answered"),
    "case-choice": ("http://adlnet.gov/expapi/verbs/experienced", "experienced"),
    "case-ending": ("http://adlnet.gov/expapi/verbs/completed", "completed"),
}
ACTIVITY_TYPES: dict[str, str] = {
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "case": "http://adlnet.gov/expapi/activities/simulation",
    "notebook": "http://adlnet.gov/expapi/activities/lesson",
}
EXTENSIONS: dict[str, str] = {
    name: f"{ACTIVITY_BASE}extensions/{name}"
    for name in ("certainty", "answer", "counters", "session", "mode", "topic")
}
_VERB_KIND = {iri: kind for kind, (iri, _) in VERBS.items()}


def activity_iri(kind: str, item: str) -> str:
    """The stable IRI of a question, case or notebook: ``ACTIVITY_BASE + kind/item``."""
    return f"{ACTIVITY_BASE}{kind}/{item}"


def statement_id(record: AttemptRecord) -> str:
    """The statement's id, derived from the record's id (the same record, the same statement)."""
    return str(uuid.uuid5(STATEMENT_NAMESPACE, record.id))


def _response(answer: Any) -> str:
    if isinstance(answer, str):
        return answer
    if isinstance(answer, list):
        return "[,]".join(str(a) for a in answer)  # xAPI's separator for choice lists
    return json.dumps(answer, sort_keys=True, ensure_ascii=False)


def statement_for(
    record: AttemptRecord,
    *,
    homepage: str,
    registration: str,
    display_name: str | None = None,
) -> dict[str, Any]:
    """The xAPI 1.0.3 statement for one attempt record."""
    verb_iri, verb_word = VERBS[record.kind]
    object_kind = "question" if record.kind == "question" else "case"
    actor: dict[str, Any] = {
        "objectType": "Agent",
        "account": {"homePage": homepage, "name": record.student},
    }
    if display_name:
        actor["name"] = display_name
    result: dict[str, Any] = {
        "response": _response(record.answer),
        "extensions": {EXTENSIONS["answer"]: json.dumps(record.answer, ensure_ascii=False)},
    }
    if record.score is not None:
        result["score"] = {"scaled": record.score, "raw": record.score, "min": 0, "max": 1}
        result["success"] = record.correct
    if record.certainty is not None:
        result["extensions"][EXTENSIONS["certainty"]] = record.certainty
    if record.counters is not None:
        result["extensions"][EXTENSIONS["counters"]] = dict(record.counters)
    if record.kind == "case-ending":
        result["completion"] = True
    context: dict[str, Any] = {
        "registration": registration,
        "extensions": {EXTENSIONS["mode"]: record.mode, EXTENSIONS["topic"]: record.topic},
    }
    if record.session is not None:
        context["extensions"][EXTENSIONS["session"]] = record.session
    if record.notebook is not None:
        context["contextActivities"] = {
            "parent": [
                {
                    "objectType": "Activity",
                    "id": activity_iri("notebook", record.notebook),
                    "definition": {"type": ACTIVITY_TYPES["notebook"]},
                }
            ]
        }
    return {
        "id": statement_id(record),
        "actor": actor,
        "verb": {"id": verb_iri, "display": {LANGUAGE: verb_word}},
        "object": {
            "objectType": "Activity",
            "id": activity_iri(object_kind, record.item),
            "definition": {
                "type": ACTIVITY_TYPES[object_kind],
                "name": {LANGUAGE: record.item},
            },
        },
        "result": result,
        "context": context,
        "timestamp": record.time.isoformat(timespec="microseconds"),
    }


def record_from_statement(statement: Mapping[str, Any]) -> AttemptRecord:
    """The attempt record a statement was made from; RecordError naming what is missing otherwise."""
    where = f"statement {statement.get('id', '?')}"
    try:
        kind = _VERB_KIND[statement["verb"]["id"]]
        object_id = statement["object"]["id"]
        student = statement["actor"]["account"]["name"]
        result = statement.get("result", {})
        context = statement.get("context", {})
        extensions = result.get("extensions", {})
        context_ext = context.get("extensions", {})
    except (KeyError, TypeError) as exc:
        raise RecordError(f"{where}: expected a kneelib statement, found no {exc}") from None
    prefix = activity_iri("question" if kind == "question" else "case", "")
    if not object_id.startswith(prefix):
        raise RecordError(f"{where}: object: expected an IRI under {prefix}, found {object_id}")
    parents = context.get("contextActivities", {}).get("parent", [])
    notebook_prefix = activity_iri("notebook", "")
    notebook = next(
        (
            p["id"][len(notebook_prefix) :]
            for p in parents
            if p.get("id", "").startswith(notebook_prefix)
        ),
        None,
    )
    raw_answer = extensions.get(EXTENSIONS["answer"])
    return parse_record(
        {
            "student": student,
            "item": object_id[len(prefix) :],
            "kind": kind,
            "topic": context_ext.get(EXTENSIONS["topic"], ""),
            "answer": json.loads(raw_answer) if raw_answer is not None else result.get("response"),
            "score": result.get("score", {}).get("scaled"),
            "certainty": extensions.get(EXTENSIONS["certainty"]),
            "mode": context_ext.get(EXTENSIONS["mode"], "tutor"),
            "notebook": notebook,
            "session": context_ext.get(EXTENSIONS["session"]),
            "time": statement.get("timestamp"),
            "counters": extensions.get(EXTENSIONS["counters"]),
        },
        where,
    )
