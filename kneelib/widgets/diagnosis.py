"""Views for notebook 07: the probability updater and the first-investigation exercise.

Thin views: the chain of results is ``kneelib.diagnosis.ChainState`` (its
arithmetic ``kneelib.clinical.bayes``), the rows come from
``kneelib.content.accuracy``, the vignettes from
``kneelib.content.investigations``, the nomogram from
``kneelib.figures.accuracy``. Feedback is written into HTML widgets.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Sequence

import ipywidgets as widgets

from ..citing import displays, refs_in
from ..clinical.bayes import post_test_probability
from ..content.accuracy import AccuracyRow, load_accuracy
from ..content.investigations import (
    FIRST_INVESTIGATION_TOPIC,
    FirstInvestigationFile,
    Vignette,
    check_choice,
    load_first_investigation,
)
from ..diagnosis import CHAINING_CAVEAT, ChainState, format_percent
from ..figures.accuracy import fagan_nomogram, forest_plot
from ..figures.common import to_png
from ..progress import ProgressStore
from ..text import cite, format_lr, to_html
from .common import FigureImage, feedback_html, guarded

__all__ = [
    "CHAINING_CAVEAT",
    "AccuracyExplorer",
    "FirstInvestigationView",
    "ProbabilityUpdater",
    "accuracy_table_html",
    "format_lr",
    "format_percent",
    "show_accuracy",
    "show_fagan",
    "show_first_investigation",
    "show_probability_updater",
]

_PAD = ' style="padding:2px 8px"'


def _row_label(row: AccuracyRow) -> str:
    return f"{row.test} ({cite(row.references)})"


class ProbabilityUpdater(widgets.VBox):
    """Choose a condition and a pre-test probability, apply test results, watch the probability move."""

    def __init__(
        self,
        rows: Sequence[AccuracyRow] | None = None,
        condition: str | None = None,
        pretest_percent: float = 20.0,
    ):
        self.rows = tuple(load_accuracy() if rows is None else rows)
        if not self.rows:
            raise ValueError(
                "ProbabilityUpdater: rows: expected at least one accuracy row, found none"
            )
        self._by_id = {row.id: row for row in self.rows}
        conditions = sorted({row.target_condition for row in self.rows})
        if condition is not None and condition not in conditions:
            raise ValueError(
                f"ProbabilityUpdater: condition: expected one of {', '.join(conditions)}, found {condition!r}"
            )
        style = {"description_width": "initial"}
        self.condition = widgets.Dropdown(
            options=conditions,
            value=condition or conditions[0],
            description="Suspected condition:",
            style=style,
            layout=widgets.Layout(width="auto"),
        )
        self.pretest = widgets.BoundedFloatText(
            value=pretest_percent,
            min=0.0,
            max=100.0,
            step=1.0,
            description="Pre-test probability (%):",
            style=style,
        )
        # The box's own bounds apply first, so the chain starts from what the student sees.
        self.state = ChainState(self.pretest.value / 100.0)
        self.test = widgets.Dropdown(
            description="Test:", style=style, layout=widgets.Layout(width="auto")
        )
        self.result = widgets.ToggleButtons(
            options=[("Positive", "positive"), ("Negative", "negative")],
            value="positive",
            description="Result:",
            style=style,
        )
        self.apply = widgets.Button(
            description="Apply this result", tooltip="Add this test result to the chain"
        )
        self.reset = widgets.Button(
            description="Start again", tooltip="Remove every applied result"
        )
        self.feedback = widgets.HTML("")
        self.table = widgets.HTML("")
        self.caveat = widgets.HTML("")
        self.image = FigureImage(max_width="420px")
        self._fill_tests()
        self.condition.observe(guarded(self.feedback)(self._on_condition), names="value")
        self.pretest.observe(guarded(self.feedback)(self._on_pretest), names="value")
        self.apply.on_click(guarded(self.feedback)(self._on_apply))
        self.reset.on_click(guarded(self.feedback)(self._on_reset))
        super().__init__(
            [
                self.condition,
                self.pretest,
                self.test,
                self.result,
                widgets.HBox([self.apply, self.reset]),
                self.feedback,
                self.table,
                self.caveat,
                self.image,
            ]
        )
        self._render()

    # ----------------------------------------------------------------- wiring
    def _fill_tests(self) -> None:
        rows = [row for row in self.rows if row.target_condition == self.condition.value]
        self.test.options = [(_row_label(row), row.id) for row in rows]
        self.test.value = rows[0].id

    def _on_condition(self, change: dict) -> None:
        self.state = self.state.reset()
        self._fill_tests()
        self._render()

    def _on_pretest(self, change: dict) -> None:
        self.state = self.state.with_pretest(self.pretest.value / 100.0)
        self._render()

    def _on_apply(self, button: widgets.Button | None = None) -> None:
        self.state = self.state.apply(self._by_id[self.test.value], self.result.value)
        self._render()

    def _on_reset(self, button: widgets.Button | None = None) -> None:
        self.state = self.state.reset()
        self._render()

    # -------------------------------------------------------------- rendering
    @property
    def steps(self) -> list[tuple[AccuracyRow, str]]:
        """The applied (row, result) pairs, in order."""
        return list(self.state.steps)

    def lrs(self) -> list[float]:
        """The likelihood ratio of each applied result, in order."""
        return self.state.lrs()

    def probabilities(self) -> tuple[float, ...]:
        """The pre-test probability followed by the probability after each applied result."""
        return self.state.probabilities()

    def _render(self) -> None:
        state = self.state
        probs = state.probabilities()
        lrs = state.lrs()
        if not state.steps:
            self.table.value = ""
            self.caveat.value = ""
            self.image.clear()
            self.feedback.value = feedback_html("info", state.last_line())
            return
        cells = []
        for number, ((row, result), lr) in enumerate(zip(state.steps, lrs), start=1):
            cells.append(
                f"<tr><td{_PAD}>{number}</td><td{_PAD}>{html.escape(row.test)}</td><td{_PAD}>{result}</td>"
                f"<td{_PAD}>{format_lr(lr)}</td><td{_PAD}>{format_percent(probs[number - 1])} &rarr; "
                f"<strong>{format_percent(probs[number])}</strong></td>"
                f"<td{_PAD}>{html.escape(cite(row.references))}</td></tr>"
            )
        head = "".join(
            f'<th style="text-align:left;padding:2px 8px">{h}</th>'
            for h in ("Step", "Test", "Result", "LR", "Probability", "Source")
        )
        self.table.value = (
            '<table class="kneelib-steps" style="border-collapse:collapse">'
            '<caption style="text-align:left">Probability after each result</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(cells)}</tbody></table>"
        )
        detail = "".join(f"<p>{to_html(text)}</p>" for text in state.notes())
        self.feedback.value = feedback_html("info", state.last_line(), detail)
        self.caveat.value = "".join(feedback_html("warning", text) for text in state.warnings())
        self.image.show(
            to_png(fagan_nomogram(probs[-2], lrs[-1]), dpi=72),
            _fagan_alt(probs[-2], lrs[-1], probs[-1]),
        )


@displays(lambda rows=None, condition=None, pretest_percent=20.0: refs_in(rows or load_accuracy()))
def show_probability_updater(
    rows: Sequence[AccuracyRow] | None = None,
    condition: str | None = None,
    pretest_percent: float = 20.0,
) -> ProbabilityUpdater:
    """The probability updater over the accuracy table (or ``rows``)."""
    return ProbabilityUpdater(rows, condition, pretest_percent)


# ------------------------------------------------------------ accuracy table


def accuracy_table_html(rows: Sequence[AccuracyRow]) -> str:
    """An HTML table of rows: test, population, sensitivity and specificity with CIs, LRs, source."""

    def with_ci(row: AccuracyRow, measure: str) -> str:
        estimate = getattr(row, measure)
        interval = row.interval(measure)
        return f"{estimate:.2f}" + (f" ({interval[0]:.2f}-{interval[1]:.2f})" if interval else "")

    body = []
    for row in rows:
        lr_pos, lr_neg = row.likelihood_ratios()
        body.append(
            "<tr>"
            f'<td style="padding:2px 6px">{html.escape(row.test)}</td>'
            f'<td style="padding:2px 6px">{html.escape(row.population)}</td>'
            f'<td style="padding:2px 6px;text-align:right">{with_ci(row, "sensitivity")}</td>'
            f'<td style="padding:2px 6px;text-align:right">{with_ci(row, "specificity")}</td>'
            f'<td style="padding:2px 6px;text-align:right">{format_lr(lr_pos)}</td>'
            f'<td style="padding:2px 6px;text-align:right">{format_lr(lr_neg)}</td>'
            f'<td style="padding:2px 6px">{html.escape(cite(row.references))}</td>'
            "</tr>"
        )
    head = "".join(
        f'<th style="text-align:left;padding:2px 6px">{h}</th>'
        for h in (
            "Test",
            "Population",
            "Sensitivity (95% CI)",
            "Specificity (95% CI)",
            "LR+",
            "LR-",
            "Source",
        )
    )
    return (
        f'<table style="border-collapse:collapse;font-size:90%"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
        '<p style="font-size:90%">LRs are calculated from each row\'s point estimates: '
        "LR+ = sensitivity / (1 - specificity), LR- = (1 - sensitivity) / specificity.</p>"
    )


class AccuracyExplorer(widgets.VBox):
    """Choose a target condition; see every published estimate for it as a forest plot and a table."""

    def __init__(self, condition: str | None = None, rows: Sequence[AccuracyRow] | None = None):
        self.rows = tuple(load_accuracy() if rows is None else rows)
        conditions = sorted({row.target_condition for row in self.rows})
        if not conditions:
            raise ValueError("show_accuracy: rows: expected at least one accuracy row, found none")
        if condition is not None and condition not in conditions:
            raise ValueError(
                f"show_accuracy: condition: expected one of {', '.join(conditions)}, found {condition!r}"
            )
        self.condition = widgets.Dropdown(
            options=conditions,
            value=condition or conditions[0],
            description="Condition:",
            layout=widgets.Layout(width="auto"),
        )
        self.feedback = widgets.HTML("")
        self.image = FigureImage(max_width="900px")
        self.table = widgets.HTML("")
        self.condition.observe(guarded(self.feedback)(self._on_condition), names="value")
        super().__init__([self.condition, self.feedback, self.image, self.table])
        self._render()

    def selected(self) -> tuple[AccuracyRow, ...]:
        """The rows for the chosen condition, in file order."""
        return tuple(row for row in self.rows if row.target_condition == self.condition.value)

    def _on_condition(self, change: dict) -> None:
        self._render()

    def _render(self) -> None:
        rows = self.selected()
        self.image.show(
            to_png(forest_plot(rows), dpi=72),
            f"Forest plot of sensitivity and specificity with 95% confidence intervals for {len(rows)} estimate(s); the same numbers are in the table below.",
        )
        self.table.value = accuracy_table_html(rows)
        studies = len({ref for row in rows for ref in row.references})
        self.feedback.value = feedback_html(
            "info",
            f"{len(rows)} estimate(s) for {self.condition.value} from {studies} source(s). "
            "Where rows for the same test disagree, compare their populations and reference standards.",
        )


@displays(lambda condition=None, rows=None: refs_in(rows or load_accuracy()))
def show_accuracy(
    condition: str | None = None, rows: Sequence[AccuracyRow] | None = None
) -> AccuracyExplorer:
    """Forest plot and table of the published accuracy for one target condition."""
    return AccuracyExplorer(condition, rows)


@displays(lambda pretest, lr: ())
def show_fagan(pretest: float, lr: float) -> FigureImage:
    """A Fagan nomogram for one pre-test probability (0-1) and likelihood ratio, as an image."""
    image = FigureImage(max_width="420px")
    image.show(
        to_png(fagan_nomogram(pretest, lr), dpi=72),
        _fagan_alt(pretest, lr, post_test_probability(pretest, lr)),
    )
    return image


def _fagan_alt(pretest: float, lr: float, post: float) -> str:
    return (
        f"Fagan nomogram: a line from a pre-test probability of {pretest:.0%} through a likelihood ratio "
        f"of {lr:.3g} reaches a post-test probability of {post:.0%}."
    )


# --------------------------------------------------------------- first test


class FirstInvestigationView(widgets.VBox):
    """Short vignettes: choose the first investigation, then read why each option is or is not it.

    Every checked choice is recorded in the progress file like a quiz answer
    (topic ``first-investigation``), so it is exported and analysed with the rest.
    """

    def __init__(
        self, exercise: FirstInvestigationFile | None = None, store: ProgressStore | None = None
    ):
        self.exercise = exercise or load_first_investigation()
        self.store = store if store is not None else ProgressStore.default()
        self.session = uuid.uuid4().hex
        self._vignettes = {v.id: v for v in self.exercise.vignettes}
        self.title = widgets.HTML(f"<h3>{html.escape(self.exercise.title)}</h3>")
        self.vignette = widgets.Dropdown(
            options=[(v.title, v.id) for v in self.exercise.vignettes],
            description="Vignette:",
            layout=widgets.Layout(width="auto"),
        )
        self.prompt = widgets.HTML("")
        self.choice = widgets.RadioButtons(
            options=[], value=None, layout=widgets.Layout(width="auto")
        )
        self.check = widgets.Button(
            description="Check my choice", tooltip="Check the investigation you chose"
        )
        self.feedback = widgets.HTML("")
        self.vignette.observe(guarded(self.feedback)(self._on_vignette), names="value")
        self.check.on_click(guarded(self.feedback)(self._on_check))
        super().__init__(
            [self.title, self.vignette, self.prompt, self.choice, self.check, self.feedback],
            layout=widgets.Layout(border="1px solid #ccc", padding="6px"),
        )
        self._show(self.current)

    @property
    def current(self) -> Vignette:
        """The vignette on screen."""
        return self._vignettes[self.vignette.value]

    def _show(self, vignette: Vignette) -> None:
        self.prompt.value = f"<p>{to_html(vignette.prompt)}</p>"
        self.choice.options = [(option.text, option.id) for option in vignette.options]
        self.choice.value = None
        self.feedback.value = ""

    def _on_vignette(self, change: dict) -> None:
        self._show(self.current)

    def _on_check(self, button: widgets.Button | None = None) -> None:
        vignette = self.current
        result = check_choice(vignette, self.choice.value)
        try:
            self.store.record_answer(
                vignette.id,
                FIRST_INVESTIGATION_TOPIC,
                result.chosen.id,
                1.0 if result.correct else 0.0,
                result.correct,
                session=self.session,
            )
            saved = ""
        except OSError as exc:
            saved = f" Your choice was checked but could not be saved to {self.store.path} ({exc.strerror or exc})."
        if result.correct:
            message = f"'{result.chosen.text}' is the best first investigation here."
            status = "correct"
        else:
            message = f"'{result.chosen.text}' is not the best first step; the best first investigation is '{result.answer.text}'."
            status = "incorrect"
        items = []
        for option in vignette.options:
            mark = (
                "✔ best first test"
                if option.correct
                else ("your choice" if option.id == result.chosen.id else "")
            )
            label = f" <em>({mark})</em>" if mark else ""
            items.append(
                f"<li><strong>{to_html(option.text)}</strong>{label}: {to_html(option.explanation)} "
                f'<span class="kneelib-source">(Source: {html.escape(cite(option.references))})</span></li>'
            )
        self.feedback.value = feedback_html(
            status, message + saved, f'<ul style="margin:4px 0">{"".join(items)}</ul>'
        )


@displays(lambda *args, **kwargs: refs_in(load_first_investigation()))
def show_first_investigation(
    exercise: FirstInvestigationFile | None = None, store: ProgressStore | None = None
) -> FirstInvestigationView:
    """The 'choose the first investigation' exercise over data/first_investigation.yaml; choices are recorded."""
    return FirstInvestigationView(exercise, store)
