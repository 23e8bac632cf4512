from django.urls import path

from fireside.stories import views

app_name = "stories"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("community/<int:community_id>/", views.group, name="group"),
    path("community/<int:community_id>/new/", views.new, name="new"),
    path("<int:story_id>/", views.story, name="story"),
    path("<int:story_id>/stop-sharing/", views.stop_sharing, name="stop_sharing"),
    path("<int:story_id>/delete/", views.delete, name="delete"),
    path("programs/<int:program_id>/", views.program, name="program"),
]
