from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.conversations.attachments import MAX_PER_POST
from fireside.conversations.models import Attachment, Kind, Provenance
from fireside.lib.forms import CountedTextarea, TextField
from fireside.lib.uploads import ACCEPTED_EXTENSIONS, limit_mb

THINK = [
    ("true", _("True: is it accurate, as far as I know?")),
    ("helpful", _("Helpful: will it help someone here?")),
    ("inspiring", _("Inspiring: might it lift someone up?")),
    ("necessary", _("Necessary: does it need saying?")),
    ("kind", _("Kind: would I say it this way face to face?")),
]


class ThinkCheck(forms.Form):
    """The THINK check: a gentle pause before posting, offered where the group chose
    (Community.think). Ticking is optional and never stops a post. New threads and
    replies share it: the same field, shown by the same form partial."""

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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files, checked by the action (fireside/conversations/attachments.py)."""

    def __init__(self, **kwargs: Any) -> None:
        attrs = {
            "accept": ",".join(ACCEPTED_EXTENSIONS),
            "data-attachments": "",  # fireside/static/js/attachments.js
            "data-remove-label": _("Remove"),
        }
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [f for f in data if f]
        return [data] if data else []


class AttachFields(forms.Form):
    """Files and pictures on a post: a plain file input, so it works without JavaScript.
    Drafts keep only the text."""

    attachments = MultipleFileField(label=_("Attach pictures or files (optional)"))
    captions = forms.CharField(
        label=_("Describe your pictures (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One line per picture, in the order you chose them, for people who cannot see "
            "them. Without one, the file's name is read out."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _(
            "Up to %(count)s files of %(limit)s each. Pictures show in the post; other files "
            "are offered to download. Drafts keep your text, not your files."
        ) % {"count": MAX_PER_POST, "limit": limit_mb()}


class ThreadForm(ThinkCheck, AttachFields):
    kind = forms.ChoiceField(
        label=_("What kind of post is it?"),
        choices=[(v, label) for v, label in Kind.choices if v != Kind.RESEARCH],
    )
    title = TextField(label=_("Title"), max_length=200)
    body = TextField(
        label=_("Your message"),
        max_length=20_000,
        widget=CountedTextarea(attrs={"rows": 8}),
        help_text=_(
            "Markdown works: *italics*, **bold**, lists, links. Please leave out names and "
            "details of children, families and workplaces."
        ),
    )
    field_order = ["kind", "title", "body", "attachments", "captions", "think"]


class ReplyForm(ThinkCheck, AttachFields):
    body = TextField(
        label=_("Your reply"), max_length=20_000, widget=CountedTextarea(attrs={"rows": 4})
    )
    field_order = ["body", "attachments", "captions", "think"]
    shared_html = True  # unbound, the same for every reader ({% form_fields %})


class EditForm(AttachFields):
    title = TextField(label=_("Title"), max_length=200, required=False)
    body = TextField(
        label=_("Your message"), max_length=20_000, widget=CountedTextarea(attrs={"rows": 8})
    )
    remove = forms.TypedMultipleChoiceField(
        label=_("Remove attachments"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = ["title", "body", "remove", "attachments", "captions"]

    def __init__(self, *args: Any, attached: Sequence[Attachment] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if attached:
            remove = cast(forms.TypedMultipleChoiceField, self.fields["remove"])
            remove.choices = [(a.pk, a.filename) for a in attached]
        else:
            del self.fields["remove"]


class ReasonForm(forms.Form):
    reason = TextField(
        label=_("Why? (only the facilitators see this)"),
        max_length=500,
        widget=CountedTextarea(attrs={"rows": 3}),
    )


class RecognitionForm(forms.Form):
    to_user = forms.TypedChoiceField(label=_("Who do you want to recognise?"), coerce=int)
    note = TextField(
        label=_("For what? A sentence or two."),
        max_length=500,
        widget=CountedTextarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, members: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["to_user"].choices = members  # type: ignore[attr-defined]


class ResourceForm(forms.Form):
    title = TextField(label=_("Title"), max_length=200)
    description = TextField(
        label=_("What is it, and how have you used it? (optional)"),
        max_length=2000,
        required=False,
        widget=CountedTextarea(attrs={"rows": 4}),
    )
    file = forms.FileField(
        label=_("A file"),
        required=False,
        help_text=_(
            "PDFs, images, Word, Excel, PowerPoint or OpenDocument files, plain text or CSV."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )
    url = forms.URLField(
        label=_("…or a link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Share a file or a link, not both."),
    )
    provenance = forms.ChoiceField(
        label=_("Where does it come from?"),
        choices=Provenance.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Developed: you made it. Adapted: you changed something someone else made. "
            "Found: someone else made it."
        ),
    )
    tags = TextField(
        label=_("Tags (optional)"),
        max_length=600,
        required=False,
        help_text=_("Separate them with commas, for example: outdoor play, toddlers."),
    )
    share_with_program = forms.BooleanField(
        label=_("Let the other groups in our program see and download it too"),
        required=False,
        help_text=_("Only you can decide this, and you can change your mind later."),
    )


class TermForm(forms.Form):
    name = TextField(label=_("The term"), max_length=120)
    perspective = TextField(
        label=_("What it means to you"),
        max_length=5000,
        widget=CountedTextarea(attrs={"rows": 5}),
        help_text=_("Your own words. Others will add theirs beside yours."),
    )


class PerspectiveForm(forms.Form):
    body = TextField(
        label=_("What it means to you"),
        max_length=5000,
        widget=CountedTextarea(attrs={"rows": 6}),
        help_text=_("Markdown works. Only you can change your perspective."),
    )


class AgendaForm(forms.Form):
    gathering = forms.TypedChoiceField(label=_("Which gathering?"), coerce=int)
    minutes = forms.IntegerField(
        label=_("How many minutes for it?"), min_value=1, max_value=600, initial=20
    )

    def __init__(self, *args: object, gatherings: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["gathering"].choices = gatherings  # type: ignore[attr-defined]


class ResearchForm(forms.Form):
    title = TextField(label=_("Title of the study or article"), max_length=200)
    url = forms.URLField(
        label=_("Link (optional if you give a citation)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    citation = TextField(
        label=_("Citation (optional if you give a link)"),
        max_length=1000,
        required=False,
        widget=CountedTextarea(attrs={"rows": 2}),
        help_text=_("Authors, year, title, where it was published."),
    )
    summary = TextField(
        label=_("A short summary in your words"),
        max_length=3000,
        widget=CountedTextarea(attrs={"rows": 5}),
    )
    questions = TextField(
        label=_("Questions to talk about (optional)"),
        max_length=3500,
        required=False,
        widget=CountedTextarea(attrs={"rows": 4}),
        help_text=_("One question a line."),
    )
    # Shown to facilitators and organisers only.
    gathering = forms.TypedChoiceField(
        label=_("Put it on a gathering's agenda (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    minutes = forms.IntegerField(
        label=_("Minutes on the agenda"), min_value=1, max_value=600, initial=20, required=False
    )

    def __init__(
        self, *args: object, gatherings: list[tuple[int, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if gatherings is None:
            del self.fields["gathering"], self.fields["minutes"]
        else:
            self.fields["gathering"].choices = [("", _("Not now")), *gatherings]  # type: ignore[attr-defined]
