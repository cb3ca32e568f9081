"""References: data/references.yaml, the one list every citation resolves in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, StrictInt, model_validator

from .base import (
    ContentError,
    Id,
    Model,
    Text,
    cached_loader,
    display_name,
    duplicate_id_problems,
    load_model,
    register_kind,
)

__all__ = [
    "REFERENCES_FILE",
    "Reference",
    "ReferenceFile",
    "load_references",
    "load_references_file",
]

REFERENCES_FILE = "references.yaml"


class Reference(Model):
    """A published source: guideline, paper, book or web page."""

    id: Id
    authors: Text
    year: Annotated[StrictInt, Field(ge=1800, le=2100)]
    title: Text
    source: Text
    url: Text | None = None
    doi: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _has_locator(self) -> Reference:
        if not self.url and not self.doi:
            raise ValueError("url: expected a url or a doi, found neither")
        return self

    def short(self) -> str:
        """'Author Year': 'Wells et al. 2003', 'Altman 1986' or 'NICE 2020'."""
        names = [n.strip() for n in self.authors.replace(";", ",").split(",") if n.strip()]
        first = names[0]
        parts = [p for p in first.split() if p.rstrip(".") not in ("Jr", "Sr", "II", "III")]
        if first in ABBREVIATIONS:
            label = ABBREVIATIONS[first]
        elif len(parts) >= 2 and parts[-1].isupper() and len(parts[-1]) <= 4:
            label = " ".join(parts[:-1])  # "Wells PS" -> "Wells"
        else:
            label = first
        if len(names) > 1 or "et al" in self.authors:
            label += " et al."
        return f"{label} {self.year}"

    def citation(self) -> str:
        """A one-line citation: authors (year). title. source. url/doi."""
        where = f" https://doi.org/{self.doi}" if self.doi else (f" {self.url}" if self.url else "")
        return f"{self.authors} ({self.year}). {self.title}. {self.source}.{where}"


ABBREVIATIONS = {
    "National Institute for Health and Care Excellence": "NICE",
    "American College of Radiology": "ACR",
    "Medicines and Healthcare products Regulatory Agency": "MHRA",
}


class ReferenceFile(Model):
    """The whole references file."""

    references: tuple[Reference, ...]


def _load(path: Path) -> ReferenceFile:
    record = load_model(path, ReferenceFile)
    problems = duplicate_id_problems(record.references, display_name(path), "references")
    if problems:
        raise ContentError(problems)
    return record


def load_references_file(path: Path) -> dict[str, Reference]:
    """Load a references file into {id: Reference}; raises ContentError."""
    return {ref.id: ref for ref in _load(Path(path)).references}


def load_references() -> dict[str, Reference]:
    """The project's references by id (cached until the file changes)."""
    return _load_cached()


_load_cached = cached_loader(load_references_file, REFERENCES_FILE, "the references file")


register_kind("references", REFERENCES_FILE, _load, ReferenceFile)
