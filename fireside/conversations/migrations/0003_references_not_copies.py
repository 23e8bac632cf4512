"""Stop copying a thread's title, or anyone's name, into other rows (security finding 1).

Search: a reply's entry points at its thread's entry and keeps no title of its own; replies
whose thread is not searchable (hidden) leave the index. Notifications: conversation news
keeps what it is about (the thread or reply, found from its link) and who acted, and loses
its stored words; what cannot be traced (flags, recognitions, old links) reads neutrally."""

import re

from django.db import migrations

POST_URL = re.compile(r"/(\d+)/(?:#reply-(\d+))?$")
CONVERSATION_KINDS = ["new_thread", "reply", "mention", "flag", "recognition"]


def _search_entries(apps, schema_editor):
    Entry = apps.get_model("search", "Entry")
    Reply = apps.get_model("conversations", "Reply")
    threads = dict(Entry.objects.filter(type="thread").values_list("object_id", "pk"))
    replies = Entry.objects.filter(type="reply", parent__isnull=True)
    thread_of = dict(
        Reply.objects.filter(pk__in=replies.values("object_id")).values_list("pk", "thread_id")
    )
    orphans = []
    for entry in replies.iterator():
        parent = threads.get(thread_of.get(entry.object_id))
        if parent is None:
            orphans.append(entry.pk)
        else:
            entry.parent_id, entry.title = parent, ""
            entry.save(update_fields=["parent", "title"])
    Entry.objects.filter(pk__in=orphans).delete()


def _notifications(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Thread = apps.get_model("conversations", "Thread")
    Reply = apps.get_model("conversations", "Reply")
    notes = Notification.objects.filter(kind__in=CONVERSATION_KINDS, subject_type="")
    for note in notes.iterator():
        note.text = ""
        match = POST_URL.search(note.url)
        if match and note.kind in ("new_thread", "reply", "mention"):
            thread_id, reply_id = int(match.group(1)), match.group(2)
            if reply_id is not None:
                post = Reply.objects.filter(pk=int(reply_id), thread_id=thread_id).first()
                subject_type = "reply"
            else:
                post = Thread.objects.filter(pk=thread_id).first()
                subject_type = "thread"
            if post is not None and not (note.kind == "reply" and subject_type != "reply"):
                note.subject_type, note.subject_id = subject_type, post.pk
                note.actor_id = post.author_id
        note.save(update_fields=["text", "subject_type", "subject_id", "actor"])


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0002_resources_glossary_research"),
        ("notifications", "0003_notification_references"),
        ("search", "0005_entry_parent"),
    ]

    operations = [
        migrations.RunPython(_search_entries, migrations.RunPython.noop),
        migrations.RunPython(_notifications, migrations.RunPython.noop),
    ]
