"""The one text check, and a sentence ending with an abbreviation keeps one full stop."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy

from fireside.gatherings.checks import _text
from fireside.lib.errors import InvalidInput
from fireside.lib.text import UNSTORABLE_HINT, clean_text, one_full_stop


def test_it_ends_a_sentence_with_one_full_stop_and_keeps_an_ellipsis() -> None:
    assert one_full_stop("Draft saved at 4:22 p.m..") == "Draft saved at 4:22 p.m."
    assert one_full_stop("Brouillon enregistré à 16 h 22.") == "Brouillon enregistré à 16 h 22."
    assert one_full_stop("Wait...") == "Wait..."
    assert one_full_stop("") == ""


def test_it_words_each_refusal_as_the_app_asks_and_keeps_the_field_errors() -> None:
    words = {"not_text": "Not text.", "unstorable": "Broken.", "missing": "Write it."}
    for value, message, error in (
        (5, "Not text.", "Must be text."),
        ("a\x00b", "Broken.", str(UNSTORABLE_HINT)),
        ("   ", "Write it.", "This field is required."),
    ):
        with pytest.raises(InvalidInput) as refused:
            clean_text(value, "note", 10, required=True, **words)
        assert refused.value.message == message
        assert refused.value.errors == {"note": [error]}
    with pytest.raises(InvalidInput) as refused:
        clean_text("x" * 11, "note", 10, label="The note")
    assert refused.value.message.startswith("The note is 11 characters; the limit is 10.")


def test_it_keeps_text_of_any_length_when_the_column_has_no_limit() -> None:
    assert clean_text(None, "needs", None) == ""
    assert clean_text("  " + "x" * 50_000 + " ", "needs", None) == "x" * 50_000


def test_a_gathering_refuses_a_broken_character_by_its_name() -> None:
    # The gatherings' own check had no storable step: NUL reached PostgreSQL as a 500.
    with pytest.raises(InvalidInput) as refused:
        _text("Picnic\x00", "title", 200, required=True)
    assert refused.value.errors == {"title": [str(UNSTORABLE_HINT)]}
    assert refused.value.message.startswith("The title: the text has a character")


def test_it_takes_a_lazily_translated_default_as_text() -> None:
    assert clean_text(gettext_lazy(" Be kind. "), "text", 20) == "Be kind."
    with pytest.raises(InvalidInput):
        clean_text(5, "text", 20)
