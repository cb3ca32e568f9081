"""Looking terms up in the glossary (data/glossary.yaml). Pure: no widgets."""

from __future__ import annotations

from .content.glossary import Glossary, Term, load_glossary

__all__ = ["find_terms", "notebook_link"]


def find_terms(query: str = "", glossary: Glossary | None = None) -> tuple[Term, ...]:
    """Terms matching ``query`` (any case): names first, then definitions; all terms when empty."""
    glossary = glossary if glossary is not None else load_glossary()
    terms = sorted(glossary.terms, key=lambda t: t.term.casefold())
    q = query.strip().casefold()
    if not q:
        return tuple(terms)
    by_name = [t for t in terms if any(q in name.casefold() for name in (t.term, *t.also))]
    by_text = [t for t in terms if t not in by_name and q in t.definition.casefold()]
    return tuple(by_name + by_text)


def notebook_link(term: Term) -> str:
    """The notebook file that teaches a term, e.g. '04-meniscal-tears.ipynb'."""
    return f"{term.notebook}.ipynb"
