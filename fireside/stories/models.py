"""Value-creation stories: a member follows something that happened through the cycles of the
Wenger-Trayner value-creation framework, from the moment itself to the difference it made.

A story is its author's. It stays private unless the author consents to share it, in one or
both of two ways, each of which can be withdrawn at any time:

- with their group, under their name: the group's active members read it;
- with the program, without their name: the program's coordinators read it, and it may
  appear in program reports. Nothing that leaves with it names the author or the group.

Whatever the author chooses, the story is counted — without any of its words — in the
program's indicators (how many stories speak of each kind of value).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fireside.communities.models import Community

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

TITLE_MAX = 120
PART_MAX = 2000


class Cycle(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate value")
    POTENTIAL = "potential", _("Potential value")
    APPLIED = "applied", _("Applied value")
    REALISED = "realised", _("Realised value")
    TRANSFORMATIVE = "transformative", _("Transformative value")
    ENABLING = "enabling", _("Enabling value")
    STRATEGIC = "strategic", _("Strategic value")


@dataclass(frozen=True)
class CyclePrompt:
    cycle: str
    heading: StrPromise  # what the part is called in the form and when read
    prompt: StrPromise  # the light question under it
    for_program: bool = False  # enabling and strategic value speak to the program

    @property
    def name(self) -> str:
        return str(Cycle(self.cycle).label)


# Fireside's own prompts, in plain words: a tired educator answers one or two on a phone.
PROMPTS: tuple[CyclePrompt, ...] = (
    CyclePrompt(
        Cycle.IMMEDIATE,
        _("What happened"),
        _(
            "A gathering, a chat with your peer partner, an idea from someone in your group: "
            "what was the moment, and what made it matter?"
        ),
    ),
    CyclePrompt(
        Cycle.POTENTIAL,
        _("What you took away"),
        _("An idea, a tool, a new contact, a bit more courage? Name what you came away with."),
    ),
    CyclePrompt(
        Cycle.APPLIED,
        _("What you did differently"),
        _("Did you try something in your practice because of it? Tell us what you did."),
    ),
    CyclePrompt(
        Cycle.REALISED,
        _("The difference it made"),
        _(
            "What changed because of it: for the children, the families, your team or you? "
            "How can you tell?"
        ),
    ),
    CyclePrompt(
        Cycle.TRANSFORMATIVE,
        _("How you see things now"),
        _("Has it shifted how you think about your work, your role or what is possible?"),
    ),
    CyclePrompt(
        Cycle.ENABLING,
        _("What helped it happen"),
        _(
            "What about the program made room for this: the group, time set aside, your "
            "facilitator, your peer partner, something else?"
        ),
        for_program=True,
    ),
    CyclePrompt(
        Cycle.STRATEGIC,
        _("What the program could learn"),
        _("What would you tell the people who run the program, so that more of this happens?"),
        for_program=True,
    ),
)
CYCLES: tuple[str, ...] = tuple(p.cycle for p in PROMPTS)
PROMPT_FOR = {p.cycle: p for p in PROMPTS}


class StoryQuerySet(models.QuerySet["Story"]):
    def shared_with_group(self) -> StoryQuerySet:
        return self.filter(shared_with_group_at__isnull=False)

    def shared_with_program(self) -> StoryQuerySet:
        return self.filter(shared_with_program_at__isnull=False)


class Story(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="value_stories"
    )
    # The group the story grew in: where "shared with my group" shares it, and the program
    # (through the group) whose indicators count it.
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="value_stories")
    title = models.CharField(_("a few words to name your story"), max_length=TITLE_MAX)
    immediate = models.TextField(blank=True)
    potential = models.TextField(blank=True)
    applied = models.TextField(blank=True)
    realised = models.TextField(blank=True)
    transformative = models.TextField(blank=True)
    enabling = models.TextField(blank=True)
    strategic = models.TextField(blank=True)
    # Consents, each with the moment it was given; None = not shared that way.
    shared_with_group_at = models.DateTimeField(null=True, blank=True)
    shared_with_program_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "stories"
        indexes = [
            models.Index(fields=["community", "shared_with_group_at"]),
            models.Index(fields=["author", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(
                    immediate="",
                    potential="",
                    applied="",
                    realised="",
                    transformative="",
                    enabling="",
                    strategic="",
                ),
                name="story_tells_at_least_one_cycle",
            ),
        ]

    def __str__(self) -> str:
        return f"Story {self.pk}"

    def part(self, cycle: str) -> str:
        return str(getattr(self, cycle))

    def parts(self) -> list[tuple[CyclePrompt, str]]:
        """The cycles this story tells, in the framework's order, with their text."""
        return [(p, self.part(p.cycle)) for p in PROMPTS if self.part(p.cycle)]

    @property
    def cycles(self) -> list[str]:
        return [p.cycle for p in PROMPTS if self.part(p.cycle)]

    @property
    def is_shared_with_group(self) -> bool:
        return self.shared_with_group_at is not None

    @property
    def is_shared_with_program(self) -> bool:
        return self.shared_with_program_at is not None

    @property
    def is_private(self) -> bool:
        return not (self.is_shared_with_group or self.is_shared_with_program)

    def text(self) -> str:
        """Title and every part, for the common threads (consented stories only)."""
        return "\n".join([self.title, *(t for _p, t in self.parts())])
