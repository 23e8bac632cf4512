"""A sentence ending with an abbreviation keeps one full stop."""

from __future__ import annotations

from fireside.lib.text import one_full_stop


def test_it_ends_a_sentence_with_one_full_stop_and_keeps_an_ellipsis() -> None:
    assert one_full_stop("Draft saved at 4:22 p.m..") == "Draft saved at 4:22 p.m."
    assert one_full_stop("Brouillon enregistré à 16 h 22.") == "Brouillon enregistré à 16 h 22."
    assert one_full_stop("Wait...") == "Wait..."
    assert one_full_stop("") == ""
