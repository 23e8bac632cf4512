"""The audit verbs surveys records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "activity",
    {
        "surveys.create": _("created a survey"),
        "surveys.draft": _("saved a survey as a draft"),
        "surveys.publish": _("published a survey draft"),
        "surveys.delete_draft": _("deleted a survey draft"),
        "surveys.announce": _("announced a survey"),
        "surveys.respond": _("answered a survey"),
        "surveys.mix": _("added answers to a survey's results"),
        "surveys.close": _("closed a survey"),
        "surveys.edit": _("changed a survey before anyone answered it"),
        "surveys.confidence": _("took the confidence check"),
        "surveys.goal_add": _("added a goal to the confidence check"),
        "surveys.goal_edit": _("reworded a goal of the confidence check"),
        "surveys.goal_move": _("reordered the goals of the confidence check"),
        "surveys.goal_remove": _("removed a goal from the confidence check"),
    },
)
