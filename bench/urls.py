"""The project's URLs plus an empty view: the baseline "a Django view that does nothing"."""

from django.http import HttpResponse
from django.urls import path

from loim.config.urls import urlpatterns as project_urlpatterns


def empty_view(request):
    return HttpResponse("ok")


urlpatterns = [path("bench-empty/", empty_view), *project_urlpatterns]
