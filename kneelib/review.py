"""The capstone review: a mixed quiz drawn from every bank, spaced review, and scores by topic over attempts.

Pure logic; the views are in ``kneelib.widgets.review``.

**Drawing a mixed quiz** (``draw_quiz``). The places are shared out across the
topics as evenly as possible: every topic gets ``n // k`` questions (k topics),
and the remaining places go to topics picked at random; a topic with too few
questions gives its unused places to the others. Within a topic the questions
are picked at random, and the whole quiz is shuffled. The same ``seed`` gives
the same quiz; ``seed=None`` makes a new draw each attempt.

**Spaced review order** (``review_order``), from the saved answers:

1. questions whose most recent answer was not fully correct (missed), the
   longest-waiting first;
2. questions never answered, in bank order;
3. questions answered correctly, but last seen ``stale_days`` days ago or more
   (default 7), the oldest first;
4. every other question, the least recently seen first.

**Attempts** are the answers saved under one quiz session; capstone attempts
use sessions that start with ``capstone-``.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from .content.questions import Question, QuizFile
from .errors import KneelibError

__all__ = [
    "CAPSTONE_PREFIX",
    "Attempt",
    "DrawnQuestion",
    "ReviewError",
    "ReviewItem",
    "TopicScore",
    "draw_quiz",
    "new_seed",
    "review_order",
    "score_by_topic",
    "scores_by_attempt",
    "spaced_review",
]

CAPSTONE_PREFIX = "capstone-"
ReviewReason = Literal["missed", "never-seen", "not-seen-recently", "seen-recently"]
_REASON_ORDER: tuple[str, ...] = ("missed", "never-seen", "not-seen-recently", "seen-recently")


class ReviewError(KneelibError):
    """A draw or review that cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class DrawnQuestion:
    """One question of a mixed quiz, with the topic (question file) it came from."""

    topic: str
    question: Question


@dataclass(frozen=True)
class TopicScore:
    """Points and number of questions for one topic."""

    topic: str
    points: float
    total: int

    @property
    def percent(self) -> float:
        """Points as a percentage of the topic's questions."""
        return 100.0 * self.points / self.total if self.total else 0.0


@dataclass(frozen=True)
class ReviewItem:
    """A question in the spaced-review order, with why it is there."""

    topic: str
    question: Question
    reason: ReviewReason
    last_seen: datetime | None


@dataclass(frozen=True)
class Attempt:
    """One attempt (a quiz session): when it started and the score by topic."""

    session: str
    started: datetime
    by_topic: tuple[TopicScore, ...] = field(default_factory=tuple)

    @property
    def points(self) -> float:
        """Total points of the attempt."""
        return sum(t.points for t in self.by_topic)

    @property
    def total(self) -> int:
        """Number of questions answered in the attempt."""
        return sum(t.total for t in self.by_topic)


def new_seed() -> int:
    """A fresh random seed for a new draw (shown to the student so a draw can be repeated)."""
    return secrets.randbelow(10**9)


def _items(bank: Mapping[str, QuizFile]) -> dict[str, list[Question]]:
    out = {topic: list(quiz.questions) for topic, quiz in bank.items() if quiz.questions}
    if not out:
        raise ReviewError(
            "draw_quiz: expected at least one question bank with questions, found none"
        )
    return out


def draw_quiz(
    bank: Mapping[str, QuizFile], n: int = 20, seed: int | str | None = None
) -> tuple[DrawnQuestion, ...]:
    """Draw ``n`` questions stratified by topic (see the module doc); the same seed gives the same quiz."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ReviewError(f"draw_quiz: n: expected a whole number of at least 1, found {n!r}")
    by_topic = _items(bank)
    available = sum(len(qs) for qs in by_topic.values())
    if n > available:
        raise ReviewError(
            f"draw_quiz: n: expected at most {available} (the questions in the bank), found {n}"
        )
    rng = random.Random(seed if seed is not None else new_seed())
    topics = sorted(by_topic)
    share = {t: 0 for t in topics}
    remaining = n
    # Fill in rounds: each round gives every topic that still has questions one place,
    # in a random order, until the places run out.
    while remaining:
        open_topics = [t for t in topics if share[t] < len(by_topic[t])]
        rng.shuffle(open_topics)
        for t in open_topics[:remaining]:
            share[t] += 1
        remaining -= min(remaining, len(open_topics))
    drawn = [DrawnQuestion(t, q) for t in topics for q in rng.sample(by_topic[t], share[t])]
    rng.shuffle(drawn)
    return tuple(drawn)


def score_by_topic(
    drawn: Sequence[DrawnQuestion], scores: Mapping[str, float]
) -> tuple[TopicScore, ...]:
    """Points by topic for a drawn quiz; ``scores`` maps question id to points (unanswered count 0)."""
    acc: dict[str, list[float]] = {}
    for d in drawn:
        acc.setdefault(d.topic, []).append(float(scores.get(d.question.id, 0.0)))
    return tuple(TopicScore(t, round(sum(v), 4), len(v)) for t, v in sorted(acc.items()))


def _time(record: Mapping[str, Any]) -> datetime | None:
    raw = record.get("time")
    if not isinstance(raw, str):
        return None
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _last_answers(
    answers: Iterable[Mapping[str, Any]],
) -> dict[str, tuple[datetime, Mapping[str, Any]]]:
    last: dict[str, tuple[datetime, Mapping[str, Any]]] = {}
    for rec in answers:
        qid, when = rec.get("question_id"), _time(rec)
        if isinstance(qid, str) and when is not None and (qid not in last or when >= last[qid][0]):
            last[qid] = (when, rec)
    return last


def review_order(
    bank: Mapping[str, QuizFile],
    answers: Iterable[Mapping[str, Any]],
    now: datetime | None = None,
    stale_days: int = 7,
) -> tuple[ReviewItem, ...]:
    """Every question of the bank in spaced-review order (see the module doc), with its reason."""
    now = now if now is not None else datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    last = _last_answers(answers)
    stale = timedelta(days=stale_days)
    keyed = []
    position = 0
    for topic, quiz in bank.items():
        for q in quiz.questions:
            position += 1
            if q.id not in last:
                reason, when = "never-seen", None
            else:
                when, rec = last[q.id]
                if not rec.get("correct"):
                    reason = "missed"
                elif now - when >= stale:
                    reason = "not-seen-recently"
                else:
                    reason = "seen-recently"
            order_time = when.timestamp() if when is not None else 0.0
            keyed.append(
                (
                    (_REASON_ORDER.index(reason), order_time, position),
                    ReviewItem(topic, q, reason, when),
                )
            )
    return tuple(item for _, item in sorted(keyed, key=lambda kv: kv[0]))


def spaced_review(
    bank: Mapping[str, QuizFile],
    answers: Iterable[Mapping[str, Any]],
    n: int = 10,
    now: datetime | None = None,
    stale_days: int = 7,
) -> tuple[ReviewItem, ...]:
    """The first ``n`` questions of the spaced-review order."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ReviewError(f"spaced_review: n: expected a whole number of at least 1, found {n!r}")
    return review_order(bank, answers, now, stale_days)[:n]


def scores_by_attempt(
    answers: Iterable[Mapping[str, Any]], prefix: str = CAPSTONE_PREFIX
) -> tuple[Attempt, ...]:
    """Each attempt (session starting with ``prefix``) with its score by topic, oldest first.

    Within an attempt only the latest answer to each question counts.
    """
    sessions: dict[str, dict[str, tuple[datetime, Mapping[str, Any]]]] = {}
    started: dict[str, datetime] = {}
    for rec in answers:
        session, qid, when = rec.get("session"), rec.get("question_id"), _time(rec)
        if not (
            isinstance(session, str)
            and session.startswith(prefix)
            and isinstance(qid, str)
            and when is not None
        ):
            continue
        started[session] = min(started.get(session, when), when)
        per_q = sessions.setdefault(session, {})
        if qid not in per_q or when >= per_q[qid][0]:
            per_q[qid] = (when, rec)
    attempts = []
    for session, per_q in sessions.items():
        acc: dict[str, list[float]] = {}
        for _, rec in per_q.values():
            score = rec.get("score")
            points = (
                float(score)
                if isinstance(score, (int, float)) and not isinstance(score, bool)
                else 0.0
            )
            acc.setdefault(str(rec.get("topic", "?")), []).append(points)
        by_topic = tuple(TopicScore(t, round(sum(v), 4), len(v)) for t, v in sorted(acc.items()))
        attempts.append(Attempt(session, started[session], by_topic))
    return tuple(sorted(attempts, key=lambda a: (a.started, a.session)))
