from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.conversations.models import Kind

THINK = [
    ("true", _("True: is it accurate, as far as I know?")),
    ("helpful", _("Helpful: will it help someone here?")),
    ("inspiring", _("Inspiring: might it lift someone up?")),
    ("necessary", _("Necessary: does it need saying?")),
    ("kind", _("Kind: would I say it this way face to face?")),
]


class ThreadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of post is it?"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Your message"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Markdown works: *italics*, **bold**, lists, links. Please leave out names and "
            "details of children, families and workplaces."
        ),
    )
    # The THINK check: a gentle pause. Ticking is optional and never stops a post.
    think = forms.MultipleChoiceField(
        label=_("Before you post, THINK (optional)"),
        choices=THINK,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, think_check: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not think_check:
            del self.fields["think"]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )


class EditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Your message"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why? (only the facilitators see this)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RecognitionForm(forms.Form):
    to_user = forms.TypedChoiceField(label=_("Who do you want to recognise?"), coerce=int)
    note = forms.CharField(
        label=_("For what? A sentence or two."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, members: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["to_user"].choices = members  # type: ignore[attr-defined]
