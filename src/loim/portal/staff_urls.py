"""The staff side of the portal (not language-prefixed): the feedback a party's pages received."""

from django.urls import path

from . import feedback

app_name = "portal_staff"

urlpatterns = [
    path("feedback/", feedback.staff_list, name="feedback"),
]
