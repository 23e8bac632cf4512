from django.contrib import admin
from django.urls import include, path

from fireside.api.urls import api
from fireside.lib import http
from fireside.programs import views as program_views

urlpatterns = [
    path("", program_views.home, name="home"),
    path("healthz", http.healthz, name="healthz"),
    path("accounts/", include("fireside.accounts.urls")),
    path("programs/", include("fireside.programs.urls")),
    path("communities/", include("fireside.communities.urls")),
    path("gatherings/", include("fireside.gatherings.urls")),
    path("conversations/", include("fireside.conversations.urls")),
    path("notifications/", include("fireside.notifications.urls")),
    path("search/", include("fireside.search.urls")),
    path("mentoring/", include("fireside.mentoring.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "fireside.lib.http.bad_request"
handler403 = "fireside.lib.http.forbidden"
handler404 = "fireside.lib.http.not_found"
handler500 = "fireside.lib.http.server_error"
