"""The program's own pages. The pages under /programs/ built from its groups are routed by
fireside/communities/program_urls.py; fireside/urls.py joins both in the `programs`
namespace, so every name (`programs:detail`, `programs:rollover`, …) stays as it was."""

from django.urls import path

from fireside.programs import faq_views, logo_views, views, word_views

urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="create"),
    path("<int:program_id>/edit/", views.program_edit, name="edit"),
    path("<int:program_id>/staff/", views.program_staff, name="staff"),
    path("<int:program_id>/logo/", logo_views.logo, name="logo"),
    path("<int:program_id>/logo/remove/", logo_views.logo_remove, name="logo_remove"),
    path("<int:program_id>/logo/image/", logo_views.logo_image, name="logo_image"),
    path("<int:program_id>/contact/", faq_views.contact_edit, name="contact"),
    path("<int:program_id>/faq/", faq_views.faq_manage, name="faq_manage"),
    path("<int:program_id>/faq/new/", faq_views.faq_entry, name="faq_new"),
    path("<int:program_id>/faq/<int:entry_id>/", faq_views.faq_entry, name="faq_edit"),
    path("<int:program_id>/faq/<int:entry_id>/move/", faq_views.faq_move, name="faq_move"),
    path("<int:program_id>/faq/<int:entry_id>/publish/", faq_views.faq_publish, name="faq_publish"),
    path("<int:program_id>/faq/<int:entry_id>/delete/", faq_views.faq_delete, name="faq_delete"),
    path("<int:program_id>/words/", word_views.program_words, name="words"),
    path("<int:program_id>/words/role-types/", word_views.role_type_add, name="role_type_add"),
    path(
        "<int:program_id>/words/role-types/<slug:role_code>/",
        word_views.role_type_change,
        name="role_type_change",
    ),
]
