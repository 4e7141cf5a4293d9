"""The project's URLs with a stand-in for the register's named-attendance page, so the link on the
event page can be tested before and independently of the register app."""

from django.http import HttpResponse
from django.urls import include, path

from loim.config.urls import urlpatterns as project_urlpatterns


def attendance(request, event_pk):
    return HttpResponse(f"attendance of {event_pk}")


register_patterns = ([path("events/<int:event_pk>/attendance/", attendance, name="event_attendance")], "register")

urlpatterns = [
    *[p for p in project_urlpatterns if getattr(p, "namespace", None) != "register"],
    path("register/", include(register_patterns)),
]
