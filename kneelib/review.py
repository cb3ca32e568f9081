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
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from .content.questions import Question, QuizFile
from .errors import KneelibError
from .records import as_records, latest_by_item, missed, questions_only
from .schedule import Schedule, interleave

__all__ = [
    "CAPSTONE_PREFIX",
    "Attempt",
    "CapstoneSession",
    "DrawnQuestion",
    "DueQuestion",
    "ReviewError",
    "ReviewItem",
    "TopicScore",
    "draw_quiz",
    "due_questions",
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


def review_order(
    bank: Mapping[str, QuizFile],
    answers: Iterable[Any],
    now: datetime | None = None,
    stale_days: int = 7,
) -> tuple[ReviewItem, ...]:
    """Every question of the bank in spaced-review order (see the module doc), with its reason.

    Missed questions come in the one order of ``kneelib.records.missed``.
    """
    now = now if now is not None else datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    records = as_records(answers)
    last = latest_by_item(records)
    missed_rank = {r.item: n for n, r in enumerate(missed(records))}
    stale = timedelta(days=stale_days)
    keyed = []
    position = 0
    for topic, quiz in bank.items():
        for q in quiz.questions:
            position += 1
            if q.id not in last:
                reason, when, rank = "never-seen", None, position
            else:
                when = last[q.id].time
                if q.id in missed_rank:
                    reason, rank = "missed", missed_rank[q.id]
                elif now - when >= stale:
                    reason, rank = "not-seen-recently", position
                else:
                    reason, rank = "seen-recently", position
            order_time = when.timestamp() if when is not None and reason != "missed" else 0.0
            keyed.append(
                (
                    (_REASON_ORDER.index(reason), order_time, rank),
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


def scores_by_attempt(answers: Iterable[Any], prefix: str = CAPSTONE_PREFIX) -> tuple[Attempt, ...]:
    """Each attempt (session starting with ``prefix``) with its score by topic, oldest first.

    Reads attempt records (or answers as mappings) through ``kneelib.records``;
    within an attempt only the latest answer to each question counts.
    """
    sessions: dict[str, list[Any]] = {}
    for rec in questions_only(as_records(answers)):
        if isinstance(rec.session, str) and rec.session.startswith(prefix):
            sessions.setdefault(rec.session, []).append(rec)
    attempts = []
    for session, recs in sessions.items():
        acc: dict[str, list[float]] = {}
        for rec in latest_by_item(recs).values():
            acc.setdefault(rec.topic or "?", []).append(rec.score or 0.0)
        by_topic = tuple(TopicScore(t, round(sum(v), 4), len(v)) for t, v in sorted(acc.items()))
        attempts.append(Attempt(session, min(r.time for r in recs), by_topic))
    return tuple(sorted(attempts, key=lambda a: (a.started, a.session)))


# ---------------------------------------------------------------- today's spaced review (FSRS)
@dataclass(frozen=True)
class DueQuestion:
    """A question due for review today, with its topic, when it fell due and its look-alike group."""

    topic: str
    question: Question
    due: datetime
    reviews: int
    group: str | None = None
    member: str | None = None


def due_questions(
    bank: Mapping[str, QuizFile],
    schedule: Schedule,
    now: datetime,
    groups: Mapping[str, tuple[str, str]] | None = None,
    n: int | None = None,
    before: str | None = None,
) -> tuple[DueQuestion, ...]:
    """The questions of the bank due at ``now``, in today's order (``kneelib.schedule.interleave``).

    ``before`` keeps only questions of notebooks that come before that one
    (``"03-tendinopathy"`` keeps 00-02), for a notebook's warm-up; ``n`` keeps
    the first n. Questions no longer in the bank are left out.
    """
    if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
        raise ReviewError(f"due_questions: n: expected a whole number of at least 1, found {n!r}")
    questions = {q.id: (t, q) for t, quiz in bank.items() for q in quiz.questions}
    groups = groups or {}
    due = [
        d
        for d in schedule.due(now)
        if d.item in questions and (before is None or questions[d.item][0] < before)
    ]
    # Order by the bank's topic, not the topic saved with the answer (a capstone answer keeps its notebook's).
    due = [replace(d, topic=questions[d.item][0]) for d in due]
    out = []
    for d in interleave(due, groups):
        topic, q = questions[d.item]
        g = groups.get(d.item)
        out.append(DueQuestion(topic, q, d.due, d.reviews, *(g or (None, None))))
    return tuple(out[:n] if n is not None else out)


# ---------------------------------------------------------------- the capstone session
@dataclass
class CapstoneSession:
    """One capstone attempt: its draw, its session id, the grades so far, and what finishing saves.

    The view (``kneelib.widgets.review.CapstoneView``) only shows it.
    """

    bank: Mapping[str, QuizFile]
    n: int = 20
    seed: int | None = None
    drawn: tuple[DrawnQuestion, ...] = ()
    session: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    finished: bool = False

    def __post_init__(self) -> None:
        self.new(self.seed)

    def new(self, seed: int | None = None) -> None:
        """Start a new attempt: draw again (a fresh seed when none is given), nothing answered."""
        seed = seed if seed is not None else new_seed()
        self.drawn = draw_quiz(self.bank, self.n, seed)  # a refused draw changes nothing
        self.seed = seed
        self.session = f"{CAPSTONE_PREFIX}{seed}-{secrets.token_hex(4)}"
        self.scores = {}
        self.finished = False

    @property
    def topics(self) -> dict[str, str]:
        """Question id -> the topic (question file) it was drawn from."""
        return {d.question.id: d.topic for d in self.drawn}

    def answer(self, question_id: str, score: float) -> None:
        """Note the score of an answer in this attempt; ReviewError after finishing or for a question not drawn."""
        if self.finished:
            raise ReviewError("This attempt is finished: press New attempt to try again.")
        if question_id not in self.topics:
            raise ReviewError(f"answer: expected a question of this draw, found '{question_id}'")
        self.scores[question_id] = float(score)

    def unanswered(self) -> tuple[DrawnQuestion, ...]:
        """The drawn questions not answered in this attempt."""
        return tuple(d for d in self.drawn if d.question.id not in self.scores)

    def finish(self) -> tuple[DrawnQuestion, ...]:
        """End the attempt; returns the questions to save as unanswered (0 points). A second finish returns none."""
        if self.finished:
            return ()
        self.finished = True
        return self.unanswered()

    def topic_scores(self) -> tuple[TopicScore, ...]:
        """Points by topic for this attempt (unanswered questions count 0)."""
        return score_by_topic(self.drawn, self.scores)
