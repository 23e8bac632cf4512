from django.urls import path

from fireside.library import views

app_name = "library"
urlpatterns = [
    path("program/<int:program_id>/", views.library, name="list"),
    path("program/<int:program_id>/new/", views.new, name="new"),
    path("<int:library_item_id>/edit/", views.edit, name="edit"),
    path("<int:library_item_id>/remove/", views.remove, name="remove"),
    path("<int:library_item_id>/download/", views.download, name="download"),
]
