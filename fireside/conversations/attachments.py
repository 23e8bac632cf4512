"""Images and files attached to a new thread, a reply, or a post being edited.

Every file goes through the uploads' one set of checks (fireside/lib/uploads.py: size,
then type by what the bytes are). A picture is then decoded and written again from its
pixels alone (fireside/lib/images.py), at most IMAGE_LONGEST pixels on its longer side,
with a thumbnail beside it: nothing of the original file is kept (no EXIF or GPS position,
no text chunk, no trailing bytes a polyglot hides). Everything is checked before anything
is written; the files are written last and removed again if the post is not saved."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.signals import post_delete
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.accounts.models import User
from fireside.conversations import actions
from fireside.conversations.attachment_models import IMAGE_TYPE, THUMB_LONGEST, Attachment
from fireside.conversations.models import Reply, Thread
from fireside.lib import images, uploads
from fireside.lib.errors import ActionError, InvalidInput
from fireside.lib.text import storable

FIELD = "attachments"
MAX_PER_POST = 5
IMAGE_LONGEST = 2048
CAPTION_MAX = 300
# Attachments may be small pictures (an icon, a screenshot of one word).
MIN_SIDE = 1

Post = Thread | Reply
P = TypeVar("P", bound=Thread | Reply)


@dataclass(frozen=True)
class Checked:
    """One file that passed every check, ready to store."""

    filename: str
    content_type: str
    extension: str
    caption: str
    upload: UploadedFile | None = None  # a file other than a picture, stored as it came
    picture: bytes = b""  # a picture, re-encoded
    thumbnail: bytes = b""
    width: int = 0
    height: int = 0

    @property
    def size(self) -> int:
        return len(self.picture) if self.picture else (self.upload.size or 0) if self.upload else 0


def _refused(message: str) -> InvalidInput:
    return InvalidInput(message, {FIELD: [message]})


def _named(exc: ActionError, filename: str) -> ActionError:
    """The same refusal (its status kept: 413, 415), by the attachments field, naming the file."""
    message = _("%(file)s: %(reason)s") % {"file": filename, "reason": exc.message}
    return type(exc)(message, {FIELD: [message]})


def parse_captions(value: object) -> list[str]:
    """One description a line, in the order the pictures were chosen; blank lines count."""
    if value in (None, ""):
        return []
    if not isinstance(value, str):
        message = _("The descriptions must be text.")
        raise InvalidInput(message, {"captions": [message]})
    lines = [line.strip() for line in storable("captions", value).splitlines()]
    if any(len(line) > CAPTION_MAX for line in lines):
        message = _("Each picture's description can be at most %(max)s characters.") % {
            "max": CAPTION_MAX
        }
        raise InvalidInput(message, {"captions": [message]})
    return lines


def check_files(
    files: Iterable[UploadedFile], captions: object = "", keeping: int = 0
) -> list[Checked]:
    """Check every file, or refuse them all with the first problem (naming the file)."""
    chosen = list(files)
    if len(chosen) + keeping > MAX_PER_POST:
        raise _refused(
            ngettext(
                "A post can carry at most %(max)s file.",
                "A post can carry at most %(max)s files.",
                MAX_PER_POST,
            )
            % {"max": MAX_PER_POST}
            + (
                " " + _("It has %(count)s already: remove some first.") % {"count": keeping}
                if keeping
                else ""
            )
        )
    lines = parse_captions(captions)
    pictures = 0
    checked = []
    for upload in chosen:
        filename = uploads.clean_filename(upload.name or "")
        try:
            kind, extension = uploads.check_file(upload)
            if kind.kind in images.IMAGE_KINDS:
                caption = lines[pictures] if pictures < len(lines) else ""
                pictures += 1
                checked.append(_picture(upload, filename, caption))
            else:
                content_type = kind.mime_for(extension)
                checked.append(Checked(filename, content_type, extension, "", upload=upload))
        except ActionError as exc:
            raise _named(exc, filename) from exc
    return checked


def _picture(upload: UploadedFile, filename: str, caption: str) -> Checked:
    image = images.decode(upload, min_side=MIN_SIDE, field=FIELD)
    stem = filename.rsplit(".", 1)[0] or "picture"
    width, height = images.within(image, IMAGE_LONGEST)
    return Checked(
        filename=f"{stem}.{images.EXTENSION}",
        content_type=IMAGE_TYPE,
        extension=images.EXTENSION,
        caption=caption,
        picture=images.encode(image, width, height),
        thumbnail=images.encode(image, *images.within(image, THUMB_LONGEST)),
        width=width,
        height=height,
    )


def _store(post: Post, checked: list[Checked], uploader: User, written: list[str]) -> None:
    """Write the files (each name added to `written` as soon as it exists) and their rows."""
    rows = []
    for item in checked:
        key = secrets.token_urlsafe(24)
        content: File[Any] = (
            ContentFile(item.picture) if item.picture else item.upload  # type: ignore[assignment]
        )
        stored = default_storage.save(f"attachments/{key}.{item.extension}", content)
        written.append(stored)
        thumbnail = ""
        if item.thumbnail:
            thumbnail = default_storage.save(
                f"attachments/{key}-thumb.{images.EXTENSION}", ContentFile(item.thumbnail)
            )
            written.append(thumbnail)
        rows.append(
            Attachment(
                thread=post if isinstance(post, Thread) else None,
                reply=post if isinstance(post, Reply) else None,
                uploader=uploader,
                file=stored,
                filename=item.filename,
                content_type=item.content_type,
                size=item.size,
                thumbnail=thumbnail,
                width=item.width,
                height=item.height,
                caption=item.caption,
            )
        )
    Attachment.objects.bulk_create(rows)


def shown(item: Attachment) -> dict[str, Any]:
    """What a post keeps of one attachment to show it (Post.attached) and list it (API)."""
    width, height = item.thumb_size if item.is_image else (0, 0)
    return {
        "id": item.pk,
        "filename": item.filename,
        "content_type": item.content_type,
        "size": item.size,
        "caption": item.caption,
        "image": item.is_image,
        "width": width,
        "height": height,
    }


def refresh(post: Post) -> None:
    """Keep the post's copy (Post.attached) in step with its Attachment rows."""
    post.attached = [shown(a) for a in Attachment.objects.filter(**{_key(post): post})]
    type(post).objects.filter(pk=post.pk).update(attached=post.attached)


def _key(post: Post) -> str:
    return "thread" if isinstance(post, Thread) else "reply"


def _with_files(
    uploader: User, checked: list[Checked], write: Callable[[], P], changed: bool = False
) -> P:
    """`write` the post and store its files in one transaction: if either fails, no post,
    no row, no file is left, and the uploads are not counted."""
    if not checked and not changed:
        return write()
    uploads.count_uploads(uploader.pk, len(checked))
    written: list[str] = []
    try:
        with transaction.atomic():
            post = write()
            _store(post, checked, uploader, written)
            refresh(post)
    except BaseException:
        images.delete_quietly(written)
        uploads.refund_uploads(uploader.pk, len(checked))
        raise
    return post


def check_start_thread(
    *,
    author: User,
    community: Any,
    title: object,
    body: object,
    kind: object,
    files: Iterable[UploadedFile] = (),
    captions: object = "",
) -> Thread:
    checked = check_files(files, captions)
    return _with_files(
        author,
        checked,
        lambda: actions.check_start_thread(
            author=author, community=community, title=title, body=body, kind=kind
        ),
    )


def check_reply(
    *,
    author: User,
    thread: Thread,
    body: object,
    files: Iterable[UploadedFile] = (),
    captions: object = "",
) -> Reply:
    checked = check_files(files, captions)
    return _with_files(
        author, checked, lambda: actions.check_reply(author=author, thread=thread, body=body)
    )


def check_edit_post(
    *,
    author: User,
    post: P,
    body: object,
    title: object = None,
    files: Iterable[UploadedFile] = (),
    captions: object = "",
    remove: Iterable[object] = (),
) -> P:
    """The author's edit (actions.check_edit_post), removing the attachments they unticked
    and adding new ones; at most MAX_PER_POST stay."""
    existing = {a.pk: a for a in post.attachments.all()}
    try:
        gone = {int(str(pk)) for pk in remove}
    except ValueError as exc:
        raise _refused(_("Choose the attachments to remove from the list.")) from exc
    if not gone <= existing.keys():
        raise _refused(_("Choose the attachments to remove from the list."))
    checked = check_files(files, captions, keeping=len(existing) - len(gone))

    def write() -> P:
        actions.check_edit_post(author=author, post=post, body=body, title=title)
        for pk in gone:
            existing[pk].delete()  # its files go once this is committed (_files_go)
        return post

    return _with_files(author, checked, write, changed=bool(gone))


def for_api(post: Post) -> list[dict[str, Any]]:
    """The post's attachments as the API lists them, from the post's own copy."""
    return [
        {
            **{k: item[k] for k in ("id", "filename", "content_type", "size", "caption")},
            "url": reverse("api:attachment_download", kwargs={"attachment_id": item["id"]}),
        }
        for item in post.attached
    ]


def erase_uploaded_by(user: User) -> None:
    """A person's attachments go (their files once committed); their posts stay, without."""
    mine = Attachment.objects.filter(uploader=user)
    threads = set(mine.filter(thread__isnull=False).values_list("thread_id", flat=True))
    replies = set(mine.filter(reply__isnull=False).values_list("reply_id", flat=True))
    mine.delete()
    posts: list[Post] = [
        *Thread.objects.filter(pk__in=threads),
        *Reply.objects.filter(pk__in=replies),
    ]
    for post in posts:
        refresh(post)


def _files_go(sender: type[Attachment], instance: Attachment, **kwargs: Any) -> None:
    """However an attachment goes (removed in an edit, its post or group deleted, its
    uploader erased), its files go too, once the deletion is committed."""
    names = instance.stored_names()
    transaction.on_commit(lambda: images.delete_quietly(names))


def register_all() -> None:
    post_delete.connect(_files_go, sender=Attachment, dispatch_uid="conversations.attachment_files")
