from django.urls import path, register_converter

from fireside.conversations import views


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
    path("community/<int:community_id>/new/", views.thread_new, name="new"),
    path("community/<int:community_id>/recognition/", views.recognition, name="recognition"),
    path("<int:thread_id>/", views.thread_detail, name="thread"),
    path("<int:thread_id>/answered/", views.thread_answered, name="answered"),
    path("<postkind:kind>/<int:post_id>/edit/", views.post_edit, name="edit"),
    path("<postkind:kind>/<int:post_id>/flag/", views.post_flag, name="flag"),
    path("<postkind:kind>/<int:post_id>/hide/", views.post_hide, name="hide"),
    path("<postkind:kind>/<int:post_id>/restore/", views.post_restore, name="restore"),
]
