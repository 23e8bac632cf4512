from django.urls import path

from fireside.hours import time_views, views

app_name = "hours"
urlpatterns = [
    path("", views.index, name="index"),
    path("programs/<int:program_id>/", views.ledger, name="ledger"),
    path("programs/<int:program_id>/everyone/", views.for_program, name="program"),
    path("programs/<int:program_id>/everyone.csv", views.for_program_csv, name="program_csv"),
]
urlpatterns += [
    path("programs/<int:program_id>/time/", time_views.record, name="record"),
    path("time/<int:time_entry_id>/remove/", time_views.remove, name="remove_time"),
    path("gatherings/<int:gathering_id>/preparation/", time_views.preparation, name="preparation"),
    path("communities/<int:community_id>/online/", time_views.group_online, name="group_online"),
]
