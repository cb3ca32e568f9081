"""Citations in notebooks render as links to the reference list, and views declare their sources."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

import kneelib
from kneelib.citing import declared_references, displays, recording, refs_in
from kneelib.content.references import load_references

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import make_nav  # noqa: E402
import reading_time  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
SHOW = sorted(n for n in kneelib.__all__ if n.startswith("show_"))


def test_a_raw_citation_renders_as_a_short_link():
    refs = load_references()
    text = "Ultrasound shows the neck [@handy-2001]."
    assert make_nav.render_citations(text, refs) == (
        "Ultrasound shows the neck ([Handy 2001](#ref-handy-2001))."
    )


def test_two_ids_render_as_two_links_in_one_bracket():
    refs = load_references()
    out = make_nav.render_citations("[@wells-2003; @nice-ng158]", refs)
    assert out == "([Wells et al. 2003](#ref-wells-2003); [NICE 2020](#ref-nice-ng158))"


def test_rendering_a_rendered_citation_changes_nothing():
    refs = load_references()
    once = make_nav.render_citations("A [@handy-2001] and [@wells-2003; @nice-ng158].", refs)
    assert make_nav.render_citations(once, refs) == once


def test_a_rendered_citation_is_read_back_as_its_ids():
    text = "x ([Wells et al. 2003](#ref-wells-2003); [NICE 2020](#ref-nice-ng158)) y [@handy-2001]"
    found = [make_nav.citation_ids(m.group(0)) for m in make_nav.CITATION.finditer(text)]
    assert found == [["wells-2003", "nice-ng158"], ["handy-2001"]]


def _markdown(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_notebook_shows_a_raw_citation_marker(path):
    raw = [m for cell in _markdown(path) for m in make_nav.RAW_CITATION.findall(cell)]
    assert raw == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_citation_link_lands_on_an_entry_of_the_reference_list(path):
    cells = _markdown(path)
    anchors = set(re.findall(r'<a id="ref-([a-z0-9-]+)"></a>', "\n".join(cells)))
    targets = set(re.findall(r"\]\(#ref-([a-z0-9-]+)\)", "\n".join(cells)))
    assert targets <= anchors, sorted(targets - anchors)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stated_time_matches_the_model_within_the_tolerance(path):
    nb = nbformat.read(path, as_version=4)
    stated = [int(m.group(2)) for c in _markdown(path) for m in [make_nav.TIME.search(c)] if m]
    model = make_nav.estimate(nb).minutes
    assert len(stated) == 1
    assert reading_time.within_tolerance(stated[0], model), (stated[0], round(model, 1))


def test_the_time_model_adds_reading_and_activities():
    est = reading_time.Estimate(words=1500, items=10, case_steps=5, cases=1, widgets=2)
    assert est.minutes == pytest.approx(10 + 15 + 10 + 3 + 6)
    assert est.rounded == 45


def test_words_are_counted_without_markup_or_link_targets():
    assert reading_time.count_words("**Bold** text [a link](https://x.org/long-path) here.") == 5


@pytest.mark.parametrize("name", SHOW)
def test_every_show_function_declares_the_sources_it_displays(name):
    assert callable(getattr(getattr(kneelib, name), "displayed_references", None)), name


def test_an_undeclared_view_is_named_in_the_error():
    def show_nothing():
        return None

    with pytest.raises(TypeError, match=r"show_nothing: expected a @displays\(...\) declaration"):
        declared_references(show_nothing)


def test_a_declaration_receives_the_views_arguments():
    @displays(lambda topic: (f"{topic}-a", f"{topic}-a", f"{topic}-b"))
    def show_thing(topic):
        return topic

    assert declared_references(show_thing, "x") == ("x-a", "x-b")


def test_refs_in_collects_ids_of_content_records_in_order():
    quiz = kneelib.load_quiz("02-bakers-cyst")
    ids = refs_in(quiz)
    assert ids[0] == quiz.questions[0].references[0]
    assert len(ids) == len(set(ids))


def _calls():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                for name, args, kwargs in make_nav._calls(cell.source):
                    yield pytest.param(name, args, kwargs, id=f"{path.name[:2]}-{name}-{args}")


@pytest.mark.parametrize(("name", "args", "kwargs"), list(_calls()))
def test_what_a_view_shows_when_built_lies_inside_its_declaration(name, args, kwargs):
    function = getattr(kneelib, name)
    with recording() as seen:
        function(*args, **kwargs)
    assert set(seen) <= set(declared_references(function, *args, **kwargs))
