"""Reading the audit trail: which events a viewer may see, and each one in plain words.

An event holds identifiers (`data`), never content, but a few actions also note a short
free text there (a revocation's reason, a removed resource's title). Nothing here shows
`data` as it is: only the keys in DETAILS are read, each rendered as a person's name, a
number or a label. Coordinators see the accountable changes of their own program (roles,
membership, attendance, certificates, agreements, exports, the program's set-up), not who
wrote, flagged or answered what; staff see every event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import BigIntegerField, Exists, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fireside.accounts.models import User
from fireside.audit.models import AuditEvent
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.gatherings.models import Gathering
from fireside.programs.models import Program, ProgramStaff

PER_PAGE = 50

# What each verb did, in the words a coordinator would use, grouped for the filter.
GROUPS: dict[str, tuple[Promise, dict[str, Promise]]] = {
    "roles": (
        _("Roles"),
        {
            "programs.add_coordinator": _("named a coordinator"),
            "programs.remove_coordinator": _("removed a coordinator"),
            "programs.add_mentor": _("named a mentor"),
            "programs.remove_mentor": _("removed a mentor"),
            "communities.assign_role": _("gave a role"),
            "communities.remove_role": _("ended a role"),
            "communities.volunteer_role": _("volunteered for a role"),
            "communities.confirm_role": _("confirmed a volunteer in a role"),
            "communities.decline_role": _("declined a volunteer for a role"),
            "communities.assign_mentor": _("gave a group a mentor"),
            "communities.unassign_mentor": _("took a mentor off a group"),
            "accounts.role_type_confirm": _("confirmed a person's new role type"),
            "accounts.role_type_decline": _("declined a person's change of role type"),
        },
    ),
    "membership": (
        _("Membership"),
        {
            "communities.join": _("joined a group or its waiting list"),
            "communities.promote": _("gave a waiting person a seat"),
            "communities.leave": _("left a group"),
            "communities.add_member": _("added a member"),
            "communities.invite_member": _("invited someone to join a group"),
            "invitations.create": _("invited someone by email"),
            "invitations.resend": _("sent an invitation again"),
            "invitations.withdraw": _("withdrew an invitation"),
            "invitations.accept": _("accepted an invitation"),
            "invitations.decline": _("declined an invitation"),
            "enrolment.preview": _("checked a participants' file"),
            "enrolment.import": _("enrolled participants from a spreadsheet"),
            "communities.remove_member": _("removed a member"),
            "communities.offer_seat": _("offered a seat in another group"),
            "communities.accept_seat": _("accepted a seat in another group"),
            "communities.decline_seat": _("declined a seat in another group"),
            "communities.keep_seat": _("kept their seat for next year"),
            "communities.decline_kept_seat": _("said no thank you to their seat next year"),
        },
    ),
    "attendance": (
        _("Attendance"),
        {
            "gatherings.attendance": _("recorded attendance"),
            "gatherings.attendance_corrected": _("changed someone's recorded minutes"),
            "gatherings.check_in": _("checked in to a gathering with its code"),
            "gatherings.guest_attendance": _("recorded which guests came"),
            "hours.record_time": _("recorded time that counts for hours"),
            "hours.change_time": _("changed recorded time"),
            "hours.remove_time": _("removed recorded time"),
        },
    ),
    "certificates": (
        _("Certificates"),
        {
            "certificates.issue": _("issued a certificate"),
            "certificates.bulk_issue": _("started issuing certificates to everyone"),
            "certificates.revoke": _("revoked a certificate"),
        },
    ),
    "agreements": (
        _("Agreements"),
        {
            "communities.update_agreement": _("changed a group's agreement"),
            "communities.accept_agreement": _("accepted a group's agreement"),
        },
    ),
    "exports": (
        _("Exports"),
        {
            "reports.export_csv": _("downloaded the program report (CSV)"),
            "reports.export_pdf": _("downloaded the program report (PDF)"),
            "hours.export_csv": _("downloaded everyone's hours (CSV)"),
            "accounts.export": _("downloaded their own data"),
        },
    ),
    "setup": (
        _("Program and groups"),
        {
            "programs.create": _("created the program"),
            "programs.update": _("changed the program's settings"),
            "programs.set_commitment": _("changed a commitment period"),
            "programs.rollover": _("started next year"),
            "programs.set_group_words": _("changed what the program calls a group"),
            "programs.role_type_add": _("added a role type"),
            "programs.role_type_rename": _("renamed a role type"),
            "programs.role_type_move": _("moved a role type in the list"),
            "programs.role_type_remove": _("removed a role type"),
            "communities.create": _("opened a group"),
            "communities.update": _("changed a group's details"),
            "communities.set_cover": _("changed a group's cover picture"),
            "communities.remove_cover": _("removed a group's cover picture"),
            "communities.set_think": _("changed where a group offers the THINK check"),
            "programs.set_contact": _("changed the program's contact person"),
            "programs.set_logo": _("changed the program's logo"),
            "programs.remove_logo": _("removed the program's logo"),
            "programs.faq_add": _("added a question to the FAQ"),
            "programs.faq_update": _("changed a question in the FAQ"),
            "programs.faq_publish": _("published a question in the FAQ"),
            "programs.faq_unpublish": _("took a question in the FAQ back to draft"),
            "programs.faq_move": _("moved a question in the FAQ"),
            "programs.faq_delete": _("deleted a question from the FAQ"),
            "communities.propose_group": _("proposed a new group"),
            "communities.approve_proposal": _("approved a proposed group"),
            "communities.decline_proposal": _("declined a proposed group"),
            "communities.withdraw_proposal": _("withdrew a proposed group"),
            "communities.take_up_facilitation": _("took up facilitating the group they proposed"),
        },
    ),
    # The rest is for staff only: the life of groups and of accounts.
    "activity": (
        _("Group activity"),
        {
            "gatherings.schedule": _("scheduled gatherings"),
            "gatherings.update": _("changed a gathering"),
            "gatherings.update_series": _("changed a series of gatherings"),
            "gatherings.cancel": _("cancelled a gathering"),
            "gatherings.propose_topic": _("proposed a topic"),
            "gatherings.debrief": _("wrote a debrief"),
            "gatherings.schedule_debrief_call": _("set a time to talk a gathering over"),
            "gatherings.change_debrief_call": _("moved the time to talk a gathering over"),
            "gatherings.cancel_debrief_call": _("called off the time to talk a gathering over"),
            "gatherings.remind_debrief": _("reminded people to write a debrief"),
            "gatherings.poll_open": _("opened a date poll"),
            "gatherings.poll_decide": _("turned a date poll into a gathering"),
            "gatherings.change_rhythm": _("changed how often a series meets"),
            "gatherings.guest_invited": _("invited a guest to a gathering"),
            "gatherings.guest_withdrawn": _("withdrew a guest's invitation"),
            "gatherings.open_topic_call": _("asked the group for topics"),
            "announcements.post": _("posted an announcement"),
            "activities.open_round": _("started a “more or less” round"),
            "activities.close_round": _("closed a “more or less” round"),
            "activities.hide_feedback": _("hid feedback on a practice session"),
            "activities.restore_feedback": _("showed hidden feedback on a practice session again"),
            "library.publish": _("added to the program library"),
            "library.edit": _("changed an entry of the program library"),
            "library.remove": _("removed an entry from the program library"),
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
            "stories.tell": _("told a value story"),
            "stories.edit": _("edited a value story"),
            "stories.withdraw": _("stopped sharing a value story"),
            "stories.delete": _("deleted a value story"),
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
    ),
    "accounts": (
        _("Accounts"),
        {
            "accounts.register": _("created their account"),
            "accounts.verify_email": _("confirmed their email address"),
            "accounts.reset_password": _("reset their password"),
            "accounts.issue_token": _("made an API token"),
            "accounts.revoke_token": _("revoked an API token"),
            "accounts.revoke_tokens": _("lost their API tokens to a new password"),
            "accounts.update_profile": _("updated their profile"),
            "accounts.role_type_request": _("asked to change their role type"),
            "accounts.role_type_withdraw": _("withdrew a change of role type"),
            "accounts.set_photo": _("changed their photo"),
            "accounts.remove_photo": _("removed their photo"),
            "accounts.request_email_change": _("asked to change their email address"),
            "accounts.change_email": _("changed their email address"),
            "accounts.cancel_email_change": _("stopped a change of email address"),
            "accounts.two_factor_on": _("turned on two-step sign-in"),
            "accounts.two_factor_off": _("turned off two-step sign-in"),
            "accounts.recovery_codes": _("made new recovery codes"),
            "accounts.erase": _("erased an account"),
            "gatherings.rotate_feed": _("replaced their calendar address"),
        },
    ),
}
VERBS: dict[str, Promise] = {
    v: words for _label, verbs in GROUPS.values() for v, words in verbs.items()
}
STAFF_ONLY_GROUPS = {"activity", "accounts"}
# Coordinators see these, for their program. Someone's own download is theirs and staff's.
COORDINATOR_VERBS = frozenset(
    verb
    for group, (_label, verbs) in GROUPS.items()
    if group not in STAFF_ONLY_GROUPS
    for verb in verbs
) - {"accounts.export"}


def words_for(verb: str) -> str:
    words = VERBS.get(verb)
    return str(words) if words is not None else verb.replace("_", " ").replace(".", ": ")


def verb_choices(verbs: Iterable[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select, limited to `verbs`."""
    wanted = set(verbs)
    return [
        (str(label), [(v, str(w)) for v, w in group.items() if v in wanted])
        for label, group in GROUPS.values()
        if wanted & set(group)
    ]


# --- Which events ------------------------------------------------------------------------


def program_events(program: Program) -> QuerySet[AuditEvent]:
    """The accountable changes in one program: on the program itself, on its groups, its
    certificates, and attendance corrections in its gatherings."""
    communities = Community.objects.filter(program=program).values("pk")
    gatherings = Gathering.objects.filter(community__program=program).values("pk")
    return (
        AuditEvent.objects.filter(verb__in=COORDINATOR_VERBS)
        .annotate(gathering=Cast(KT("data__gathering_id"), BigIntegerField()))
        .filter(
            Q(target_type="programs.program", target_id=program.pk)
            | Q(target_type="communities.community", target_id__in=communities)
            | Q(target_type__startswith="certificates.", data__program_id=program.pk)
            | Q(verb="gatherings.attendance_corrected", gathering__in=gatherings)
        )
    )


def all_events() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.all()


# --- In plain words ----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    at: dt.datetime
    actor: str
    verb: str
    what: str
    target: str
    details: list[str]


@dataclass
class Names:
    """Everything the rows name, fetched once for a whole page (four queries)."""

    users: dict[int, str]
    communities: dict[int, str]
    programs: dict[int, str]
    gatherings: dict[int, str]

    @classmethod
    def for_events(cls, events: list[AuditEvent], viewer: User | None = None) -> Names:
        """A gathering's title is part of its group's schedule: only a viewer who may read
        that schedule (its members, the program's mentors and coordinators) sees it; staff
        otherwise read "a gathering", and the admin (no viewer) always does."""
        ids: dict[str, set[int]] = {
            kind: set() for kind in ("user", "community", "program", "gathering")
        }
        for e in events:
            for kind, pk in _named(e):
                if _is_id(pk):
                    ids[kind].add(pk)
        gathering_ids = ids["gathering"]
        users = {
            u.pk: u.display_name
            for u in User.objects.filter(pk__in=ids["user"]).only("pk", "name", "email")
        }
        communities = dict(
            Community.objects.filter(pk__in=ids["community"]).values_list("pk", "name")
        )
        programs = dict(Program.objects.filter(pk__in=ids["program"]).values_list("pk", "name"))
        viewer_pk = viewer.pk if viewer is not None else 0  # no row has id 0: nobody
        gatherings = {
            g.pk: (
                f"{g.title} ({date_format(g.local_start, 'j M Y')})"
                if g.member or g.staffed
                else str(_("a gathering"))
            )
            for g in Gathering.objects.filter(pk__in=gathering_ids)
            .only("pk", "title", "starts_at", "timezone")
            .annotate(
                member=Exists(
                    Membership.objects.filter(
                        community=OuterRef("community"),
                        user_id=viewer_pk,
                        status=Membership.Status.ACTIVE,
                    )
                ),
                staffed=Exists(  # coordinators and mentors alike read the schedule
                    ProgramStaff.objects.filter(
                        program=OuterRef("community__program"), user_id=viewer_pk
                    )
                ),
            )
        }
        return cls(users, communities, programs, gatherings)

    def user(self, pk: Any) -> str:
        return self.users.get(pk, str(_("a former member"))) if _is_id(pk) else ""


def _named(e: AuditEvent) -> list[tuple[str, Any]]:
    """(kind, id) of everyone and everything an event names."""
    found = [("user", e.actor_id), (TARGET_KINDS.get(e.target_type, ""), e.target_id)]
    found += [("user", e.data.get(key)) for key in ("user_id", "holder_id", "to")]
    found += [("user", pk) for pk in e.data.get("user_ids") or []]
    found += [("community", e.data.get("community_id")), ("program", e.data.get("program_id"))]
    found += [("gathering", e.data.get("gathering_id"))]
    return [(kind, pk) for kind, pk in found if kind]


TARGET_KINDS = {
    "accounts.user": "user",
    "communities.community": "community",
    "programs.program": "program",
}


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _target(e: AuditEvent, names: Names) -> str:
    pk = e.target_id
    if e.target_type == "programs.program":
        return names.programs.get(pk or 0, str(_("a program that was deleted")))
    if e.target_type == "communities.community":
        return names.communities.get(pk or 0, str(_("a group that was deleted")))
    if e.target_type == "accounts.user":
        return "" if pk == e.actor_id else names.user(pk)  # "Mina … updated their profile"
    if e.target_type == "certificates.certificate":
        # Never the code: whoever holds it can verify the certificate.
        return str(_("a certificate of %(name)s") % {"name": names.user(e.data.get("holder_id"))})
    if not e.target_type:
        return ""
    try:
        model = apps.get_model(e.target_type)
    except (LookupError, ValueError):
        return e.target_type
    return str(model._meta.verbose_name)


_ROLES = {**dict(CommunityRole.Role.choices), **dict(ProgramStaff.Role.choices)}
_STATUSES = dict(Membership.Status.choices)


def _minutes(e: AuditEvent, names: Names) -> str:
    was, now = e.data.get("was_minutes"), e.data.get("now_minutes")
    if not (_is_id(was) and _is_id(now)):
        return ""
    return str(_("from %(was)s to %(now)s minutes") % {"was": was, "now": now})


def _number(key: str, words: Callable[[int], str]) -> Callable[[AuditEvent, Names], str]:
    def render(e: AuditEvent, names: Names) -> str:
        n = e.data.get(key)
        return words(n) if _is_id(n) else ""

    return render


def _label_of(key: str, labels: dict[str, Any]) -> Callable[[AuditEvent, Names], str]:
    def render(e: AuditEvent, names: Names) -> str:
        value = e.data.get(key)
        return str(labels[value]) if isinstance(value, str) and value in labels else ""

    return render


def _date(key: str, words: Promise) -> Callable[[AuditEvent, Names], str]:
    def render(e: AuditEvent, names: Names) -> str:
        try:
            day = dt.date.fromisoformat(str(e.data.get(key)))
        except ValueError:
            return ""
        return str(words) % {"day": date_format(day, "j M Y")}

    return render


def _counted(e: AuditEvent, names: Names) -> str:
    n = e.data.get("count")
    if not _is_id(n):
        return ""
    if e.verb == "gatherings.schedule":
        return ngettext("%(n)s gathering", "%(n)s gatherings", n) % {"n": n}
    if e.verb == "conversations.dismiss_flags":
        return ngettext("%(n)s flag", "%(n)s flags", n) % {"n": n}
    if e.verb == "surveys.mix":
        return ngettext("%(n)s answer", "%(n)s answers", n) % {"n": n}
    return str(n)


# The only keys of `data` ever shown, each rendered from a known shape (free text never).
DETAILS: list[Callable[[AuditEvent, Names], str]] = [
    lambda e, n: n.user(e.data.get("user_id")),
    lambda e, n: ", ".join(n.user(u) for u in e.data.get("user_ids") or [] if _is_id(u)),
    lambda e, n: n.user(e.data.get("holder_id")) if e.verb != "certificates.revoke" else "",
    lambda e, n: n.user(e.data.get("to")),
    _label_of("role", _ROLES),
    _label_of("status", _STATUSES),
    lambda e, n: (
        str(_("was %(status)s") % {"status": _STATUSES[e.data["was"]]})
        if e.data.get("was") in _STATUSES
        else ""
    ),
    _number("position", lambda n: _("place %(n)s on the waiting list") % {"n": n}),
    _number("version", lambda n: _("version %(n)s") % {"n": n}),
    _number("rows", lambda n: ngettext("%(n)s person", "%(n)s people", n) % {"n": n}),
    _counted,
    _minutes,
    lambda e, n: (
        n.gatherings.get(e.data.get("gathering_id"), "")
        if _is_id(e.data.get("gathering_id"))
        else ""
    ),
    lambda e, n: (
        n.communities.get(e.data.get("community_id"), "")
        if _is_id(e.data.get("community_id"))
        else ""
    ),
    lambda e, n: (
        str(_("%(hours)s hours") % {"hours": e.data["hours"]})
        if isinstance(e.data.get("hours"), str) and e.data["hours"].replace(".", "", 1).isdigit()
        else ""
    ),
    _date("period_start", _("from %(day)s")),
    _date("period_end", _("to %(day)s")),
    lambda e, n: str(_("through the API")) if e.data.get("via") == "api" else "",
]


def rows(events: list[AuditEvent], zone: ZoneInfo, viewer: User | None = None) -> list[Row]:
    names = Names.for_events(events, viewer)
    fireside = str(_("Fireside (on its own)"))
    return [
        Row(
            at=e.at.astimezone(zone),
            actor=names.user(e.actor_id) if e.actor_id else fireside,
            verb=e.verb,
            what=words_for(e.verb),
            target=_target(e, names),
            details=[text for render in DETAILS if (text := render(e, names))],
        )
        for e in events
    ]
