"""The library's form. It parses what people type; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.lib.forms import CountedTextarea, TextField
from fireside.lib.uploads import ACCEPTED_EXTENSIONS
from fireside.library.models import DESCRIPTION_MAX, TITLE_MAX, Kind, Language


class ProgramResourceForm(forms.Form):
    title = TextField(label=_("Title"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(
        label=_("What kind of resource is it?"), choices=Kind.choices, widget=forms.RadioSelect
    )
    description = TextField(
        label=_("Why it is worth a look (optional)"),
        help_text=_("A few lines. Markdown is allowed."),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=CountedTextarea(attrs={"rows": 4}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.EN)
    file = forms.FileField(
        label=_("A file"),
        required=False,
        help_text=_(
            "PDFs, images, Word, Excel, PowerPoint or OpenDocument files, plain text or CSV."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )
    # Checked by the action (http and https only, at most URL_MAX characters), so the form
    # and the API say the same.
    url = forms.CharField(
        label=_("…or a link"),
        required=False,
        help_text=_("A file or a link, not both. For example, the episode's page."),
        widget=forms.URLInput,
    )
    pinned = forms.BooleanField(label=_("Pin it to the top of the library"), required=False)

    def __init__(self, *args: Any, editing: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing is not None:
            # A file stays as it is; a link's address can change.
            del self.fields["file"]
            if editing.is_link:
                self.fields["url"].label = _("Link")
                self.fields["url"].required = True
                self.fields["url"].help_text = ""
            else:
                del self.fields["url"]


class LibraryFilter(forms.Form):
    """The list's filters: a kind and a few words. Anything odd is simply ignored."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Every kind")), *Kind.choices],
        required=False,
    )
    # Words to look for, not text anyone keeps: the view reads the first few.
    q = forms.CharField(label=_("Words in the title or description"), required=False)
