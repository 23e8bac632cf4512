"""Conversations for tests."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from fireside.conversations import actions, attachments, drafts, glossary, resources
from fireside.conversations.research import check_share_research
from fireside.conversations.tests import files
from fireside.lib.tests.leaks import Seeded

# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------


def leak_markers(world: Any) -> Seeded:
    """Mina (a member) writes in her group and Fay (its facilitator) answers, hides and is
    flagged to: every kind of conversation text carries a marker."""
    mina, fay, group = world.member, world.facilitator, world.community
    s = Seeded()
    thread = actions.check_start_thread(
        author=mina,
        community=group,
        title=s.add("conversations.thread_title"),
        body=f"{s.add('conversations.revision_body')} before I thought again.",
        kind="story",
    )
    # Within the edit window: the first words are kept as a revision.
    actions.check_edit_post(
        author=mina,
        post=thread,
        title=thread.title,
        body=f"{s.add('conversations.thread_body')} after a nap.",
    )
    reply = actions.check_reply(
        author=fay, thread=thread, body=f"{s.add('conversations.reply_body')} thank you."
    )
    # Fay attaches a file (its name and its words are the group's) and a described picture.
    name, words = s.add("conversations.attachment_name"), s.add("conversations.attachment_file")
    attachments.check_reply(
        author=fay,
        thread=thread,
        body="The plan for the reading corner, attached.",
        files=[
            SimpleUploadedFile(f"{name}.txt", f"{words}\nCushions by the window.\n".encode()),
            SimpleUploadedFile("corner.png", files.png()),
        ],
        captions=s.add("conversations.attachment_caption"),
    )
    actions.check_flag(user=mina, post=reply, reason=s.add("conversations.flag_reason"))
    # What Mina is still writing: a reply to the thread and a new thread, hers alone.
    drafts.check_save_draft(
        user=mina, community=group, thread=thread, title="", body=s.add("conversations.draft_body")
    )
    drafts.check_save_draft(
        user=mina, community=group, thread=None, title=s.add("conversations.draft_title"), body=""
    )
    hidden = actions.check_start_thread(
        author=mina,
        community=group,
        title="Said in a hurry",
        body=f"{s.add('conversations.hidden_body')} and more.",
        kind="update",
    )
    actions.do_hide(actor=fay, post=hidden, reason=s.add("conversations.hidden_reason"))
    actions.check_recognise(
        giver=mina, community=group, receiver=fay, note=s.add("conversations.recognition_note")
    )
    content = f"{s.add('conversations.resource_file')}\nA plan for rainy days.\n".encode()
    resource = resources.check_share_resource(
        author=mina,
        community=group,
        title=s.add("conversations.resource_title"),
        description=s.add("conversations.resource_description"),
        provenance="developed",
        upload=SimpleUploadedFile("rainy-days.txt", content, content_type="text/plain"),
    )
    # The author's permission lets the program's other groups see this one.
    resources.check_share_resource(
        author=mina,
        community=group,
        title=s.add("conversations.shared_resource_title"),
        description=s.add("conversations.shared_resource_description"),
        provenance="found",
        url="https://example.org/rainy-days",
        share_with_program=True,
    )
    term = glossary.check_add_term(
        author=mina,
        community=group,
        name=s.add("conversations.term_name"),
        perspective=s.add("conversations.perspective_body"),
    )
    research = check_share_research(
        author=mina,
        community=group,
        title=s.add("conversations.research_title"),
        summary=s.add("conversations.research_summary"),
        citation=s.add("conversations.research_citation"),
        questions=s.add("conversations.research_question"),
    )
    s.paths = {
        "thread_id": thread.pk,
        "reply_id": reply.pk,
        "post_id": thread.pk,
        "kind": "thread",
        "resource_id": resource.pk,
        "term_id": term.pk,
        "research_id": research.pk,
    }
    return s
