from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from fireside.lib import fragments
from fireside.lib.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def percent(value: Any) -> str:
    """A share as the reader writes it: "85.7%" in English, "85,7 %" in French."""
    return percent_text(value)


def percent_text(value: Any) -> str:
    return gettext("%(value)s%%") % {"value": number_format(value)}


@register.filter
def hidden_copy(field: BoundField) -> SafeString:
    """A field carried through a confirmation step as hidden input(s). Unlike `as_hidden`, it
    leaves out the aria-describedby Django copies from the visible field: an aria-* attribute
    on a hidden input is invalid HTML."""
    widget = field.field.hidden_widget()
    return widget.render(field.html_name, field.value(), renderer=field.form.renderer)


@register.simple_tag
def crumb(label: Any, view_name: str = "", *args: Any) -> SafeString:
    """One step of a page's breadcrumb trail (base.html puts "Home" first):
    `{% crumb community.name "communities:home" community.pk %}` links to a page;
    `{% crumb thread.title %}`, without a page, is the current one and comes last. A path
    the view worked out ("/surveys/…") is taken as it is."""
    if not view_name:
        return format_html('<li><span aria-current="page">{}</span></li>', label)
    url = view_name if view_name.startswith("/") else reverse(view_name, args=args)
    return format_html('<li><a href="{}">{}</a></li>', url, label)


@register.simple_tag(takes_context=True)
def form_fields(context: Any, form: Any) -> SafeString:
    """What {% include "includes/form.html" %} writes, kept in the fragments cache for a form
    whose unbound HTML is everyone's (fireside.lib.fragments.form_html)."""
    return fragments.form_html(context, form)
