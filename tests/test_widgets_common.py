"""The shared view helpers: feedback in words and symbols, guarded callbacks, figures with alt text."""

import ipywidgets as widgets
import pytest

from kneelib.errors import InputError
from kneelib.widgets.common import FAILURE_MESSAGE, STATUSES, FigureImage, feedback_html, guarded


@pytest.mark.parametrize("status", sorted(STATUSES))
def test_feedback_carries_a_symbol_and_a_word_not_only_a_colour(status):
    symbol, word, _colour = STATUSES[status]
    out = feedback_html(status, "message <b>")
    assert f'<span aria-hidden="true">{symbol}</span> {word}:</strong> message &lt;b&gt;' in out
    assert 'role="status"' in out


def test_unknown_status_is_refused():
    with pytest.raises(ValueError, match="feedback_html: expected one of correct, partial"):
        feedback_html("great", "x")


def test_guarded_shows_a_kneelib_error_beside_the_widget():
    box = widgets.HTML()
    guarded(box)(lambda: (_ for _ in ()).throw(InputError("Enter a number.")))()
    assert "Cannot check yet:</strong> Enter a number." in box.value


def test_guarded_hides_unexpected_errors_behind_one_generic_line(caplog):
    box = widgets.HTML()

    def boom():
        raise KeyError("secret internals")

    guarded(box)(boom)()
    assert (
        "⚠</span> Not your mistake:</strong> Something went wrong here; your answers are saved."
        in box.value
    )
    assert "secret internals" not in box.value and "Traceback" not in box.value
    (record,) = caplog.records
    assert record.name == "kneelib.widgets" and record.levelname == "ERROR"
    assert record.getMessage() == (
        "widget callback test_guarded_hides_unexpected_errors_behind_one_generic_line.<locals>.boom failed"
    )
    assert record.exc_info[0] is KeyError


def test_a_plain_value_error_is_a_bug_not_the_students_mistake(caplog):
    """A ValueError that is not a KneelibError comes from a bug (here int() on a label)."""
    box = widgets.HTML()

    def parse_label():
        return int("Age (years)")

    guarded(box)(parse_label)()
    assert "Cannot check yet" not in box.value
    assert "invalid literal" not in box.value
    assert FAILURE_MESSAGE in box.value
    assert "invalid literal for int() with base 10: 'Age (years)'" in caplog.text


def test_figure_image_has_escaped_alt_text_and_keeps_the_png():
    image = FigureImage(max_width="300px")
    image.show(b"\x89PNG fake", 'A "plot" <of> things')
    assert image.png == b"\x89PNG fake"
    assert 'alt="A &quot;plot&quot; &lt;of&gt; things"' in image.value
    assert image.value.startswith('<img src="data:image/png;base64,')


def test_figure_image_refuses_an_empty_description():
    with pytest.raises(
        ValueError, match="alt: expected a description of the figure, found nothing"
    ):
        FigureImage().show(b"png", " ")
