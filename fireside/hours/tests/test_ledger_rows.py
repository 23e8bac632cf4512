"""The ledger's entries, written by a template tag instead of a loop of template nodes
(bench/profile.py): the same markup, everything escaped, in the reader's language."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from fireside.hours.ledger import Entry
from fireside.hours.templatetags.hours import ledger_entries


def test_each_entry_reads_as_before_and_people_s_words_are_escaped() -> None:
    entries = [
        Entry("gatherings", dt.date(2026, 3, 5), 90, "<b>Circle</b>", "Ash & Oak", url="/g/1/"),
        Entry("reflections", dt.date(2026, 3, 9), 15, "March", "ignored"),
        Entry("connections", dt.date(2026, 3, 12), 45, "Walk", "Sam", review="confirmed"),
    ]
    html = ledger_entries(entries)
    assert html.count("<li>") == 3
    assert (
        '<p class="row-title"><a href="/g/1/">&lt;b&gt;Circle&lt;/b&gt;</a></p>\n'
        '<p class="meta">5 Mar · gathering · Ash &amp; Oak · '
        '<strong class="hours-figure">1.50 h</strong> <span class="nowrap">(90 minutes)</span></p>'
    ) in html
    assert '<p class="meta">9 Mar · reflection · <strong' in html  # no place for a reflection
    assert "ignored" not in html
    assert ' · <span class="tag">Confirmed</span></p>' in html
    assert "<b>" not in html


def test_the_entries_follow_the_reader_s_language() -> None:
    entry = Entry("gatherings", dt.date(2026, 3, 5), 90, "Cercle", "Érable", url="/g/1/")
    with translation.override("fr-ca"):
        html = ledger_entries([entry])
    assert "5 Mar · rencontre · Érable" in html  # as the date filter writes it
    assert "1,50 h" in html
    assert "(90 minutes)" in html
