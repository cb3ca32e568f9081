"""The glossary: data/glossary.yaml, every technical term a student meets, in plain words.

Each term names the notebook that teaches it (``notebook``, a notebook's slug
such as ``07-examination-and-diagnosis``); a definition that states a
criterion or a rule cites its source.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from .base import (
    ContentError,
    Id,
    Model,
    RefIds,
    Text,
    cached_loader,
    display_name,
    duplicate_id_problems,
    load_model,
    register_kind,
)

__all__ = ["GLOSSARY_FILE", "Glossary", "Term", "load_glossary"]

GLOSSARY_FILE = "glossary.yaml"


class Term(Model):
    """One entry: the term, other names for it, a plain definition and where it is taught."""

    id: Id
    term: Text
    also: tuple[Text, ...] = ()
    definition: Text
    notebook: Id
    references: RefIds = ()


class Glossary(Model):
    """The whole glossary."""

    title: Text
    terms: tuple[Term, ...] = Field(min_length=1)


def _load(path: Path) -> Glossary:
    record = load_model(path, Glossary)
    problems = duplicate_id_problems(record.terms, display_name(path), "terms")
    if problems:
        raise ContentError(problems)
    return record


load_glossary = cached_loader(_load, GLOSSARY_FILE, "the glossary file")

register_kind("glossary", GLOSSARY_FILE, _load, Glossary)
