"""Views for pain-monitored tendon loading: the model and stages as a table, and a planner.

Thin views: ``kneelib.loading`` decides, ``kneelib.figures.loading`` draws; these
functions only build widgets and write feedback into HTML widgets.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..citing import displays, refs_in
from ..content.loading import LoadingFile, load_loading
from ..figures.common import to_png
from ..figures.loading import programme_plot
from ..loading import LoadingDecision, PlannedWeek, decide, next_level, sample_plan, stage_for_level
from ..text import cite, to_html
from .common import FigureImage, feedback_html, guarded

__all__ = [
    "LoadingPlanner",
    "decision_html",
    "loading_model_html",
    "show_loading_model",
    "show_loading_planner",
]

_SYMBOLS = {"progress": "▲", "hold": "●", "step back": "▼"}
_STATUS = {"progress": "info", "hold": "info", "step back": "warning"}
_MORNING_CHOICES = (
    ("Settled by the next morning", "settled"),
    ("Not settled by the next morning", "not settled"),
    ("Not known yet (it is still today)", "not yet known"),
)


def _source(ref_ids) -> str:
    return f' <span class="kneelib-source">(Source: {html.escape(cite(ref_ids))})</span>'


def decision_html(result: LoadingDecision, extra_html: str = "") -> str:
    """Feedback for a decision: symbol and word, the reasons, the source (+ trusted extra HTML)."""
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in result.reasons)
    detail = (
        f'<ul style="margin:4px 0">{reasons}</ul>{extra_html}'
        f'<p class="kneelib-source">Source: {html.escape(cite(result.references))}</p>'
    )
    message = f"{_SYMBOLS[result.decision]} {result.decision.capitalize()}"
    return feedback_html(_STATUS[result.decision], message, detail)


def loading_model_html(content: LoadingFile | None = None) -> str:
    """The pain-monitoring criteria, the loading stages and the limits of the evidence, as HTML."""
    data = content if content is not None else load_loading()
    model = data.pain_monitoring
    criteria = "".join(f"<li>{to_html(c.text)}{_source(c.references)}</li>" for c in model.criteria)
    rows = "".join(
        "<tr>"
        f'<td style="padding:3px 6px;vertical-align:top"><strong>{number}. {to_html(s.name)}</strong></td>'
        f'<td style="padding:3px 6px;vertical-align:top">{to_html(s.aim)}</td>'
        f'<td style="padding:3px 6px;vertical-align:top">{to_html(s.examples)}{_source(s.references)}</td>'
        "</tr>"
        for number, s in enumerate(data.stages, start=1)
    )
    limits = data.evidence_limits
    return (
        f"<h3>{to_html(model.name)}</h3><p>{to_html(model.scale)}.</p><ul>{criteria}</ul>"
        '<h3>Loading stages</h3><table style="border-collapse:collapse">'
        '<thead><tr><th style="text-align:left;padding:3px 6px">Stage</th>'
        '<th style="text-align:left;padding:3px 6px">Aim</th>'
        '<th style="text-align:left;padding:3px 6px">Examples</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f'<p><strong><span aria-hidden="true">⚠</span> Limits of the evidence:</strong> {to_html(limits.text)}'
        f"{_source(limits.references)}</p>"
    )


@displays(lambda content=None: refs_in(content or load_loading()))
def show_loading_model(content: LoadingFile | None = None) -> widgets.HTML:
    """Show the pain-monitoring criteria, the loading stages and the limits of the evidence."""
    return widgets.HTML(loading_model_html(content))


class LoadingPlanner(widgets.VBox):
    """Set this week's pain response; see progress, hold or step back, why, and the programme plot."""

    def __init__(self, content: LoadingFile | None = None):
        self.content = content if content is not None else load_loading()
        self.plan: tuple[PlannedWeek, ...] = sample_plan(self.content)
        stages = self.content.stages
        last = self.plan[-1]
        self.week = last.week + 1
        self.level = next_level(last.level, last.decision.decision, stages)
        stage = stage_for_level(self.level, stages)
        self.intro = widgets.HTML(
            f"<p>{to_html(self.content.sample_programme.title)}. {to_html(self.content.sample_programme.note)}</p>"
            f"<p>Weeks 1 to {last.week} are drawn below. In week {self.week} the patient trains at level "
            f"{self.level} ({html.escape(stage.name)}). Enter the response to this week's sessions and press "
            "<strong>Decide</strong>.</p>"
        )
        style = {"description_width": "initial"}
        # Labelled number boxes (not sliders): screen readers announce them, and an entry
        # outside 0-10 gets a message from the pure rule instead of being silently clamped.
        self.pain_during = widgets.FloatText(
            value=3.0,
            step=0.5,
            description="Pain during exercise (0-10)",
            style=style,
            layout=widgets.Layout(width="420px"),
        )
        self.pain_after = widgets.FloatText(
            value=2.0,
            step=0.5,
            description="Pain after exercise (0-10)",
            style=style,
            layout=widgets.Layout(width="420px"),
        )
        self.morning = widgets.RadioButtons(
            options=list(_MORNING_CHOICES),
            value="settled",
            description="Next morning:",
            style=style,
        )
        self.worse = widgets.Checkbox(
            value=False,
            description="Pain and stiffness worse than last week",
            style=style,
            indent=False,
        )
        self.decide_button = widgets.Button(
            description="Decide", tooltip="Apply the pain-monitoring rule"
        )
        self.feedback = widgets.HTML("")
        self.image = FigureImage(max_width="800px")
        self.result: LoadingDecision | None = None
        self.next_level: int | None = None
        self.decide_button.on_click(guarded(self.feedback)(self._on_decide))
        self._draw(None)
        super().__init__(
            [
                self.intro,
                self.pain_during,
                self.pain_after,
                self.morning,
                self.worse,
                self.decide_button,
                self.feedback,
                self.image,
            ]
        )

    def _on_decide(self, _button=None) -> None:
        result = decide(
            self.pain_during.value,
            self.pain_after.value,
            self.morning.value,
            self.worse.value,
            self.content.pain_monitoring,
        )
        self.result = result
        self.next_level = next_level(self.level, result.decision, self.content.stages)
        stage = stage_for_level(self.next_level, self.content.stages)
        detail = (
            f"<p>Next week: level {self.next_level} ({html.escape(stage.name)}). "
            "The square on the plot shows it.</p>"
        )
        self.feedback.value = decision_html(result, detail)
        self._draw(result)

    def _draw(self, result: LoadingDecision | None) -> None:
        weeks = list(self.plan)
        if result is not None:
            stage = stage_for_level(self.level, self.content.stages)
            weeks.append(PlannedWeek(self.week, self.level, stage.id, stage.name, result))
        fig = programme_plot(
            weeks,
            self.content.stages,
            self.content.sample_programme.title,
            next_level=self.next_level if result is not None else None,
        )
        self.image.show(
            to_png(fig),
            f"Plot of the loading level week by week over {len(weeks)} week(s), each week marked progress, hold or step back.",
        )


@displays(lambda content=None: refs_in(content or load_loading()))
def show_loading_planner(content: LoadingFile | None = None) -> LoadingPlanner:
    """Show the planner: set a pain response, see progress / hold / step back and the programme plot."""
    return LoadingPlanner(content)
