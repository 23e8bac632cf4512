"""The audit verbs conversations records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "activity",
    {
        "conversations.start_thread": _("started a conversation"),
        "conversations.reply": _("replied in a conversation"),
        "conversations.edit": _("edited a post"),
        "conversations.mark_answered": _("marked a question answered"),
        "conversations.flag": _("flagged a post to the facilitators"),
        "conversations.hide": _("hid a post"),
        "conversations.unhide": _("restored a hidden post"),
        "conversations.dismiss_flags": _("dismissed flags"),
        "conversations.recognise": _("recognised someone"),
        "conversations.share_resource": _("shared a resource"),
        "conversations.share_resource_with_program": _("changed who sees a resource"),
        "conversations.remove_resource": _("removed a resource"),
        "conversations.add_term": _("added a glossary term"),
        "conversations.add_perspective": _("added a perspective to the glossary"),
        "conversations.edit_perspective": _("changed a perspective in the glossary"),
        "conversations.share_research": _("shared research"),
        "conversations.research_on_agenda": _("put research on an agenda"),
    },
)
