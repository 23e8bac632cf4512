from django.urls import path

from fireside.gatherings import views

app_name = "gatherings"
urlpatterns = [
    path("calendar/", views.my_calendar, name="calendar"),
    path("calendar/new-address/", views.rotate_feed, name="rotate_feed"),
    path("feed/<str:feed_token>.ics", views.calendar_feed, name="feed"),
    path("<int:gathering_id>/", views.gathering_detail, name="detail"),
]
