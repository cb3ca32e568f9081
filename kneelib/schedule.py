"""The spaced-review schedule: one FSRS card per answered question, derived from the attempt records.

Pure logic plus one cache file; no widgets. The scheduler is the ``fsrs``
package (Free Spaced Repetition Scheduler, which Anki also offers).

**Cards from records.** Every question a student has answered is a card. Its
answers are replayed through FSRS in the order they were made, each with a
rating from the grade and the certainty:

- wrong (less than full marks) -> Again;
- right, low certainty -> Hard;
- right, medium or no certainty -> Good;
- right, high certainty -> Easy.

With the settings here (one 10-minute learning step, no fuzzing, so a
rebuild always gives the same schedule) a new card answered wrongly is due
again after 10 minutes, an unsure right answer after 15 minutes, a right
answer after 2 days and a sure right answer after 8 days; later intervals
grow with each right answer.

**A clock that goes backwards** (an answer saved with an earlier time than
the one before it) never moves a card back in time: each answer counts at
the later of its own time and the time of the answer before it. Asking what
is due at a time before the last answer simply finds less due.

**The cache** (``progress.json.schedule`` beside the progress file, never in
the course folder) saves the cards and how many records they include, so a
later call replays only the new answers. It is derived: a missing, damaged or
unknown cache, or one that does not match the records, is rebuilt from the
records, and a damaged or unknown one is reported in one line. A cache that
cannot be written is not an error: the schedule is then kept in memory.

**Today's order** (``interleave``): due cards most overdue first; then, so
that the review mixes topics, the next item is the most overdue one from a
different topic than the one just shown, when there is one; and the due
questions of one look-alike group (``data/lookalikes.yaml``) are placed side
by side, one from each of its conditions in turn, for as long as at least two
of its conditions have a question due (the rest take their own places).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from fsrs import Card, Rating, Scheduler

from .errors import KneelibError
from .files import write_json
from .records import AttemptRecord

__all__ = [
    "CACHE_FORMAT",
    "CACHE_VERSION",
    "DueCard",
    "Schedule",
    "build_schedule",
    "cache_path",
    "interleave",
    "load_schedule",
    "rating_for",
    "scheduler",
]

CACHE_FORMAT = "kneelib-schedule"
CACHE_VERSION = 1
LEARNING_STEP = timedelta(minutes=10)


def scheduler() -> Scheduler:
    """The FSRS scheduler of the series (default FSRS-6 parameters, one 10-minute step, no fuzzing)."""
    return Scheduler(
        learning_steps=(LEARNING_STEP,),
        relearning_steps=(LEARNING_STEP,),
        enable_fuzzing=False,
    )


def _settings_key() -> str:
    text = json.dumps(scheduler().to_dict(), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def rating_for(record: AttemptRecord) -> Rating:
    """The FSRS rating of one answer: wrong -> Again; right and low -> Hard; medium or none -> Good; high -> Easy."""
    if not record.correct:
        return Rating.Again
    return {"low": Rating.Hard, "high": Rating.Easy}.get(record.certainty or "", Rating.Good)


@dataclass(frozen=True)
class DueCard:
    """One question due for review."""

    item: str
    topic: str
    due: datetime
    reviews: int
    last_review: datetime

    def overdue(self, now: datetime) -> timedelta:
        """How long past due at ``now``."""
        return now - self.due


@dataclass
class Schedule:
    """Every card, the records it was made from (how many, the last one's id) and its clock."""

    cards: dict[str, Card] = field(default_factory=dict)
    topics: dict[str, str] = field(default_factory=dict)
    reviews: dict[str, int] = field(default_factory=dict)
    consumed: int = 0
    last_id: str | None = None
    clock: datetime | None = None

    def add(self, records: Sequence[AttemptRecord]) -> None:
        """Replay records after the ones already included (the whole list is passed, in record order)."""
        fsrs = scheduler()
        for rec in records[self.consumed :]:
            self.consumed += 1
            self.last_id = rec.id
            if rec.kind != "question":
                continue
            when = rec.time if self.clock is None else max(rec.time, self.clock)
            self.clock = when
            card = self.cards.get(rec.item) or Card(card_id=zlib.crc32(rec.item.encode()))
            self.cards[rec.item], _ = fsrs.review_card(card, rating_for(rec), when)
            self.topics[rec.item] = rec.topic
            self.reviews[rec.item] = self.reviews.get(rec.item, 0) + 1

    def due(self, now: datetime) -> list[DueCard]:
        """The cards due at ``now``, most overdue first (ties by question id)."""
        now = _aware(now)
        out = [
            DueCard(item, self.topics[item], card.due, self.reviews[item], card.last_review)
            for item, card in self.cards.items()
            if card.due <= now
        ]
        return sorted(out, key=lambda d: (d.due, d.item))

    def next_due(self, after: datetime) -> datetime | None:
        """When the next card falls due after ``after`` (None when there are no cards)."""
        later = [c.due for c in self.cards.values() if c.due > _aware(after)]
        return min(later, default=None)

    def to_cache(self, student: str) -> dict[str, Any]:
        """The cache file's content."""
        return {
            "format": CACHE_FORMAT,
            "version": CACHE_VERSION,
            "settings": _settings_key(),
            "student": student,
            "consumed": self.consumed,
            "last_id": self.last_id,
            "clock": self.clock.isoformat() if self.clock else None,
            "cards": {
                item: {
                    "card": card.to_dict(),
                    "topic": self.topics[item],
                    "reviews": self.reviews[item],
                }
                for item, card in self.cards.items()
            },
        }

    @classmethod
    def from_cache(cls, data: Any, student: str, records: Sequence[AttemptRecord]) -> Schedule:
        """A schedule read back from a cache; ValueError saying why when it cannot be used."""
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            raise ValueError("it is not a kneelib schedule")
        if data.get("version") != CACHE_VERSION or data.get("settings") != _settings_key():
            raise ValueError("it was made by another version or settings")
        if data.get("student") != student:
            raise _Stale  # a new progress file: nothing of the old schedule applies
        consumed = data.get("consumed")
        if (
            not isinstance(consumed, int)
            or not 0 <= consumed <= len(records)
            or (consumed and records[consumed - 1].id != data.get("last_id"))
        ):
            raise _Stale
        try:
            out = cls(consumed=consumed, last_id=data.get("last_id"))
            out.clock = datetime.fromisoformat(data["clock"]) if data.get("clock") else None
            for item, entry in data["cards"].items():
                out.cards[item] = Card.from_dict(entry["card"])
                out.topics[item] = str(entry["topic"])
                out.reviews[item] = int(entry["reviews"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"its cards cannot be read ({type(exc).__name__})") from None
        return out


class _Stale(KneelibError):
    """The cache is sound but made from other records (an older copy): rebuilt without a notice."""


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def build_schedule(records: Iterable[AttemptRecord]) -> Schedule:
    """The schedule from the records alone."""
    out = Schedule()
    out.add(list(records))
    return out


def cache_path(progress_path: Path) -> Path:
    """Where a progress file's schedule is cached: beside it."""
    return progress_path.with_name(progress_path.name + ".schedule")


def load_schedule(
    records: Sequence[AttemptRecord], student: str, progress_path: Path
) -> tuple[Schedule, str | None]:
    """The schedule (cache plus the new records, or rebuilt) and a one-line notice when the cache was unusable."""
    path = cache_path(progress_path)
    records = list(records)
    notice = None
    schedule = None
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = None
    except OSError as exc:
        raw, notice = None, f"cannot be read ({exc.strerror})"
    if raw is not None:
        try:
            schedule = Schedule.from_cache(json.loads(raw.decode("utf-8")), student, records)
        except _Stale:
            schedule = None
        except (ValueError, UnicodeDecodeError) as exc:
            reason = (
                str(exc) if not isinstance(exc, json.JSONDecodeError | UnicodeDecodeError) else ""
            )
            notice = reason or "it is damaged"
    before = schedule.consumed if schedule is not None else -1
    if schedule is None:
        schedule = Schedule()
    schedule.add(records)
    if notice is not None:
        answered = sum(r.kind == "question" for r in records)
        notice = (
            f"Your review schedule could not be used ({notice}); it was rebuilt from your "
            f"{answered} saved answer{'s' if answered != 1 else ''}."
        )
    if schedule.consumed != before:
        # The schedule is derived: when the cache cannot be written it is kept in memory.
        with contextlib.suppress(OSError):
            write_json(path, schedule.to_cache(student), private=True)
    return schedule, notice


# ---------------------------------------------------------------- today's order
def interleave(
    due: Sequence[DueCard], groups: Mapping[str, tuple[str, str]] | None = None
) -> list[DueCard]:
    """Most overdue first, topics mixed, look-alike questions side by side (see the module doc).

    ``groups`` maps a question id to (look-alike group, member condition).
    """
    groups = groups or {}
    # Blocks: the due questions of one look-alike group, taken in rounds of one
    # question per condition (most overdue first) while at least two of its
    # conditions still have one; what is left, and every other question, stands alone.
    in_block: dict[str, list[DueCard]] = {}
    by_group: dict[str, dict[str, list[DueCard]]] = {}
    for d in due:
        g = groups.get(d.item)
        if g is not None:
            by_group.setdefault(g[0], {}).setdefault(g[1], []).append(d)
    for members in by_group.values():
        queues = [list(q) for q in members.values()]
        block: list[DueCard] = []
        while sum(1 for q in queues if q) >= 2:
            for q in queues:
                if q:
                    block.append(q.pop(0))
        for c in block:
            in_block[c.item] = block
    blocks: list[list[DueCard]] = []
    for d in due:  # already most overdue first
        block = in_block.get(d.item)
        if block is None:
            blocks.append([d])
        elif block[0] is d:
            blocks.append(block)
    # Then mix topics: the most overdue block whose first topic differs from the last one shown.
    out: list[DueCard] = []
    rest = list(blocks)
    while rest:
        last = out[-1].topic if out else None
        pick = next((b for b in rest if b[0].topic != last), rest[0])
        rest.remove(pick)
        out.extend(pick)
    return out
