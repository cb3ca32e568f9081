"""Learning gain (pre-test to post-test) and calibration, from attempt records. Pure logic, no widgets.

**The forms.** ``data/questions/pre-test.yaml`` and ``post-test.yaml`` are two
parallel forms: the same objectives, the same number of items on each
objective, different items (``check_parallel`` says where they are not).

**Which attempts count.** For the gain, the *first* attempt at each item of a
form, made in that form's mode (``pre-test`` or ``post-test``): a second try
comes after the explanation was shown and would measure the feedback, not the
series. A student who answered at least one item of a form took it; an item
of that form they left unanswered scores 0 (and the note says so). A form with
no answer at all was not taken: no score, no gain.

**Normalised gain** (Hake's g) on each objective and on the whole form:
``g = (post - pre) / (max - pre)``, the share of the possible improvement that
was made; ``max`` is the number of items (one point each, partial credit
allowed). When ``pre == max`` there was nothing left to gain and g is
undefined (None, with a note): it is never divided by zero. g is negative
when the post-test score is lower. The cohort's gain on an objective is the
gain of the class averages (Hake's ⟨g⟩) over the students who took both forms.

**Retention** counts *every* attempt that meets material again after it was
taught: the spaced review, the warm-ups and the post-test, each try counted,
as the share right when an item comes back.

**Calibration** counts *every* answer given with a certainty (the review, the
warm-ups, the pre-test, the post-test and any quiz with certainty on): each
answer is a fresh judgement of how sure the student was. The counts and the
marks come from ``kneelib.certainty``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .certainty import Calibration, calibration, cbm_mark
from .content.questions import QuizFile
from .errors import KneelibError
from .records import CERTAINTIES, AttemptRecord

__all__ = [
    "ALL",
    "RETENTION_MODES",
    "CohortGain",
    "FormError",
    "ObjectiveGain",
    "Retention",
    "StudentCalibration",
    "check_parallel",
    "cohort_gain",
    "gain_sentence",
    "normalised_gain",
    "retention",
    "student_calibration",
    "student_gain",
]

#: The objective label of the row for the whole form.
ALL = "all"
PRE, POST = "pre-test", "post-test"


class FormError(KneelibError):
    """The pre-test and post-test forms are not parallel; the message names the file and the objective."""


def normalised_gain(pre: float, post: float, maximum: float) -> float | None:
    """``(post - pre) / (max - pre)``; None when ``pre == max`` (nothing left to gain)."""
    if maximum <= 0:
        raise KneelibError(f"normalised_gain: expected a maximum above 0, found {maximum!r}")
    if pre >= maximum:
        return None
    return (post - pre) / (maximum - pre)


def _counts(form: QuizFile) -> dict[str, int]:
    counts = {o.id: 0 for o in form.objectives}
    for q in form.questions:
        counts[q.objective] += 1
    return counts


def check_parallel(pre: QuizFile, post: QuizFile) -> dict[str, int]:
    """Items per objective, the same on both forms; FormError naming the file and objective otherwise."""
    a, b = _counts(pre), _counts(post)
    for objective in a:
        if objective not in b:
            raise FormError(
                f"{post.topic}: objectives: expected the objective '{objective}' of {pre.topic}, found none"
            )
    for objective in b:
        if objective not in a:
            raise FormError(
                f"{post.topic}: objectives: expected only the objectives of {pre.topic}, "
                f"found '{objective}'"
            )
    for objective, n in a.items():
        if b[objective] != n:
            raise FormError(
                f"{post.topic}: objective '{objective}': expected {n} item{'s' if n != 1 else ''} "
                f"as in {pre.topic}, found {b[objective]}"
            )
    return a


@dataclass(frozen=True)
class ObjectiveGain:
    """One student's pre-test and post-test points on one objective (or ``all``), and the gain."""

    objective: str
    maximum: int
    pre: float | None
    post: float | None
    gain: float | None
    note: str = ""


def _first_scores(
    records: Iterable[AttemptRecord], form: QuizFile, mode: str
) -> dict[str, float] | None:
    """The score of the first attempt (in ``mode``) at each item of the form; None when no item was answered."""
    items = {q.id for q in form.questions}
    first: dict[str, AttemptRecord] = {}
    for r in records:
        if r.kind != "question" or r.mode != mode or r.item not in items or r.score is None:
            continue
        if r.item not in first or r.time < first[r.item].time:
            first[r.item] = r
    if not first:
        return None
    return {item: float(r.score) for item, r in first.items()}


def _row(
    objective: str,
    items: Sequence[str],
    pre: Mapping[str, float] | None,
    post: Mapping[str, float] | None,
    pre_items: Sequence[str],
) -> ObjectiveGain:
    maximum = len(items)
    notes = []
    pre_points = None if pre is None else sum(pre.get(i, 0.0) for i in pre_items)
    post_points = None if post is None else sum(post.get(i, 0.0) for i in items)
    if pre is None:
        notes.append("no pre-test")
    else:
        skipped = sum(i not in pre for i in pre_items)
        if skipped:
            notes.append(f"{skipped} pre-test item{'s' if skipped != 1 else ''} unanswered (0)")
    if post is None:
        notes.append("no post-test")
    else:
        skipped = sum(i not in post for i in items)
        if skipped:
            notes.append(f"{skipped} post-test item{'s' if skipped != 1 else ''} unanswered (0)")
    gain = None
    if pre_points is not None and post_points is not None:
        gain = normalised_gain(pre_points, post_points, maximum)
        if gain is None:
            notes.append("g undefined: full marks on the pre-test (pre = max)")
    return ObjectiveGain(objective, maximum, pre_points, post_points, gain, "; ".join(notes))


def student_gain(
    records: Iterable[AttemptRecord], pre_form: QuizFile, post_form: QuizFile
) -> tuple[ObjectiveGain, ...]:
    """One row per objective (in the forms' order), then the whole form (``all``)."""
    check_parallel(pre_form, post_form)
    records = list(records)
    pre = _first_scores(records, pre_form, PRE)
    post = _first_scores(records, post_form, POST)
    rows = []
    for o in pre_form.objectives:
        pre_items = [q.id for q in pre_form.questions if q.objective == o.id]
        post_items = [q.id for q in post_form.questions if q.objective == o.id]
        rows.append(_row(o.id, post_items, pre, post, pre_items))
    rows.append(
        _row(
            ALL,
            [q.id for q in post_form.questions],
            pre,
            post,
            [q.id for q in pre_form.questions],
        )
    )
    return tuple(rows)


@dataclass(frozen=True)
class CohortGain:
    """The class-average gain on one objective, over the students who took both forms."""

    objective: str
    students: int
    maximum: int
    mean_pre: float | None
    mean_post: float | None
    gain: float | None


def cohort_gain(per_student: Iterable[Sequence[ObjectiveGain]]) -> tuple[CohortGain, ...]:
    """Hake's ⟨g⟩ per objective: the gain of the mean pre and mean post over students with both."""
    by_objective: dict[str, list[ObjectiveGain]] = {}
    order: list[str] = []
    maxima: dict[str, int] = {}
    for rows in per_student:
        for row in rows:
            if row.objective not in by_objective:
                by_objective[row.objective] = []
                order.append(row.objective)
                maxima[row.objective] = row.maximum
            if row.pre is not None and row.post is not None:
                by_objective[row.objective].append(row)
    out = []
    for objective in order:
        rows = by_objective[objective]
        if not rows:
            out.append(CohortGain(objective, 0, maxima[objective], None, None, None))
            continue
        mean_pre = sum(r.pre for r in rows) / len(rows)
        mean_post = sum(r.post for r in rows) / len(rows)
        out.append(
            CohortGain(
                objective,
                len(rows),
                maxima[objective],
                mean_pre,
                mean_post,
                normalised_gain(mean_pre, mean_post, maxima[objective]),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class StudentCalibration:
    """Answers with a certainty at one level: how many, how many right, and their CBM mark total."""

    certainty: str
    answered: int
    right: int
    cbm_total: int

    @property
    def share(self) -> float | None:
        """Share right (0 to 1), None when nothing was answered at this level."""
        return self.right / self.answered if self.answered else None


def student_calibration(records: Iterable[AttemptRecord]) -> tuple[StudentCalibration, ...]:
    """Low, medium and high: every question answer given with that certainty, right ones and CBM marks."""
    records = [r for r in records if r.kind == "question" and r.certainty is not None]
    levels: dict[str, Calibration] = {c.certainty: c for c in calibration(records)}
    totals = dict.fromkeys(CERTAINTIES, 0)
    for r in records:
        totals[r.certainty] += cbm_mark(r.certainty, r.correct)
    return tuple(
        StudentCalibration(c, levels[c].answered, levels[c].right, totals[c]) for c in CERTAINTIES
    )


def _points(x: float) -> str:
    return f"{round(x, 2):g}"


def gain_sentence(row: ObjectiveGain) -> str:
    """One sentence for the student about a row (usually ``all``): before, after and the share of the possible gain."""
    if row.post is None:
        return "Take the post-test in notebook 10 to see your gain."
    after = f"{_points(row.post)} of {row.maximum} after the series"
    if row.pre is None:
        return (
            f"You scored {after}. There is no pre-test score to compare with, so no gain can be "
            "worked out; that is fine, and the table shows where you stand on each objective."
        )
    before = f"{_points(row.pre)} of {row.maximum} before"
    if row.gain is None:
        return f"You scored {before} and {after}: full marks at the start left nothing to gain."
    if row.gain < 0:
        return (
            f"You scored {before} and {after}: lower than at the start (g = {row.gain:.2f}); "
            "revise the objectives marked below."
        )
    return (
        f"You scored {before} and {after}: you made {round(100 * row.gain)}% of the gain that was "
        f"possible (g = {row.gain:.2f})."
    )


#: The modes in which a student meets taught material again.
RETENTION_MODES: tuple[str, ...] = ("review", "warm-up", "post-test")


@dataclass(frozen=True)
class Retention:
    """Every attempt in one mode: how many, how many fully right, and the mean score."""

    mode: str
    attempts: int
    right: int
    points: float

    @property
    def share(self) -> float | None:
        """Share fully right (0 to 1), None when there was no attempt."""
        return self.right / self.attempts if self.attempts else None

    @property
    def mean_score(self) -> float | None:
        """Mean score with partial credit, None when there was no attempt."""
        return self.points / self.attempts if self.attempts else None


def retention(records: Iterable[AttemptRecord]) -> tuple[Retention, ...]:
    """Review, warm-up and post-test: every question attempt in each, right ones and points."""
    attempts = dict.fromkeys(RETENTION_MODES, 0)
    right = dict.fromkeys(RETENTION_MODES, 0)
    points = dict.fromkeys(RETENTION_MODES, 0.0)
    for r in records:
        if r.kind == "question" and r.mode in attempts and r.score is not None:
            attempts[r.mode] += 1
            right[r.mode] += r.correct
            points[r.mode] += float(r.score)
    return tuple(Retention(m, attempts[m], right[m], points[m]) for m in RETENTION_MODES)
