"""A post's reactions as HTML, written in Python: what `conversations/_reactions.html` showed,
a button for each kind someone chose (pressed when it is the reader's) with its count, the
other kinds under "React", and who reacted, on demand.

Every post of a thread's page has these, so with fifty replies the template engine spent
half the page's time on them (about 250 buttons); writing the same HTML here costs a tenth
of that. Nothing is cached: the buttons say which reactions are the reader's, and the form
carries the reader's CSRF token, so they are written afresh for each reader, each time.
Every value from the data is escaped (`_e`, or `format_html`).
"""

from __future__ import annotations

import html
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from fireside.conversations.reactions import Tally

CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


def _e(value: Any) -> str:
    """HTML-escaped, as Django's `escape` does it (&, <, >, " and ')."""
    return html.escape(str(value), quote=True)


def csrf_input(token: Any) -> SafeString:
    """The form's hidden CSRF field, as `{% csrf_token %}` writes it (nothing without one)."""
    token = str(token or "")
    if not token or token == "NOTPROVIDED":  # noqa: S105 - what the context processor says
        return mark_safe("")
    return format_html(CSRF_INPUT, token)


def _button(tally: Tally, kind: str, pk: int) -> str:
    """One kind's button; `kind` (the post's: thread or reply) comes escaped."""
    count = f' <span class="reaction-count">{tally.count:d}</span>' if tally.count else ""
    value, mine = _e(tally.kind), tally.mine
    return (
        f'<li><button type="submit" name="reaction" value="{value}" '
        f'id="{kind}-{pk:d}-react-{value}" class="reaction{" mine" if mine else ""}" '
        f'aria-pressed="{"true" if mine else "false"}"><span aria-hidden="true">'
        f"{_e(tally.emoji)}</span> {_e(tally.label)}{count}</button></li>"
    )


def _who(tally: Tally) -> str:
    names = ", ".join(_e(n) for n in tally.names)
    if tally.unnamed:
        left = ngettext(
            "%(n)s person who has left the group",
            "%(n)s people who have left the group",
            tally.unnamed,
        ) % {"n": tally.unnamed}
        names += (", " if tally.names else "") + _e(left)
    return (
        f'<li><span aria-hidden="true">{_e(tally.emoji)}</span> '
        f"<strong>{_e(tally.label)}:</strong> {names}</li>"
    )


def reactions_html(post: Any, kind: str, csrf: str = "", error: str = "") -> SafeString:
    """The post's reactions block (empty for a post without tallies: a hidden one), `kind`
    "thread" or "reply", `csrf` the form's hidden field (csrf_input), `error` a message to
    show under the buttons."""
    tallies = getattr(post, "reaction_tallies", None)
    if not tallies:
        return mark_safe("")
    reacted = getattr(post, "reacted", None)
    unreacted = getattr(post, "unreacted", None)
    if reacted is None or unreacted is None:
        reacted = [t for t in tallies if t.count]
        unreacted = [t for t in tallies if not t.count]
    box = f"{kind}-{post.pk}-reactions"
    action = reverse("conversations:react", args=[kind, post.pk])
    parts: list[str] = [
        format_html('<div class="reactions" id="{}">', box),
        format_html(
            '<form method="post" action="{}" data-hx-post="{}" data-hx-target="#{}" '
            'data-hx-swap="outerHTML">{}',
            action,
            action,
            box,
            csrf,
        ),
    ]
    if reacted:
        label = gettext("Reactions")
        parts.append(format_html('<ul class="reaction-buttons" aria-label="{}">', label))
        parts.extend(_button(t, _e(kind), post.pk) for t in reacted)
        parts.append("</ul>")
    if unreacted:
        parts.append(
            format_html(
                '<details class="quiet react-more"><summary>{}</summary>'
                '<ul class="reaction-buttons">',
                gettext("React"),
            )
        )
        parts.extend(_button(t, _e(kind), post.pk) for t in unreacted)
        parts.append("</ul></details>")
    parts.append("</form>")
    if error:
        parts.append(format_html('<p class="errorlist" role="alert">{}</p>', error))
    if reacted:
        parts.append(
            format_html(
                '<details class="quiet reaction-people"><summary>{}</summary><ul>',
                gettext("Who reacted"),
            )
        )
        parts.extend(_who(t) for t in reacted)
        parts.append("</ul></details>")
    parts.append("</div>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every part built by format_html
