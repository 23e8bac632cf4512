"""{% ledger_entries month.entries %}: a month's entries on the ledger page. (Whether someone
has hours to see in a program is the program page's part: fireside/hours/page_parts.py.)"""

from __future__ import annotations

from django import template
from django.utils import dateformat
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from fireside.hours.ledger import Entry

register = template.Library()


# The words for each source of hours, as the ledger writes them after the date.
_SOURCE_WORDS = {
    "gatherings": gettext_lazy("gathering"),
    "connections": gettext_lazy("peer connection"),
    "online_conversations": gettext_lazy("online conversations"),
    "preparation": gettext_lazy("preparation and debrief"),
}


@register.simple_tag
def ledger_entries(entries: list[Entry]) -> SafeString:
    """A month's entries as the ledger lists them. Written here rather than in the template:
    a long ledger has hundreds of entries, and the template engine spent most of the page's
    time on their dozen lookups, conditions and date filters each (bench/profile.py)."""
    reflection = escape(gettext("reflection"))
    words = {source: escape(word) for source, word in _SOURCE_WORDS.items()}
    rows = []
    for e in entries:
        word = words.get(e.source)
        what = f"{word} · {escape(e.where)}" if word else reflection
        title = f'<a href="{escape(e.url)}">{escape(e.title)}</a>' if e.url else escape(e.title)
        review = f' · <span class="tag">{escape(e.review_label)}</span>' if e.review else ""
        rows.append(
            f'<li>\n<p class="row-title">{title}</p>\n<p class="meta">'
            f"{escape(dateformat.format(e.on, 'j M'))} · {what} · "
            f'<strong class="hours-figure">{escape(localize(e.hours))} h</strong> '
            f'<span class="nowrap">({escape(e.minutes_spoken)})</span>{review}</p>\n</li>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value in it escaped above
