"""The glossary view: a search box over data/glossary.yaml and the matching terms.

Thin: ``kneelib.glossary.find_terms`` does the matching.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..citing import displays, refs_in
from ..content.glossary import Glossary, load_glossary
from ..glossary import find_terms, notebook_link
from ..text import cite, to_html
from .common import feedback_html, guarded

__all__ = ["GlossaryView", "show_glossary"]


def _entry(term) -> str:
    also = f" <em>(also: {html.escape(', '.join(term.also))})</em>" if term.also else ""
    source = (
        f' <span class="kneelib-source">(Source: {html.escape(cite(term.references))})</span>'
        if term.references
        else ""
    )
    where = html.escape(notebook_link(term))
    return (
        f"<dt><strong>{html.escape(term.term)}</strong>{also}</dt>"
        f'<dd style="margin:0 0 8px 16px">{to_html(term.definition)}{source} '
        f'<a href="{where}">Taught in {html.escape(term.notebook)}</a></dd>'
    )


class GlossaryView(widgets.VBox):
    """A search box and the glossary entries that match it."""

    def __init__(self, glossary: Glossary | None = None):
        self.glossary = glossary if glossary is not None else load_glossary()
        self.search = widgets.Text(
            description="Look up:",
            placeholder="a term, e.g. likelihood ratio",
            continuous_update=True,
            layout=widgets.Layout(width="auto"),
        )
        self.feedback = widgets.HTML("")
        self.entries = widgets.HTML("")
        self.search.observe(guarded(self.feedback)(self._on_search), names="value")
        self._render("")
        super().__init__([self.search, self.feedback, self.entries])

    def _render(self, query: str) -> None:
        found = find_terms(query, self.glossary)
        if not found:
            self.feedback.value = feedback_html(
                "info", f"No term matches '{query.strip()}'. Try a shorter word."
            )
            self.entries.value = ""
            return
        total = len(self.glossary.terms)
        self.feedback.value = (
            "" if len(found) == total else f"<p>{len(found)} of {total} terms match.</p>"
        )
        self.entries.value = "<dl>" + "".join(_entry(t) for t in found) + "</dl>"

    def _on_search(self, change: dict) -> None:
        self._render(change["new"])


@displays(lambda glossary=None: refs_in(glossary or load_glossary()))
def show_glossary(glossary: Glossary | None = None) -> GlossaryView:
    """The series' glossary with a search box."""
    return GlossaryView(glossary)
