"""Feedback on a gathering's activities and the scores it adds up to."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.models import Community
from fireside.gatherings.checks import _shown, _started, _text
from fireside.gatherings.models import (
    Activity,
    AgendaItem,
    Feedback,
    Gathering,
)
from fireside.lib.errors import Conflict, InvalidInput


def _activity(value: object, field: str, label: str) -> str:
    """One activity type, or "" for none."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or len(value) > 32:
        raise InvalidInput(
            _("%(label)s must be one activity, such as story_sharing, or left empty.")
            % {"label": label},
            {field: [_("One activity.")]},
        )
    if value not in Activity.values:
        raise InvalidInput(
            _("%(label)s: “%(shown)s” is not one of the activities. Choose one of: %(values)s.")
            % {"label": label, "shown": _shown(value), "values": ", ".join(Activity.values)},
            {field: [_("Unknown activity.")]},
        )
    return value


def do_give_feedback(
    *,
    user: User,
    gathering: Gathering,
    worked: object = (),
    more_of: object = "",
    less_of: object = "",
    comment: object = "",
) -> Feedback:
    if gathering.is_cancelled:
        raise Conflict(_("This gathering was cancelled, so there is nothing to give feedback on."))
    if not _started(gathering):
        raise Conflict(_("Feedback opens once the gathering has taken place."))
    if worked is None:
        worked = []
    if not isinstance(worked, list | tuple) or len(worked) > len(Activity.values):
        raise InvalidInput(
            _('“What worked” must be a list of activities, such as ["story_sharing"].'),
            {"worked": [_("A list of activities.")]},
        )
    fields = {
        "worked": sorted({_activity(w, "worked", _("What worked")) for w in worked} - {""}),
        "more_of": _activity(more_of, "more_of", _("More of")),
        "less_of": _activity(less_of, "less_of", _("Less of")),
        "comment": _text(comment, "comment", 2000),
    }
    feedback, _created = Feedback.objects.update_or_create(
        gathering=gathering, user=user, defaults=fields
    )
    return feedback


@dataclass(frozen=True)
class ActivityScore:
    activity: str
    label: str
    planned: int
    worked: int
    more: int
    less: int

    @property
    def score(self) -> int:
        return self.worked + self.more - self.less


def activity_scores(community: Community) -> list[ActivityScore]:
    """Which kinds of activity the group rates best, from members' feedback (no names)."""
    # A cancelled gathering did not take place: its agenda and any answers do not count.
    held = {"gathering__community": community, "gathering__cancelled_at__isnull": True}
    planned = Counter(AgendaItem.objects.filter(**held).values_list("activity", flat=True))
    worked: Counter[str] = Counter()
    more: Counter[str] = Counter()
    less: Counter[str] = Counter()
    for w, m, lo in Feedback.objects.filter(**held).values_list("worked", "more_of", "less_of"):
        worked.update(w or [])
        if m:
            more[m] += 1
        if lo:
            less[lo] += 1
    labels = dict(Activity.choices)
    scores = [
        ActivityScore(a, str(labels[a]), planned[a], worked[a], more[a], less[a])
        for a in Activity.values
        if planned[a] or worked[a] or more[a] or less[a]
    ]
    return sorted(scores, key=lambda s: (-s.score, s.label))
