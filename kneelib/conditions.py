"""The conditions table: load data/conditions.yaml into pandas and compare conditions side by side.

Pure functions, no widgets. ``kneelib.widgets.conditions.show_conditions`` is the view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from .content.conditions import FEATURES, Condition, load_conditions
from .errors import KneelibError
from .text import cite, to_html

__all__ = [
    "FEATURE_LABELS",
    "UnknownConditionError",
    "compare_conditions",
    "comparison_html",
    "conditions_table",
    "get_conditions",
]

#: Row labels for the nine compared features, in display order.
FEATURE_LABELS: dict[str, str] = {
    "typical_age": "Typical age",
    "onset": "Onset",
    "location": "Location behind the knee",
    "swelling": "Swelling",
    "mechanical_symptoms": "Mechanical symptoms",
    "aggravating_factors": "Aggravating factors",
    "key_examination": "Key examination findings",
    "first_test": "First test",
    "first_line_treatment": "First-line treatment",
}


class UnknownConditionError(KneelibError):
    """A condition id that is not in data/conditions.yaml."""


def _all(conditions: Iterable[Condition] | None) -> tuple[Condition, ...]:
    return tuple(load_conditions() if conditions is None else conditions)


def get_conditions(
    ids: Sequence[str], conditions: Iterable[Condition] | None = None
) -> tuple[Condition, ...]:
    """The conditions with these ids, in the order given; unknown ids raise UnknownConditionError."""
    if isinstance(ids, str):
        raise TypeError(
            f"get_conditions: ids: expected a list of condition ids, found the text {ids!r}"
        )
    records = _all(conditions)
    by_id = {c.id: c for c in records}
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise UnknownConditionError(
            "get_conditions: ids: expected at least one condition id, found none"
        )
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        known = ", ".join(by_id) or "none"
        raise UnknownConditionError(
            f"get_conditions: ids: expected condition ids from data/conditions.yaml ({known}), "
            f"found {', '.join(repr(u) for u in unknown)}"
        )
    return tuple(by_id[i] for i in ids)


def conditions_table(conditions: Iterable[Condition] | None = None) -> pd.DataFrame:
    """Every condition as one row (index: id; columns: name, group and the nine features' text)."""
    rows = [
        {
            "id": c.id,
            "name": c.name,
            "group": c.group,
            **{f: getattr(c.features, f).text for f in FEATURES},
        }
        for c in _all(conditions)
    ]
    return pd.DataFrame(rows, columns=["id", "name", "group", *FEATURES]).set_index("id")


def compare_conditions(
    ids: Sequence[str], conditions: Iterable[Condition] | None = None
) -> pd.DataFrame:
    """Side-by-side comparison: one row per feature, one column per condition (named), in the order given."""
    chosen = get_conditions(ids, conditions)
    data = {c.name: [getattr(c.features, f).text for f in FEATURES] for c in chosen}
    return pd.DataFrame(data, index=pd.Index([FEATURE_LABELS[f] for f in FEATURES], name="Feature"))


def comparison_html(ids: Sequence[str], conditions: Iterable[Condition] | None = None) -> str:
    """The comparison as an escaped HTML table; each cell ends with its short citations."""
    chosen = get_conditions(ids, conditions)
    head = "".join(
        f"<th scope='col' style='text-align:left;padding:4px 8px'>{to_html(c.name)}</th>"
        for c in chosen
    )
    rows = []
    for f in FEATURES:
        cells = []
        for c in chosen:
            feature = getattr(c.features, f)
            source = to_html(cite(feature.references))
            cells.append(
                f"<td style='vertical-align:top;padding:4px 8px'>{to_html(feature.text)}"
                f"<br><small>[{source}]</small></td>"
            )
        rows.append(
            f"<tr><th scope='row' style='text-align:left;vertical-align:top;padding:4px 8px'>{FEATURE_LABELS[f]}</th>{''.join(cells)}</tr>"
        )
    return (
        "<table style='border-collapse:collapse'>"
        f"<thead><tr><th scope='col' style='text-align:left;padding:4px 8px'>Feature</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
