"""Web forms for the reflection practices. They parse what people type; the actions in
more_or_less.py and practices.py decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.activities.models import (
    CARD_MAX,
    DESCRIPTION_MAX,
    FEEDBACK_MAX,
    TOPIC_MAX,
    WANTED_MAX,
    Card,
)
from fireside.lib.forms import CountedTextarea, TextField


class RoundForm(forms.Form):
    topic = TextField(
        label=_("Topic of the round"),
        max_length=TOPIC_MAX,
        help_text=_("For example: our gatherings, or outdoor play with toddlers."),
    )


class CardForm(forms.Form):
    side = forms.ChoiceField(
        label=_("I'd like"),
        choices=[(Card.Side.MORE, _("more of")), (Card.Side.LESS, _("less of"))],
        widget=forms.RadioSelect(attrs={"class": "big-choices"}),
    )
    text = TextField(
        label=_("What?"),
        max_length=CARD_MAX,
        help_text=_("A few words. The group sees your card without your name."),
    )


class AgendaForm(forms.Form):
    """A group of cards, as the topic of the next gathering (prefilled, can be reworded)."""

    side = forms.ChoiceField(choices=Card.Side.choices, widget=forms.HiddenInput)
    key = forms.CharField(widget=forms.HiddenInput)
    topic = TextField(label=_("Topic on the next agenda"), max_length=TOPIC_MAX)


class PracticeForm(forms.Form):
    title = TextField(
        label=_("Your session's title"),
        max_length=TOPIC_MAX,
        help_text=_("For example: Sharing a picture book with a mixed-age group."),
    )
    description = TextField(
        label=_("What you plan"),
        max_length=DESCRIPTION_MAX,
        widget=CountedTextarea(attrs={"rows": 5}),
        help_text=_("Who it is for, what happens, what you hope the children get from it."),
    )
    wanted = TextField(
        label=_("The feedback you would like (optional)"),
        required=False,
        max_length=WANTED_MAX,
        widget=CountedTextarea(attrs={"rows": 3}),
        help_text=_("For example: is the opening too long? Does the song fit the age?"),
    )


class FeedbackForm(forms.Form):
    worked = TextField(
        label=_("What worked"),
        required=False,
        max_length=FEEDBACK_MAX,
        widget=CountedTextarea(attrs={"rows": 3}),
    )
    to_try = TextField(
        label=_("What to try"),
        required=False,
        max_length=FEEDBACK_MAX,
        widget=CountedTextarea(attrs={"rows": 3}),
    )
    named = forms.BooleanField(
        label=_("Show my name with it"),
        required=False,
        initial=True,
        help_text=_("The presenter and the group see who wrote it, unless you untick this."),
    )
