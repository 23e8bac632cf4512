from django.urls import path, register_converter

from fireside.conversations import (
    attachment_views,
    editor_views,
    post_views,
    reaction_views,
    think_views,
    views,
)
from fireside.conversations.attachment_views import accepting_files
from fireside.conversations.editor import with_editor


class PostKind:
    regex = "thread|reply"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PostKind, "postkind")

app_name = "conversations"
urlpatterns = [
    path("community/<int:community_id>/", views.thread_list, name="list"),
    path(
        "community/<int:community_id>/new/",
        accepting_files(with_editor(post_views.thread_new)),
        name="new",
    ),
    path("community/<int:community_id>/draft/", editor_views.thread_draft, name="thread_draft"),
    path("community/<int:community_id>/preview/", editor_views.preview, name="preview"),
    path("community/<int:community_id>/read/", views.mark_read, name="mark_read"),
    path("community/<int:community_id>/think/", think_views.think_setting, name="think"),
    path("community/<int:community_id>/recognition/", views.recognition, name="recognition"),
    path("<int:thread_id>/", accepting_files(with_editor(post_views.thread_detail)), name="thread"),
    path("<int:thread_id>/draft/", editor_views.reply_draft, name="reply_draft"),
    path("<int:thread_id>/answered/", views.thread_answered, name="answered"),
    path(
        "<postkind:kind>/<int:post_id>/edit/",
        accepting_files(with_editor(post_views.post_edit)),
        name="edit",
    ),
    path("attachments/<int:attachment_id>/", attachment_views.attachment, name="attachment"),
    path(
        "attachments/<int:attachment_id>/thumbnail/",
        attachment_views.attachment_thumb,
        name="attachment_thumb",
    ),
    path("<postkind:kind>/<int:post_id>/flag/", views.post_flag, name="flag"),
    path("<postkind:kind>/<int:post_id>/hide/", views.post_hide, name="hide"),
    path("<postkind:kind>/<int:post_id>/restore/", views.post_restore, name="restore"),
    path("<postkind:kind>/<int:post_id>/react/", reaction_views.react, name="react"),
    path(
        "community/<int:community_id>/mentions/",
        reaction_views.mention_suggestions,
        name="mention_suggestions",
    ),
    path("community/<int:community_id>/resources/", views.resources, name="resources"),
    path("community/<int:community_id>/resources/new/", views.resource_new, name="resource_new"),
    path(
        "resources/<int:resource_id>/download/",
        views.resource_download,
        name="resource_download",
    ),
    path("resources/<int:resource_id>/sharing/", views.resource_share, name="resource_share"),
    path("resources/<int:resource_id>/remove/", views.resource_remove, name="resource_remove"),
    path("community/<int:community_id>/glossary/", views.glossary, name="glossary"),
    path("community/<int:community_id>/glossary/new/", views.term_new, name="term_new"),
    path("terms/<int:term_id>/", views.term_detail, name="term"),
    path("terms/<int:term_id>/my-perspective/", views.perspective_edit, name="perspective"),
    path("community/<int:community_id>/research/", views.research, name="research"),
    path("community/<int:community_id>/research/new/", views.research_new, name="research_new"),
    path("research/<int:research_id>/agenda/", views.research_agenda, name="research_agenda"),
]
