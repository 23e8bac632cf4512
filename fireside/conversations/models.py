"""What a community says between gatherings: threads, replies, recognition, resources,
shared understandings and research."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fireside.communities.models import Community
from fireside.gatherings.models import AgendaItem


class Kind(models.TextChoices):
    UPDATE = "update", _("Update")
    QUESTION = "question", _("Question")
    IDEA = "idea", _("Idea")
    INSPIRATION = "inspiration", _("Inspiration")
    STORY = "story", _("Story")
    SUCCESS = "success", _("Success")
    CHALLENGE = "challenge", _("Challenge")
    # Only through "Unpacking research", which links the thread to its ResearchItem.
    RESEARCH = "research", _("Unpacking research")


class Post(models.Model):
    """What threads and replies share: an author, Markdown, edits and moderation."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Hidden by a facilitator: its author still sees it (and why) and can edit it.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=500, blank=True)
    # What the page shows of its attachments (Attachment rows are the truth), kept with the
    # post so a thread's page shows them without a query (attachments.py refreshes it).
    attached = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Thread(Post):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    last_activity_at = models.DateTimeField(db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        indexes = [models.Index(fields=["community", "-last_activity_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conversations:thread", kwargs={"thread_id": self.pk})

    @property
    def is_settled(self) -> bool:
        """Questions are open until someone marks them answered; other kinds never wait."""
        return self.kind != Kind.QUESTION or self.answered_at is not None


class Reply(Post):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"reply {self.pk} to {self.thread_id}"

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#reply-{self.pk}"


class Revision(models.Model):
    """The text of a post before an edit: edits are kept, never silent."""

    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["replaced_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, reply__isnull=True)
                | Q(thread__isnull=True, reply__isnull=False),
                name="revision_of_one_post",
            ),
        ]

    def __str__(self) -> str:
        return f"revision {self.pk}"


class Flag(models.Model):
    """A private word to the facilitators about a post."""

    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, reply__isnull=True)
                | Q(thread__isnull=True, reply__isnull=False),
                name="flag_on_one_post",
            ),
        ]

    def __str__(self) -> str:
        return f"flag {self.pk}"


class Recognition(models.Model):
    """A short thank-you from one member to another. No points, no counts, no rankings."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="recognitions")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recognitions"
    )
    note = models.CharField(_("what you want to recognise"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"recognition {self.pk}"


class Provenance(models.TextChoices):
    DEVELOPED = "developed", _("Developed")
    ADAPTED = "adapted", _("Adapted")
    FOUND = "found", _("Found")


# When an API client does not say where a resource comes from (api-v1.md never asked for it):
# "found" never credits the person sharing it with someone else's work, the one mistake here
# that would matter. The web form still asks every time.
UNSTATED_PROVENANCE = Provenance.FOUND


class Resource(models.Model):
    """A file a member uploaded, or a link they shared. Files live under MEDIA_ROOT with
    random names and are only ever served through the members-only download view."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="resources")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    provenance = models.CharField(
        _("where it comes from"), max_length=16, choices=Provenance.choices
    )
    file = models.FileField(max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)  # as uploaded, for the download
    content_type = models.CharField(max_length=120, blank=True)  # detected from the bytes
    size = models.PositiveBigIntegerField(default=0)
    url = models.URLField(_("link"), max_length=500, blank=True)
    # The author's explicit permission for other groups of the same program to see it.
    shared_with_program = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="resource_is_a_file_or_a_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        url = reverse("conversations:resources", kwargs={"community_id": self.community_id})
        return f"{url}#resource-{self.pk}"

    @property
    def is_link(self) -> bool:
        return not self.file

    def get_download_url(self) -> str:
        return reverse("conversations:resource_download", kwargs={"resource_id": self.pk})


class ResourceTag(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]
        constraints = [
            models.UniqueConstraint(fields=["resource", "name"], name="one_tag_per_resource"),
        ]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """A word or phrase the group uses. It has no one definition: members' perspectives
    stand side by side."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(_("term"), max_length=120)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "community", Lower("name"), name="one_term_per_name_per_community"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conversations:term", kwargs={"term_id": self.pk})


class Perspective(models.Model):
    """One member's understanding of a term, in their words; only they can change it."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="perspectives")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("what it means to you"))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["term", "author"], name="one_perspective_per_member"),
        ]

    def __str__(self) -> str:
        return f"perspective {self.pk} on {self.term_id}"


class ResearchItem(models.Model):
    """A study or article the group unpacks together: discussed in its thread, and
    perhaps on a gathering's agenda."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="research")
    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="research")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    citation = models.TextField(_("citation"), blank=True)
    summary = models.TextField(_("short summary"))
    questions = models.JSONField(_("discussion questions"), default=list, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.thread.get_absolute_url()


class GroupVisit(models.Model):
    """When a member last opened their group's pages, so their home and the group's pages
    can say what is new since (fireside/conversations/visits.py). One row per person and
    group, written at most once a minute."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_visits"
    )
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    # The last time they opened the group's home, its conversations or a thread (to the
    # minute): their home counts what came after it.
    seen_at = models.DateTimeField()
    # Where this visit's "new" begins: the end of their visit before it. The group's pages
    # mark what came after it, so moving from page to page keeps the markers.
    new_since = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="one_visit_per_group"),
        ]

    def __str__(self) -> str:
        return f"visit of {self.user_id} to {self.community_id}"


class Draft(models.Model):
    """What someone is still writing: a new thread in a group (no thread) or a reply to a
    thread. Only its author ever sees it (fireside/conversations/drafts.py); it goes when
    they post, discard it, leave the group, or leave it untouched for 90 days."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community"],
                condition=Q(thread__isnull=True),
                name="one_new_thread_draft_per_group",
            ),
            models.UniqueConstraint(fields=["user", "thread"], name="one_reply_draft_per_thread"),
        ]

    def __str__(self) -> str:
        return f"draft {self.pk}"


class ReactionKind(models.TextChoices):
    """A small fixed set of light answers to a post. Never points: nobody's total is shown."""

    ME_TOO = "me_too", _("Me too")
    THANK_YOU = "thank_you", _("Thank you")
    HELPFUL = "helpful", _("Helpful")
    SUPPORT = "support", _("Sending support")
    IDEA = "idea", _("Gave me an idea")


class Reaction(models.Model):
    """One member's light answer to a thread or a reply (fireside/conversations/reactions.py).
    Who reacted is for the group's members only."""

    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, reply__isnull=True)
                | Q(thread__isnull=True, reply__isnull=False),
                name="reaction_on_one_post",
            ),
            models.UniqueConstraint(
                fields=["thread", "user", "kind"],
                condition=Q(thread__isnull=False),
                name="one_reaction_per_kind_on_a_thread",
            ),
            models.UniqueConstraint(
                fields=["reply", "user", "kind"],
                condition=Q(reply__isnull=False),
                name="one_reaction_per_kind_on_a_reply",
            ),
        ]

    def __str__(self) -> str:
        return f"reaction {self.pk}"


class ThreadRead(models.Model):
    """How far a member has read a thread: replies after `read_at` are unread to them
    (fireside/conversations/unread.py). One row per person and thread, written when they
    open it or mark their group read; gone when they leave the group."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_reads"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_read_marker_per_thread"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id}"


# Beside this module, which is near its size limit; imported here so Django registers it.
from fireside.conversations.attachment_models import Attachment as Attachment  # noqa: E402
