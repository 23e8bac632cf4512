"""Rendered HTML kept in the `fragments` cache (memory in each process), keyed by everything
that changes it: an object's version (its last edit), the names and pictures it shows, the
reader's language and time zone, and the reader's relation to it when that changes the HTML.

Keys are versions, never timeouts: a fragment whose object changed is simply never asked for
again. What a fragment must never hold: a CSRF token, or anything private to one reader
unless that reader's relation is part of the key (an "Edit" link under "author"). The
{% cache %} tag does the same in a template; this is for the tags and views that render in
Python, where the tag's own overhead (resolving every vary-on variable) is most of the cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.utils.safestring import SafeString
from django.utils.translation import get_language

TIMEOUT = 86_400  # a day: a busy page is rendered again a few times a day at most


def key(name: str, parts: Iterable[Any]) -> str:
    """The key the {% cache %} tag would make for `name` and these vary-on values."""
    return make_template_fragment_key(name, list(parts))


def cached(name: str, parts: Iterable[Any], render: Callable[[], str]) -> SafeString:
    """The fragment from the cache, or rendered now and kept."""
    store = caches["fragments"]
    made = key(name, parts)
    html = store.get(made)
    if html is None:
        html = str(render())
        store.set(made, html, TIMEOUT)
    return SafeString(html)  # rendered by a template or format_html, escaped there


FORM = "includes/form.html"


def form_html(context: Any, form: Any) -> SafeString:
    """`includes/form.html` for this form: from the cache when the form says its unbound HTML
    is the same for everyone (`shared_html = True`: nothing in it but its fields' labels,
    help texts and choices depends on the reader or the object) and it is unbound with
    nothing filled in (no draft, no quote, no earlier answer), else rendered now. The key
    holds each field's name, label, help text and choices (some are worked out when the form
    is made) and the language; the field ids follow from the names."""

    def render() -> str:
        template = context.template.engine.get_template(FORM)
        with context.push(form=form):
            return str(template.render(context))

    if not getattr(form, "shared_html", False) or form.is_bound or form.initial:
        return SafeString(render())
    parts = [type(form).__module__, type(form).__qualname__, form.prefix, get_language()]
    parts += [
        (
            n,
            str(f.label),
            str(f.help_text),
            [(str(v), str(t)) for v, t in getattr(f, "choices", ())],
        )
        for n, f in form.fields.items()
    ]
    return cached("form", parts, render)
