from django.urls import path

from fireside.announcements import views

app_name = "announcements"
urlpatterns = [
    path("community/<int:community_id>/", views.group_list, name="list"),
    path("community/<int:community_id>/new/", views.new, name="new"),
    path("<int:announcement_id>/", views.detail, name="detail"),
    path("<int:announcement_id>/read/", views.mark_read, name="mark_read"),
]
