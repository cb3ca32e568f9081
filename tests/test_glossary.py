"""The glossary: content, look-up and the view, driven like a student."""

from __future__ import annotations

from pathlib import Path

import pytest

from kneelib.content.base import ContentError
from kneelib.content.glossary import load_glossary
from kneelib.glossary import find_terms
from kneelib.widgets.glossary import show_glossary

ROOT = Path(__file__).resolve().parent.parent


def test_every_term_names_a_notebook_of_the_series():
    notebooks = {p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")}
    assert {t.notebook for t in load_glossary().terms} <= notebooks


@pytest.mark.parametrize(
    "term", ["WOMAC", "KOOS", "Kappa", "Bivariate model", "Verification bias", "Odds"]
)
def test_the_terms_students_meet_before_their_definition_are_in_it(term):
    assert any(t.term.startswith(term) for t in load_glossary().terms)


def test_an_empty_search_lists_every_term_alphabetically():
    terms = find_terms("")
    assert len(terms) == len(load_glossary().terms)
    assert [t.term.casefold() for t in terms] == sorted(t.term.casefold() for t in terms)


def test_names_and_other_names_match_before_definitions():
    found = [t.id for t in find_terms("LR+")]
    assert found == ["likelihood-ratio"]
    by_text = [t.id for t in find_terms("arthroscopy")]
    assert by_text == ["reference-standard"]


def test_searching_is_case_blind():
    assert [t.id for t in find_terms("kAPPA")] == ["kappa"]


def test_typing_narrows_the_list_and_says_how_many_match():
    view = show_glossary()
    view.search.value = "likelihood"
    assert "Likelihood ratio (LR)" in view.entries.value
    assert "Sensitivity" not in view.entries.value
    assert view.feedback.value.startswith("<p>") and "terms match" in view.feedback.value


def test_a_search_with_no_match_says_so_beside_the_box():
    view = show_glossary()
    view.search.value = "xyzzy"
    assert view.entries.value == ""
    assert "No term matches &#x27;xyzzy&#x27;" in view.feedback.value


def test_each_entry_links_to_the_notebook_that_teaches_it():
    view = show_glossary()
    view.search.value = "Thessaly"
    assert '<a href="04-meniscal-tears.ipynb">' in view.entries.value


def test_a_duplicate_term_id_is_reported_with_file_and_id(tmp_path):
    path = tmp_path / "glossary.yaml"
    entry = (
        "  - {id: odds, term: Odds, definition: A ratio., notebook: 07-examination-and-diagnosis}\n"
    )
    path.write_text("title: Glossary\nterms:\n" + entry + entry, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_glossary(path)
    assert (
        str(info.value)
        .splitlines()[0]
        .endswith(
            "glossary.yaml: odds: id: expected an id unique within terms, found 'odds' more than once"
        )
    )
