"""The story form. It parses what people type; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.lib.forms import CountedTextarea, TextField
from fireside.stories.models import PART_MAX, PROMPTS, TITLE_MAX


class StoryForm(forms.Form):
    title = TextField(
        label=_("A few words to name your story"),
        help_text=_("For example: “The sand timer that calmed tidy-up time”."),
        max_length=TITLE_MAX,
    )
    share_with_group = forms.BooleanField(
        label=_("Share it with my group, with my name"),
        help_text=_("The active members of the group can read it."),
        required=False,
    )
    share_with_program = forms.BooleanField(
        label=_("Share it with the program, without my name"),
        help_text=_(
            "The program's coordinators can read it, and it may appear in reports to the "
            "funder. Neither your name nor your group goes with it."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for prompt in PROMPTS:
            self.fields[prompt.cycle] = TextField(
                label=prompt.heading,
                help_text=prompt.prompt,
                required=False,
                max_length=PART_MAX,
                widget=CountedTextarea(attrs={"rows": 3}),
            )

    def story_fields(self) -> list[forms.BoundField]:
        return [self[p.cycle] for p in PROMPTS if not p.for_program]

    def program_fields(self) -> list[forms.BoundField]:
        return [self[p.cycle] for p in PROMPTS if p.for_program]

    def share_fields(self) -> list[forms.BoundField]:
        return [self["share_with_group"], self["share_with_program"]]

    def parts(self) -> dict[str, str]:
        return {p.cycle: self.cleaned_data.get(p.cycle, "") for p in PROMPTS}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any((data.get(p.cycle) or "").strip() for p in PROMPTS):
            self.add_error(
                PROMPTS[0].cycle,
                _("Tell at least one part of your story: what happened is a good start."),
            )
        return data
