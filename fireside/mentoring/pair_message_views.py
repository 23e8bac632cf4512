"""The pair's message thread page: the messages, oldest first and the newest at the bottom,
with the form under them (on a phone, where the thumb is), and the editor around the form
(pair_editor.py). Opening it marks it read, after the "New" divider is placed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fireside.lib import editor
from fireside.lib.errors import ActionError
from fireside.lib.forms import CountedTextarea, TextField, add_action_error
from fireside.lib.http import actor
from fireside.mentoring import pair_drafts, pair_editor, pair_messages
from fireside.mentoring.access import get_pairing_for
from fireside.mentoring.message_models import BODY_MAX


class MessageForm(forms.Form):
    body = TextField(
        label=gettext_lazy("Your message"),
        max_length=BODY_MAX,
        widget=CountedTextarea(attrs={"rows": 4}),
    )


def thread(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing, _standing = get_pairing_for(request.user, pairing_id)
    user = actor(request)
    can_write = pairing.is_open and any(
        m.user_id == user.pk and m.ended_on is None for m in pairing.members()
    )
    if editor.editor_action(request) in {"save", "discard"} and can_write:
        done = pair_editor.saved_or_dropped(request, user, pairing)
        if done is not None:
            return done
    pair_editor.desk_for(request, user, pairing, can_write)
    form = MessageForm(request.POST or None)
    if editor.posting(request) and form.is_valid():
        try:
            message = pair_messages.check_send_message(
                author=user, pairing=pairing, body=form.cleaned_data["body"]
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            pair_drafts.do_discard_draft(user=user, pairing=pairing)  # it has done its work
            messages.success(request, _("Sent."))
            return redirect(pair_messages.thread_url(pairing.pk) + f"#message-{message.pk}")
    thread_messages = list(pair_messages.messages_of(pairing))
    # What was new when the page opened is shown as new, then it counts as read.
    unread = pair_messages.unread_count(user, pairing) if thread_messages else 0
    if unread:
        pair_messages.do_mark_read(user=user, pairing=pairing)
    now = timezone.now()
    for m in thread_messages:
        m.by = pair_messages.writer_name(m, user)  # type: ignore[attr-defined]
        m.deletable = (  # type: ignore[attr-defined]
            m.author_id == user.pk and now <= pair_messages.deletable_until(m)
        )
    first_new = len(thread_messages) - unread
    return render(
        request,
        "mentoring/pair_messages.html",
        {
            "pairing": pairing,
            "community": pairing.community,
            "partners": pairing.partners_of(user.pk),
            "thread_messages": thread_messages,
            "first_new": thread_messages[first_new].pk if unread else None,
            "unread": unread,
            "can_write": can_write,
            "delete_minutes": pair_messages.DELETE_MINUTES,
            "form": form,
        },
    )


@require_POST
def mark_read(request: HttpRequest, pairing_id: int) -> HttpResponse:
    """ "Mark as read" beside a pair's count of new messages: back to the page it was on (the
    pair's page, or the list of one's pairs)."""
    pairing, _standing = get_pairing_for(request.user, pairing_id)
    pair_messages.do_mark_read(user=actor(request), pairing=pairing)
    messages.success(request, _("Your messages are marked as read."))
    if request.POST.get("back") == "mine":
        return redirect("mentoring:mine")
    return redirect("mentoring:pair", pairing.pk)


@require_POST
def delete(request: HttpRequest, message_id: int) -> HttpResponse:
    message = pair_messages.get_message_to_delete(request.user, message_id)
    pairing_id = message.pairing_id
    try:
        pair_messages.check_delete_message(user=actor(request), message=message)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Deleted."))
    return redirect("mentoring:messages", pairing_id)
