"""The audit verbs mentoring records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "activity",
    {
        "mentoring.pair": _("paired peers"),
        "mentoring.end_pair": _("ended a peer pair"),
        "mentoring.accept_partner_request": _("accepted a peer partner request"),
        "mentoring.log_connection": _("logged a peer connection"),
        "mentoring.remove_connection": _("removed a peer connection"),
        "mentoring.confirm_connection": _("confirmed a peer connection"),
        "mentoring.dispute_connection": _("disputed a peer connection"),
        "mentoring.settle_connection": _("settled a disputed peer connection"),
        "mentoring.delete_pair_message": _("deleted a message to their peer partner"),
        "mentoring.nudge": _("nudged a quiet pair"),
        "mentoring.write_reflection": _("wrote a reflection"),
        "mentoring.edit_reflection": _("edited a reflection"),
        "mentoring.withdraw_excerpt": _("withdrew a shared excerpt"),
        "mentoring.set_prompts": _("changed the reflection prompts"),
        "mentoring.set_reflection_policy": _("changed who reads reflections"),
        "mentoring.reflection_reminders_on": _("turned reflection reminders on"),
        "mentoring.reflection_reminders_off": _("turned reflection reminders off"),
        "mentoring.add_matching_question": _("added a matching question"),
        "mentoring.edit_matching_question": _("changed a matching question"),
        "mentoring.move_matching_question": _("moved a matching question"),
        "mentoring.delete_matching_question": _("deleted a matching question and its answers"),
        "mentoring.answer_matching_questions": _("answered the matching questions"),
        "mentoring.set_catch_up": _("planned a peer catch-up"),
        "mentoring.move_catch_up": _("moved a peer catch-up"),
        "mentoring.cancel_catch_up": _("cancelled a peer catch-up"),
        "mentoring.add_goal": _("added a pair goal"),
        "mentoring.update_goal": _("changed a pair goal"),
        "mentoring.delete_goal": _("removed a pair goal"),
    },
)
