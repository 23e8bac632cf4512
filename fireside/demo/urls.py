"""The benchmark's routes: fireside/urls.py includes them only when BENCH is on."""

from django.urls import path

from fireside.demo import views

urlpatterns = [
    path("floor", views.floor, name="bench_floor"),
]
