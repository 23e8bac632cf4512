"""Issuing, bulk issuing and revoking certificates of participation.

A certificate states the hours of the ledger (fireside/hours/ledger.py) as they were when it
was issued, and its PDF is drawn then, once: what it stated stays what it states. The slow
part, drawing the PDF, happens before the database write, so no lock is held meanwhile.

Asked again for the same hours, Fireside hands back the certificate it already made instead
of an identical twin. "The same hours" is what the certificate states: the same person and
program, the same first day, the same minutes and counts from each source, the same name
as printed and the same language (the last day is left out: a certificate asked for today
and tomorrow, with nothing new in between, states the same hours). The statement's digest
is unique among valid certificates in the database, so two requests racing each other
cannot both make one: the second finds the first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from fireside.accounts.models import User
from fireside.certificates.models import BulkIssue, Certificate, new_code
from fireside.certificates.pdf import render_pdf, verify_url
from fireside.communities.models import Membership
from fireside.hours.counting import (
    CONNECTIONS,
    GATHERINGS,
    ONLINE,
    PREPARATION,
    REFLECTIONS,
    SOURCES,
    Period,
    Tally,
    today_in,
)
from fireside.hours.ledger import ledger_for, memberships_in
from fireside.hours.totals import program_hours
from fireside.lib import ratelimit
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, TooMany, Unprocessable
from fireside.lib.i18n import supported
from fireside.lib.mail import send_templated
from fireside.lib.text import clean_text
from fireside.programs.models import Program, ProgramStaff

log = logging.getLogger(__name__)

REASON_MAX = 500
# Drawing a PDF costs real time: a person may make this many an hour, plenty for regenerating.
HOURLY_LIMIT = 20


@dataclass(frozen=True)
class Statement:
    """What a certificate states: hours by source, and how many of each, over a period."""

    tally: Tally
    counts: dict[str, int]
    start: dt.date
    end: dt.date


class Issued(NamedTuple):
    """A certificate, and whether this request made it (False: it was already there)."""

    certificate: Certificate
    created: bool


def issuer_for(program: Program) -> str:
    """The program's coordinators sign for it, by name, as they are on the day."""
    names = [
        s.user.display_name
        for s in ProgramStaff.objects.filter(
            program=program, role=ProgramStaff.Role.COORDINATOR, user__is_active=True
        )
        .select_related("user")
        .order_by("user__name", "pk")
    ]
    return ", ".join(names)[:300]


def _certificate(
    *,
    holder: User,
    program: Program,
    statement: Statement,
    issuer: str,
    issued_by: User | None,
    batch: BulkIssue | None = None,
) -> Certificate:
    tally = statement.tally
    now = timezone.now()
    return Certificate(
        code=new_code(),
        holder=holder,
        program=program,
        batch=batch,
        holder_name=holder.display_name[:150],
        program_name=program.name,
        issuer=issuer,
        period_start=statement.start,
        period_end=statement.end,
        gathering_minutes=tally.gatherings,
        connection_minutes=tally.connections,
        reflection_minutes=tally.reflections,
        gatherings_count=statement.counts.get(GATHERINGS, 0),
        connections_count=statement.counts.get(CONNECTIONS, 0),
        reflections_count=statement.counts.get(REFLECTIONS, 0),
        gathering_hours=tally.hours_of(GATHERINGS),
        connection_hours=tally.hours_of(CONNECTIONS),
        reflection_hours=tally.hours_of(REFLECTIONS),
        online_minutes=tally.online_conversations,
        preparation_minutes=tally.preparation,
        online_count=statement.counts.get(ONLINE, 0),
        preparation_count=statement.counts.get(PREPARATION, 0),
        online_hours=tally.hours_of(ONLINE),
        preparation_hours=tally.hours_of(PREPARATION),
        total_hours=tally.hours,
        reflection_credit_minutes=program.reflection_credit_minutes,
        # The holder's own language; without one, the language it was asked for in.
        language=supported(holder.language) or translation.get_language() or settings.LANGUAGE_CODE,
        issued_at=now,
        issued_on=today_in(program),
        issued_by=issued_by,
    )


def statement_key(certificate: Certificate) -> str:
    """The digest of what a certificate states (see the module's docstring)."""
    parts = [
        certificate.holder_id,
        certificate.program_id,
        certificate.period_start.isoformat(),
        certificate.gathering_minutes,
        certificate.connection_minutes,
        certificate.reflection_minutes,
        certificate.gatherings_count,
        certificate.connections_count,
        certificate.reflections_count,
        certificate.reflection_credit_minutes,
        certificate.holder_name,
        certificate.language,
    ]
    # Recorded time joined the statement later: only when there is some, so the digest of a
    # certificate without it stays as it was.
    if certificate.online_minutes or certificate.preparation_minutes:
        parts += [
            certificate.online_minutes,
            certificate.preparation_minutes,
            certificate.online_count,
            certificate.preparation_count,
        ]
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def _same(key: str) -> Certificate | None:
    return Certificate.objects.valid().filter(statement_key=key).first()


def existing_for(*, holder: User, program: Program, statement: Statement) -> Certificate | None:
    """The valid certificate that already states these hours, if there is one."""
    draft = _certificate(
        holder=holder, program=program, statement=statement, issuer="", issued_by=None
    )
    return _same(statement_key(draft))


def do_issue(
    *,
    holder: User,
    program: Program,
    statement: Statement,
    issued_by: User | None,
    issuer: str | None = None,
    batch: BulkIssue | None = None,
) -> Issued:
    """Draw the PDF, then store it and the certificate together (or neither). A valid
    certificate stating the same hours is handed back instead, even one made meanwhile."""
    certificate = _certificate(
        holder=holder,
        program=program,
        statement=statement,
        issuer=issuer if issuer is not None else issuer_for(program),
        issued_by=issued_by,
        batch=batch,
    )
    key = certificate.statement_key = statement_key(certificate)
    already = _same(key)
    if already is not None:
        return Issued(already, created=False)
    content = render_pdf(certificate)
    name = default_storage.save(f"certificates/{certificate.code}.pdf", ContentFile(content))
    try:
        with transaction.atomic():
            certificate.pdf.name = name
            certificate.save()
            record(
                issued_by,
                "certificates.issue",
                certificate,
                holder_id=holder.pk,
                program_id=program.pk,
                hours=str(certificate.total_hours),
                batch_id=batch.pk if batch else None,
            )
    except IntegrityError:
        default_storage.delete(name)
        twin = _same(key)  # a request for the same hours won the race: its certificate
        if twin is None:
            raise
        return Issued(twin, created=False)
    except Exception:
        default_storage.delete(name)
        raise
    return Issued(certificate, created=True)


def statement_for(user: User, program: Program, memberships: list[Membership]) -> Statement:
    """Everything in the person's ledger, over a period that covers all of it: from the
    program's start (or their first hours, if earlier) to today (or the program's end)."""
    ledger = ledger_for(user, program, memberships=memberships)
    if ledger.is_empty:
        raise Unprocessable(
            _(
                "You have no hours recorded in %(name)s yet. Hours come from gatherings your "
                "facilitator records, the connections you log and your monthly reflections."
            )
            % {"name": program.name}
        )
    today = today_in(program)
    start = min(program.starts_on, ledger.first_on or program.starts_on)
    end = max(min(today, program.ends_on), ledger.last_on or start, start)
    return Statement(ledger.tally, ledger.counts, start, end)


def check_issue_certificate(
    *, user: User, program: Program, memberships: list[Membership] | None = None
) -> Issued:
    """A participant's certificate for their hours so far: a new one with a new code when
    the hours grew (earlier ones stay valid for what they stated), else the one they have."""
    places = memberships if memberships is not None else memberships_in(user, program)
    if not places:
        raise Unprocessable(
            _("Certificates are for people who took part in %(name)s.") % {"name": program.name}
        )
    statement = statement_for(user, program, places)
    already = existing_for(holder=user, program=program, statement=statement)
    if already is not None:
        return Issued(already, created=False)
    ident = str(user.pk)
    # Counted before drawing, so that parallel requests cannot all pass the limit.
    if not ratelimit.attempt("certificate", ident, HOURLY_LIMIT, 3600):
        raise TooMany(_("You have made many certificates in the last hour. Try again later."))
    return do_issue(holder=user, program=program, statement=statement, issued_by=user)


# --- Bulk issue at the end of a term --------------------------------------------------------


def _date(value: object, field: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInput(
            _("%(field)s must be a date (YYYY-MM-DD).") % {"field": field},
            {field: [_("Enter a date.")]},
        )
    return value


def check_start_bulk_issue(
    *,
    actor: User,
    program: Program,
    period_start: object,
    period_end: object,
    notify: bool = True,
) -> BulkIssue:
    """A coordinator issues certificates to everyone with hours in the period. The work runs
    in the background (issue_batch); the returned batch shows its progress."""
    start, end = _date(period_start, "period_start"), _date(period_end, "period_end")
    if end < start:
        raise InvalidInput(
            _("The period ends before it starts: choose an end on or after the start."),
            {"period_end": [_("The period ends before it starts: choose a later day.")]},
        )
    today = today_in(program)
    if end > today:
        raise InvalidInput(
            _(
                "The period ends after today (%(date_format)s): certificates state hours already "
                "earned. Choose today or an earlier day."
            )
            % {"date_format": date_format(today, "j F Y")},
            {
                "period_end": [
                    _("Choose today (%(date_format)s) or an earlier day.")
                    % {"date_format": date_format(today, "j F Y")}
                ]
            },
        )
    with transaction.atomic():
        # One bulk issue at a time per program: two clicks make one batch.
        Program.objects.select_for_update().filter(pk=program.pk).first()
        busy = BulkIssue.objects.filter(
            program=program, status__in=[BulkIssue.Status.QUEUED, BulkIssue.Status.RUNNING]
        ).first()
        if busy is not None:
            raise Conflict(
                _(
                    "Certificates are already being issued for this program; wait for that to "
                    "finish (bulk issue %(pk)s)."
                )
                % {"pk": busy.pk},
                {"batch_id": [str(busy.pk)]},
            )
        batch = BulkIssue.objects.create(
            program=program,
            requested_by=actor,
            period_start=start,
            period_end=end,
            notify=bool(notify),
        )
        record(
            actor,
            "certificates.bulk_issue",
            batch,
            program_id=program.pk,
            period_start=start.isoformat(),
            period_end=end.isoformat(),
        )
        transaction.on_commit(lambda: _enqueue(batch.pk))
    return batch


def _enqueue(batch_id: int) -> None:
    result = issue_batch.enqueue(batch_id=batch_id)
    BulkIssue.objects.filter(pk=batch_id, task_id="").update(task_id=str(result.id)[:64])


@task()
def issue_batch(*, batch_id: int) -> int:
    """Issue the batch's certificates, one transaction each, counting as it goes. Run again
    (a worker restarted), it carries on where it stopped. Returns how many it issued."""
    claimed = BulkIssue.objects.filter(
        pk=batch_id, status__in=[BulkIssue.Status.QUEUED, BulkIssue.Status.RUNNING]
    ).update(status=BulkIssue.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return 0
    batch = BulkIssue.objects.select_related("program").get(pk=batch_id)
    program = batch.program
    try:
        people = program_hours(program, Period(batch.period_start, batch.period_end))
        due = [p for p in people.values() if p.tally.minutes > 0 and p.user.is_active]
        done = set(Certificate.objects.filter(batch=batch).values_list("holder_id", flat=True))
        BulkIssue.objects.filter(pk=batch_id).update(total=len(due), issued=len(done))
        issuer = issuer_for(program)
        issued = 0
        for person in sorted(due, key=lambda p: (p.user.display_name, p.user.pk)):
            if person.user.pk in done:
                continue
            statement = Statement(person.tally, person.counts, batch.period_start, batch.period_end)
            try:
                certificate, created = do_issue(
                    holder=person.user,
                    program=program,
                    statement=statement,
                    issued_by=batch.requested_by,
                    issuer=issuer,
                    batch=batch,
                )
            except Exception:
                log.exception(
                    "Certificate for user %s in batch %s failed", person.user.pk, batch_id
                )
                BulkIssue.objects.filter(pk=batch_id).update(failed=F("failed") + 1)
                continue
            # One they already held for the same hours counts as theirs, told once already.
            BulkIssue.objects.filter(pk=batch_id).update(issued=F("issued") + 1)
            issued += 1
            if batch.notify and created:
                _tell_issued(certificate)
    except Exception:
        BulkIssue.objects.filter(pk=batch_id).update(
            status=BulkIssue.Status.FAILED, finished_at=timezone.now()
        )
        raise
    BulkIssue.objects.filter(pk=batch_id).update(
        status=BulkIssue.Status.DONE, finished_at=timezone.now()
    )
    return issued


def _tell_issued(certificate: Certificate) -> None:
    send_templated(
        "certificate_issued",
        {
            "certificate": certificate,
            "mine_url": reverse("certificates:mine"),
            "verify_url": verify_url(certificate.code),
        },
        certificate.holder.email,
    )


# --- Revoking ----------------------------------------------------------------------------


def _reason(value: object) -> str:
    return clean_text(
        " ".join(value.split()) if isinstance(value, str) else value,  # the email shows one line
        "reason",
        REASON_MAX,
        required=True,
        label=_("The reason"),
        not_text=_("reason must be text."),
        unstorable=_("The reason contains a character that is not allowed."),
        missing=_("Say why the certificate is revoked: the holder is told."),
    )


def check_revoke_certificate(
    *, actor: User, certificate: Certificate, reason: object
) -> Certificate:
    """A coordinator withdraws a certificate: its verification says it is no longer valid
    (never why), and its holder is told why by email."""
    text = _reason(reason)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise Conflict(_("This certificate was already revoked."))
        locked.revoked_at, locked.revoked_by, locked.revoke_reason = timezone.now(), actor, text
        locked.statement_key = ""  # the same hours may be certified anew
        locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "statement_key"])
        record(
            actor,
            "certificates.revoke",
            locked,
            holder_id=locked.holder_id,
            program_id=locked.program_id,
            reason=text,
        )
        holder = locked.holder
        if holder.is_active:
            send_templated(
                "certificate_revoked",
                {"certificate": locked, "mine_url": reverse("certificates:mine")},
                holder.email,
            )
    return locked


# --- Your data ---------------------------------------------------------------------------


def export_for(user: User) -> dict[str, Any]:
    """The person's hours in each program they took part in, and their certificates."""
    from fireside.hours.access import programs_taken_part_in

    ledgers = []
    for program in programs_taken_part_in(user):
        ledger = ledger_for(user, program)
        ledgers.append(
            {
                "program_id": program.pk,
                "program": program.name,
                "total_hours": str(ledger.total_hours),
                "by_source": {k: str(v) for k, v in ledger.tally.by_source().items()},
                "minutes_by_source": {s: getattr(ledger.tally, s) for s in SOURCES},
                "by_month": {k: str(v) for k, v in ledger.by_month().items()},
            }
        )
    certificates = [
        {
            "code": c.display_code,
            "program_id": c.program_id,
            "program": c.program_name,
            "name": c.holder_name,
            "period_start": c.period_start.isoformat(),
            "period_end": c.period_end.isoformat(),
            "hours": str(c.total_hours),
            "by_source": {k: str(v) for k, v in c.by_source().items()},
            "issued_on": c.issued_on.isoformat(),
            "issuer": c.issuer,
            "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
            "revoke_reason": c.revoke_reason,
        }
        for c in Certificate.objects.filter(holder=user).order_by("issued_at", "pk")
    ]
    return {"ledgers": ledgers, "certificates": certificates}


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def do_erase_for(*, user: User) -> None:
    """On erasure the name leaves the certificates and their PDFs go; the codes stay known
    but say the certificates are no longer valid."""
    erased = "The holder erased their account."
    files = []
    with transaction.atomic():
        for certificate in Certificate.objects.select_for_update().filter(holder=user):
            if certificate.pdf:
                files.append(certificate.pdf.name)
            certificate.holder_name = ""
            certificate.pdf = ""
            certificate.statement_key = ""
            if certificate.revoked_at is None:
                certificate.revoked_at, certificate.revoke_reason = timezone.now(), erased
            certificate.save(
                update_fields=["holder_name", "pdf", "revoked_at", "revoke_reason", "statement_key"]
            )
        transaction.on_commit(lambda: _delete_files(files))
