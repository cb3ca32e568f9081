"""The shared view helpers: feedback in words and symbols, guarded callbacks, figures with alt text."""

import ipywidgets as widgets
import pytest

from kneelib.widgets.common import STATUSES, FigureImage, feedback_html, guarded


@pytest.mark.parametrize("status", sorted(STATUSES))
def test_feedback_carries_a_symbol_and_a_word_not_only_a_colour(status):
    symbol, word, _colour = STATUSES[status]
    out = feedback_html(status, "message <b>")
    assert f'<span aria-hidden="true">{symbol}</span> {word}:</strong> message &lt;b&gt;' in out
    assert 'role="status"' in out


def test_unknown_status_is_refused():
    with pytest.raises(ValueError, match="feedback_html: expected one of correct, partial"):
        feedback_html("great", "x")


def test_guarded_shows_a_value_error_beside_the_widget():
    box = widgets.HTML()
    guarded(box)(lambda: (_ for _ in ()).throw(ValueError("Enter a number.")))()
    assert "Cannot check yet:</strong> Enter a number." in box.value


def test_guarded_hides_unexpected_errors_behind_a_short_line():
    box = widgets.HTML()

    def boom():
        raise KeyError("secret internals")

    guarded(box)(boom)()
    assert "Something went wrong here (KeyError). Please tell your instructor." in box.value
    assert "secret internals" not in box.value and "Traceback" not in box.value


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
