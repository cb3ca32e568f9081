"""The item checker for authors: flaws that let a test-wise student answer without the topic.

Pure logic over the loaded question bank (data/questions/*.yaml and the graded
vignettes of data/first_investigation.yaml). Each check has an id and a
severity; ``lint_paths`` returns every flaw found and a summary per file.
The checks follow the NBME item-writing habits summarised in
docs/content-format.md ("Item flaws"), where each one has a weak and a better
example. Several checks are heuristics: they name what they saw so that an
author can judge.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .content.base import ContentError, Problem, data_dir, display_name

__all__ = [
    "ABSOLUTE_WORDS",
    "CHECKS",
    "Check",
    "FileSummary",
    "Flaw",
    "Item",
    "LintReport",
    "is_vignette",
    "lint_items",
    "lint_paths",
]

#: Words that make a statement absolute; test-wise students learn that they mark a distractor.
ABSOLUTE_WORDS: tuple[str, ...] = (
    "always",
    "never",
    "only",
    "must",
    "all",
    "none",
    "every",
    "cannot",
    "completely",
    "entirely",
    "guaranteed",
)


@dataclass(frozen=True)
class Check:
    """One kind of item flaw: its id, its severity and what it looks for."""

    id: str
    severity: str  # "error" or "warning"
    summary: str


CHECKS: dict[str, Check] = {
    c.id: c
    for c in (
        Check("key-longest", "warning", "the key is the longest option by a clear margin"),
        Check("absolute-words", "warning", "absolute words in distractors but not in the key"),
        Check("stem-echo", "warning", "a word of the stem is repeated in the key only"),
        Check("negative-lead-in", "error", "a negative lead-in (NOT, EXCEPT, least likely)"),
        Check("all-none-above", "error", "'all of the above' or 'none of the above'"),
        Check("few-options", "error", "a single-choice item with fewer than 4 options"),
        Check("mixed-options", "warning", "options of mixed kind (diagnoses, tests, actions...)"),
        Check("no-reason", "warning", "an explanation that gives no reason"),
        Check("numeric-recall", "warning", "a numeric item that recalls a figure"),
        Check("study-detail", "warning", "a stem whose answer is a study's detail"),
        Check("answer-in-options", "error", "the answer can be read off the options"),
        Check("level-no-patient", "error", "an application or analysis item with no patient"),
        Check("missing-level", "error", "an item without a level"),
    )
}

#: Margin by which the key must out-measure every other option to be flagged.
KEY_MARGIN_RATIO = 1.25
KEY_MARGIN_CHARS = 8


@dataclass(frozen=True)
class Flaw:
    """One flaw of one item, printed as one line in the validator's style."""

    file: str
    item: str
    field: str
    message: str
    check: str
    severity: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.item}: {self.field}: {self.message} [{self.severity} {self.check}]"
        )


@dataclass(frozen=True)
class Option:
    """An option as the checker sees it."""

    id: str
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class Item:
    """One graded item, whatever file it came from."""

    file: str
    id: str
    type: str
    prompt: str
    level: str | None
    options: tuple[Option, ...] = ()
    # numeric
    answer: float | None = None
    tolerance: float | None = None
    # matching: (item id, item text, matched choice text, explanation); ordering: (id, text, "", explanation)
    pairs: tuple[tuple[str, str, str, str], ...] = ()
    explanations: tuple[tuple[str, str], ...] = ()  # (field, text) of every explanation


@dataclass
class FileSummary:
    """Figures for one question file (one notebook)."""

    file: str
    items: int = 0
    types: Counter = field(default_factory=Counter)
    vignettes: int = 0
    levels: Counter = field(default_factory=Counter)
    single: int = 0
    key_longest: int = 0
    keys: int = 0
    keys_absolute: int = 0
    distractors: int = 0
    distractors_absolute: int = 0

    def add(self, other: FileSummary) -> None:
        """Add another file's figures to these (for the whole bank)."""
        for name in ("items", "vignettes", "single", "key_longest", "keys", "keys_absolute"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.distractors += other.distractors
        self.distractors_absolute += other.distractors_absolute
        self.types.update(other.types)
        self.levels.update(other.levels)

    @staticmethod
    def _pct(part: int, whole: int) -> str:
        return f"{100 * part / whole:.0f}%" if whole else "-"

    def vignette_share(self) -> float:
        """Share of items that describe a patient (0-1)."""
        return self.vignettes / self.items if self.items else 0.0

    def key_longest_rate(self) -> float:
        """Share of single-choice items whose key is the longest option (0-1)."""
        return self.key_longest / self.single if self.single else 0.0

    def absolute_rates(self) -> tuple[float, float]:
        """Share of keys and of distractors holding an absolute word (0-1 each)."""
        return (
            self.keys_absolute / self.keys if self.keys else 0.0,
            self.distractors_absolute / self.distractors if self.distractors else 0.0,
        )

    def line(self) -> str:
        """The summary as one line."""
        types = ", ".join(f"{n} {t}" for t, n in sorted(self.types.items()))
        levels = ", ".join(
            f"{name} {self._pct(self.levels.get(name, 0), self.items)}"
            for name in ("recall", "application", "analysis")
        )
        if self.levels.get(None):
            levels += f", no level {self._pct(self.levels[None], self.items)}"
        return (
            f"{self.file}: {self.items} items ({types}); "
            f"vignettes {self._pct(self.vignettes, self.items)}; {levels}; "
            f"key longest {self._pct(self.key_longest, self.single)} of {self.single} single-choice; "
            f"absolute words in keys {self._pct(self.keys_absolute, self.keys)}, "
            f"in distractors {self._pct(self.distractors_absolute, self.distractors)}"
        )


@dataclass
class LintReport:
    """Every flaw found, the files' summaries and any content that could not be loaded."""

    flaws: list[Flaw]
    summaries: list[FileSummary]
    problems: list[Problem]

    def errors(self, strict: bool = False) -> list[Flaw]:
        """The flaws that fail the check (every flaw when ``strict``)."""
        return [f for f in self.flaws if strict or f.severity == "error"]

    def total(self) -> FileSummary:
        """The whole bank's figures."""
        total = FileSummary("all files")
        for s in self.summaries:
            total.add(s)
        return total


# ------------------------------------------------------------------ text helpers
_WORD = re.compile(r"[a-z][a-z'-]*")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?")
_AGE = re.compile(r"\b\d{1,3}-year-old\b")
_SEX = re.compile(r"\b(man|woman|boy|girl)\b", re.IGNORECASE)
_ABSOLUTE = re.compile(r"\b(" + "|".join(ABSOLUTE_WORDS) + r")\b", re.IGNORECASE)

_STOP = set(
    [
        "about",
        "above",
        "after",
        "again",
        "against",
        "along",
        "also",
        "although",
        "among",
        "another",
        "because",
        "before",
        "being",
        "below",
        "between",
        "both",
        "could",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "either",
        "every",
        "first",
        "from",
        "further",
        "have",
        "having",
        "here",
        "however",
        "into",
        "itself",
        "just",
        "least",
        "less",
        "like",
        "likely",
        "made",
        "make",
        "many",
        "more",
        "most",
        "much",
        "near",
        "next",
        "other",
        "others",
        "over",
        "patient",
        "patients",
        "same",
        "should",
        "since",
        "some",
        "still",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "under",
        "until",
        "very",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "whom",
        "whose",
        "will",
        "with",
        "within",
        "without",
        "would",
        "your",
        "most",
        "best",
        "following",
        "likeliest",
        "appropriate",
    ]
)


def is_vignette(prompt: str) -> bool:
    """True when the prompt describes a patient: an age written 'NN-year-old' and a sex word."""
    return bool(_AGE.search(prompt) and _SEX.search(prompt))


def _absolutes(text: str) -> list[str]:
    return sorted({m.group(1).lower() for m in _ABSOLUTE.finditer(text)})


def _stem(word: str) -> str:
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _content_words(text: str) -> dict[str, str]:
    """The content words of a text, by crude stem (plural s dropped), each with its first spelling."""
    words: dict[str, str] = {}
    for w in _WORD.findall(text.lower()):
        w = w.strip("'-")
        if len(w) < 5 or w in _STOP:
            continue
        words.setdefault(_stem(w), w)
    return words


def _lead_in(prompt: str) -> str:
    """The question the prompt ends with (its last sentence holding '?'), else the whole prompt."""
    sentences = re.split(r"(?<=[.?!])\s+", prompt.strip())
    asked = [s for s in sentences if "?" in s]
    return asked[-1] if asked else prompt


def _numbers(text: str) -> list[float]:
    return [float(n.replace(",", ".")) for n in _NUMBER.findall(text)]


# ------------------------------------------------------------------ option kinds
_TEST = re.compile(
    r"\b(ultrasound|ultrasonography|mri|x-rays?|radiographs?|ct|duplex|d-dimer|scan|"
    r"imaging|blood tests?|crp|esr|doppler|angiogra\w*|arthroscopy|ankle-brachial|abi)\b",
    re.IGNORECASE,
)
_ACTION = re.compile(
    r"^(refer|start|give|prescribe|advise|reassure|arrange|aspirate|inject|rest|review|"
    r"stop|send|admit|discharge|begin|continue|offer|repeat|request|treat|immobili[sz]e|"
    r"apply|load|teach|explain|ask|examine|measure|check|palpate|observe|wait|none)\b",
    re.IGNORECASE,
)
_TREATMENT = re.compile(
    r"\b(injections?|excision|aspiration|anticoagulation|surgery|physiotherapy|referral|exercises?|"
    r"programme|splint|brace|crutches|analgesia|paracetamol|nsaids?|ibuprofen|"
    r"corticosteroids?|reassurance|advice|ice|loading|rest)\b",
    re.IGNORECASE,
)
_DIAGNOSIS = re.compile(
    r"\b(\w+itis|\w+osis|\w+opathy|cyst|tears?|thrombosis|aneurysm|fracture|rupture|"
    r"syndrome|dislocation|sprain|strain|tumou?r|sarcoma|ganglion|claudication|"
    r"entrapment|gout|infection|dvt|injury|injuries|lesion|effusion)\b",
    re.IGNORECASE,
)
_STRUCTURE = re.compile(
    r"\b(muscles?|tendons?|artery|arteries|veins?|nerves?|bursa|meniscus|ligaments?|"
    r"capsule|gastrocnemius|semimembranosus|semitendinosus|biceps femoris|popliteus|"
    r"plantaris|soleus|femur|tibia|fibula|patella|condyle)\b",
    re.IGNORECASE,
)

_KIND_NAMES = {
    "number": "numbers",
    "next step": "next steps (tests or actions)",
    "diagnosis": "diagnoses",
    "structure": "structures",
}

#: A finite verb makes an option a statement; statements are not sorted into kinds.
_STATEMENT = re.compile(
    r"\b(is|are|was|were|has|have|had|can|may|might|must|should|will|would|does|do|did|"
    r"means|makes|causes|shows|rules|gives|needs)\b",
    re.IGNORECASE,
)


def option_kind(text: str) -> str | None:
    """The kind of an option (number, next step, diagnosis, structure), or None when unsure."""
    stripped = text.strip()
    letters = re.sub(r"[\d\s.,%<>=≥≤±+\-–/()x:]|mmhg|cm|mm|mg|kg|g\b|h\b", "", stripped.lower())
    if _NUMBER.search(stripped) and len(letters) <= 3:
        return "number"
    if len(stripped.split()) > 8:
        return None
    if _TEST.search(stripped) or _ACTION.search(stripped) or _TREATMENT.search(stripped):
        return "next step"
    if _STATEMENT.search(stripped):
        return None
    if _DIAGNOSIS.search(stripped):
        return "diagnosis"
    if _STRUCTURE.search(stripped):
        return "structure"
    return None


# ------------------------------------------------------------------ the checks
_NEGATIVE = re.compile(r"\b(NOT|EXCEPT)\b")
_NEGATIVE_LEAD = re.compile(
    r"\b(except|least likely|least appropriate|least useful)\b"
    r"|\b(which|what)\s+(\w+\s+){0,4}?(is|are|was|were|would|should|could|does|do|can|will)\s+not\b"
    r"|\bwhy\s+(\w+\s+){0,8}?not\b",
    re.IGNORECASE,
)
_ALL_NONE = re.compile(r"\b(all|none) of the (above|options|others)\b", re.IGNORECASE)
_REASON = re.compile(
    r"\b(because|since|so|as|therefore|thus|hence|which|why|but|whereas|while|although|if|"
    r"when|than|unless|rather|instead|means|explains|shows|not|unlike)\b|[:;]",
    re.IGNORECASE,
)
_BARE = re.compile(r"^\s*(correct|incorrect|wrong|right|yes|no|true|false)[.!]?\s*$", re.IGNORECASE)
_CALCULATION = re.compile(
    r"\b(calculate|calculates|work out|compute|score|scores|points?|post-test|pre-test|"
    r"likelihood ratio|lr\+?|odds|dose|doses|ceiling|maximum|total|sum|convert|how many "
    r"(points|tablets|milligrams|mg))\b",
    re.IGNORECASE,
)
_STUDY = (
    (re.compile(r"\b(in )?(what|which) year\b", re.IGNORECASE), "a year"),
    (
        re.compile(
            r"\bhow many (patients|knees|participants|people|subjects|children|adults|"
            r"volunteers|studies|trials|specimens|cases)\b",
            re.IGNORECASE,
        ),
        "a sample size",
    ),
    (re.compile(r"\bsample size\b", re.IGNORECASE), "a sample size"),
    (
        re.compile(
            r"\b(in|from) (the|this|that|one|a|same) (\w+ )?(study|series|trial|review|"
            r"meta-analysis|cohort|survey|audit|dissections?|sample)\b",
            re.IGNORECASE,
        ),
        "a figure from a named study",
    ),
    (
        re.compile(
            r"\b[A-Z][a-z]+( and [A-Z][a-z]+| et al\.?)?( \(?\d{4}\)?)? "
            r"(found|reported|showed|dissected|measured|studied|examined|froze|pooled)\b"
        ),
        "a figure from a named study",
    ),
    (
        re.compile(
            r"\b[Ii]n \d+ (knees|patients|participants|people|subjects|reports|scans|"
            r"specimens|volunteers|adults|children)\b"
        ),
        "a figure from a named study",
    ),
    (re.compile(r"\bpooled\b", re.IGNORECASE), "a pooled figure"),
)


def _flaw(item: Item, fld: str, check: str, message: str) -> Flaw:
    return Flaw(item.file, item.id, fld, message, check, CHECKS[check].severity)


def _range(lengths: Sequence[int]) -> str:
    lo, hi = min(lengths), max(lengths)
    return f"{lo}" if lo == hi else f"{lo}-{hi}"


def _check_choice(item: Item) -> list[Flaw]:
    flaws: list[Flaw] = []
    keys = [o for o in item.options if o.correct]
    others = [o for o in item.options if not o.correct]
    if item.type == "single" and len(item.options) < 4:
        flaws.append(
            _flaw(
                item,
                "options",
                "few-options",
                f"a single-choice item needs at least 4 options, found {len(item.options)}",
            )
        )
    for o in item.options:
        if _ALL_NONE.search(o.text):
            phrase = _ALL_NONE.search(o.text).group(0).lower()
            flaws.append(
                _flaw(item, f"options.{o.id}.text", "all-none-above", f"option says '{phrase}'")
            )
    if keys and others:
        other_lengths = [len(o.text) for o in others]
        longest_other = max(other_lengths)
        if item.type == "single":
            key = keys[0]
            n = len(key.text)
            if n >= longest_other * KEY_MARGIN_RATIO and n - longest_other >= KEY_MARGIN_CHARS:
                flaws.append(
                    _flaw(
                        item,
                        f"options.{key.id}.text",
                        "key-longest",
                        f"key is the longest option ({n} characters; the others {_range(other_lengths)})",
                    )
                )
        else:
            shortest_key = min(len(k.text) for k in keys)
            if (
                shortest_key >= longest_other * KEY_MARGIN_RATIO
                and shortest_key - longest_other >= KEY_MARGIN_CHARS
            ):
                key_lengths = [len(k.text) for k in keys]
                flaws.append(
                    _flaw(
                        item,
                        "options",
                        "key-longest",
                        f"every key is longer than every distractor (keys {_range(key_lengths)} "
                        f"characters; the others {_range(other_lengths)})",
                    )
                )
        key_abs = {w for k in keys for w in _absolutes(k.text)}
        if not key_abs:
            for o in others:
                words = _absolutes(o.text)
                if words:
                    flaws.append(
                        _flaw(
                            item,
                            f"options.{o.id}.text",
                            "absolute-words",
                            f"absolute word{'s' if len(words) > 1 else ''} "
                            f"{', '.join(repr(w) for w in words)} in a distractor, none in the key",
                        )
                    )
        stem = _content_words(item.prompt)
        in_others = {w for o in others for w in _content_words(o.text)}
        for k in keys:
            echoed = sorted(
                stem[w] for w in _content_words(k.text) if w in stem and w not in in_others
            )
            if echoed:
                flaws.append(
                    _flaw(
                        item,
                        f"options.{k.id}.text",
                        "stem-echo",
                        f"stem word{'s' if len(echoed) > 1 else ''} "
                        f"{', '.join(repr(w) for w in echoed)} repeated in the key only",
                    )
                )
    kinds = {o.id: option_kind(o.text) for o in item.options}
    found = {k for k in kinds.values() if k}
    if len(found) > 1:
        parts = []
        for kind in sorted(found):
            ids = [i for i, k in kinds.items() if k == kind]
            parts.append(f"{', '.join(ids)} {_KIND_NAMES[kind]}")
        flaws.append(
            _flaw(item, "options", "mixed-options", f"options of mixed kind ({'; '.join(parts)})")
        )
    if keys and len(keys[0].text) >= 12:
        for k in keys:
            if k.text.strip().rstrip(".").lower() in item.prompt.lower():
                flaws.append(
                    _flaw(
                        item,
                        f"options.{k.id}.text",
                        "answer-in-options",
                        "the key's text is in the prompt",
                    )
                )
    return flaws


def _check_numeric(item: Item) -> list[Flaw]:
    flaws = []
    given = _numbers(item.prompt)
    if len(given) < 2 and not _CALCULATION.search(item.prompt):
        tol = "zero-tolerance " if not item.tolerance else ""
        flaws.append(
            _flaw(
                item,
                "answer",
                "numeric-recall",
                f"{tol}numeric item with nothing to calculate from "
                f"(the prompt gives {len(given)} number{'s' if len(given) != 1 else ''}): "
                "it recalls a figure",
            )
        )
    if item.answer is not None and any(abs(n - item.answer) < 1e-9 for n in given):
        flaws.append(
            _flaw(
                item,
                "answer",
                "answer-in-options",
                f"the answer ({item.answer:g}) is printed in the prompt",
            )
        )
    return flaws


def _check_pairs(item: Item) -> list[Flaw]:
    flaws = []
    if item.type == "ordering":
        figures = [_numbers(text) for _, text, _, _ in item.pairs]
        if all(figures):
            firsts = [f[0] for f in figures]
            if firsts == sorted(firsts) or firsts == sorted(firsts, reverse=True):
                flaws.append(
                    _flaw(
                        item,
                        "items",
                        "answer-in-options",
                        "the order can be read off the figures printed in the items ("
                        + ", ".join(f"{x:g}" for x in firsts)
                        + ")",
                    )
                )
    else:
        for ident, text, match, _ in item.pairs:
            if match and re.search(r"\b" + re.escape(match.strip()) + r"\b", text, re.IGNORECASE):
                flaws.append(
                    _flaw(
                        item,
                        f"items.{ident}.text",
                        "answer-in-options",
                        f"the matching choice '{match}' is printed in the item",
                    )
                )
    return flaws


def _check_explanations(item: Item) -> list[Flaw]:
    flaws = []
    for fld, text in item.explanations:
        words = len(text.split())
        if _BARE.match(text) or words < 10 or (words < 16 and not _REASON.search(text)):
            flaws.append(
                _flaw(
                    item,
                    fld,
                    "no-reason",
                    f"explanation gives no reason ({words} word{'s' if words != 1 else ''}; "
                    "say why the option is tempting and why it is right or wrong for this patient)",
                )
            )
    return flaws


def _check_stem(item: Item) -> list[Flaw]:
    flaws = []
    lead = _lead_in(item.prompt)
    negative = _NEGATIVE.search(item.prompt) or _NEGATIVE_LEAD.search(lead)
    if negative:
        flaws.append(
            _flaw(
                item,
                "prompt",
                "negative-lead-in",
                f"negative lead-in ('{negative.group(0)}'): ask for the best answer instead",
            )
        )
    for pattern, what in _STUDY:
        if pattern.search(lead):
            flaws.append(
                _flaw(
                    item,
                    "prompt",
                    "study-detail",
                    f"the answer is a study's detail ({what}: '{pattern.search(lead).group(0)}'); "
                    "keep it in the prose and ask what it means for a patient",
                )
            )
            break
    if item.level is None:
        flaws.append(
            _flaw(
                item,
                "level",
                "missing-level",
                "expected recall, application or analysis, found none",
            )
        )
    elif item.level in ("application", "analysis") and not is_vignette(item.prompt):
        flaws.append(
            _flaw(
                item,
                "level",
                "level-no-patient",
                f"marked {item.level} but the prompt describes no patient "
                "(an age written 'NN-year-old' and man, woman, boy or girl)",
            )
        )
    return flaws


def lint_items(items: Iterable[Item]) -> list[Flaw]:
    """Every flaw of the given items, in item order."""
    flaws: list[Flaw] = []
    for item in items:
        flaws += _check_stem(item)
        if item.type in ("single", "multiple"):
            flaws += _check_choice(item)
        elif item.type == "numeric":
            flaws += _check_numeric(item)
        else:
            flaws += _check_pairs(item)
        flaws += _check_explanations(item)
    return flaws


def summarise(file: str, items: Sequence[Item]) -> FileSummary:
    """The figures of one file's items."""
    s = FileSummary(file)
    for item in items:
        s.items += 1
        s.types[item.type] += 1
        s.levels[item.level] += 1
        s.vignettes += is_vignette(item.prompt)
        if item.type in ("single", "multiple"):
            keys = [o for o in item.options if o.correct]
            others = [o for o in item.options if not o.correct]
            s.keys += len(keys)
            s.keys_absolute += sum(bool(_absolutes(o.text)) for o in keys)
            s.distractors += len(others)
            s.distractors_absolute += sum(bool(_absolutes(o.text)) for o in others)
            if item.type == "single" and others:
                s.single += 1
                s.key_longest += len(keys[0].text) > max(len(o.text) for o in others)
    return s


# ------------------------------------------------------------------ loading
def _from_quiz(name: str, quiz) -> list[Item]:
    items = []
    for q in quiz.questions:
        level = getattr(q, "level", None)
        explanations: list[tuple[str, str]] = []
        options: tuple[Option, ...] = ()
        pairs: tuple[tuple[str, str, str, str], ...] = ()
        answer = tolerance = None
        if q.type in ("single", "multiple"):
            options = tuple(Option(o.id, o.text, o.correct, o.explanation) for o in q.options)
            explanations = [(f"options.{o.id}.explanation", o.explanation) for o in q.options]
        elif q.type == "numeric":
            answer, tolerance = q.answer, q.tolerance
            explanations = [("explanation", q.explanation)]
        elif q.type == "matching":
            choices = {c.id: c.text for c in q.choices}
            pairs = tuple((i.id, i.text, choices[i.match], i.explanation) for i in q.items)
            explanations = [(f"items.{i.id}.explanation", i.explanation) for i in q.items]
        else:
            pairs = tuple((i.id, i.text, "", i.explanation) for i in q.items)
            explanations = [(f"items.{i.id}.explanation", i.explanation) for i in q.items]
        items.append(
            Item(
                name,
                q.id,
                q.type,
                q.prompt,
                level,
                options,
                answer,
                tolerance,
                pairs,
                tuple(explanations),
            )
        )
    return items


def _from_investigations(name: str, record) -> list[Item]:
    items = []
    for v in record.vignettes:
        options = tuple(Option(o.id, o.text, o.correct, o.explanation) for o in v.options)
        items.append(
            Item(
                name,
                v.id,
                "single",
                v.prompt,
                getattr(v, "level", None),
                options,
                explanations=tuple(
                    (f"options.{o.id}.explanation", o.explanation) for o in v.options
                ),
            )
        )
    return items


def _files(paths: Iterable[Path]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    from .content.investigations import FIRST_INVESTIGATION_FILE

    out: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            out += [(p, "questions") for p in sorted((path / "questions").glob("*.yaml"))]
            out += [(p, "questions") for p in sorted(path.glob("[0-9][0-9]-*.yaml"))]
            if (path / FIRST_INVESTIGATION_FILE).is_file():
                out.append((path / FIRST_INVESTIGATION_FILE, "first-investigation"))
        elif path.is_file() and path.name == FIRST_INVESTIGATION_FILE:
            out.append((path, "first-investigation"))
        elif path.is_file() and path.suffix == ".yaml":
            out.append((path, "questions"))
        else:
            found = "no such file" if not path.exists() else "a file that holds no items"
            problems.append(
                Problem(
                    display_name(path),
                    "-",
                    "file",
                    "a question file (NN-slug.yaml), first_investigation.yaml or a data folder",
                    found,
                )
            )
    return out, problems


def lint_paths(paths: Iterable[Path | str] | None = None) -> LintReport:
    """Check the items of question files, first_investigation.yaml or data folders (default: data/)."""
    from .content import questions
    from .content.investigations import _load as load_investigations

    chosen = [data_dir()] if paths is None else [Path(p) for p in paths]
    files, problems = _files(chosen)
    flaws: list[Flaw] = []
    summaries: list[FileSummary] = []
    for path, kind in files:
        name = display_name(path)
        try:
            if kind == "questions":
                items = _from_quiz(name, questions._load(path))
            else:
                items = _from_investigations(name, load_investigations(path))
        except ContentError as exc:
            problems += exc.problems
            continue
        flaws += lint_items(items)
        summaries.append(summarise(name, items))
    return LintReport(flaws, summaries, problems)
