"""Escaping and the safe formatting subset."""

from kneelib.text import cite, to_html


def test_html_is_escaped():
    assert (
        to_html('<script>alert("x")</script>')
        == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    )


def test_bold_italics_and_line_breaks():
    assert (
        to_html("**Red flag**: *urgent*\nnext line")
        == "<strong>Red flag</strong>: <em>urgent</em><br>next line"
    )


def test_lone_asterisks_stay_text():
    assert to_html("2 * 3 = 6") == "2 * 3 = 6"


def test_cite_uses_short_labels_and_keeps_unknown_ids(fixture_data):
    assert (
        cite(["ref-one", "ref-two", "ref-one", "missing"]) == "Doe et al. 2020; NICE 2022; missing"
    )


def test_format_lr_is_shared_by_tables_and_figures():
    import math

    from kneelib.text import format_lr

    assert [format_lr(x) for x in (math.inf, 0.0, 0.25, 4, 12.34)] == [
        "infinite",
        "0",
        "0.25",
        "4.00",
        "12.3",
    ]
