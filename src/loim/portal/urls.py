"""The portal's pages, mounted under each language prefix by `loim.config.urls` (i18n_patterns)."""

from django.urls import path

from . import feedback, search, views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("national/", views.national, name="national"),
    path("municipalities/<slug:slug>/", views.municipality, name="municipality"),
    path("services/<int:pk>/", views.service_detail, name="service"),
    path("journeys/<int:pk>/", views.journey_detail, name="journey"),
    path("journeys/<int:pk>/stages/<int:stage>/", views.journey_stage, name="journey_stage"),
    path("events/", views.event_list, name="events"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events.ics", views.events_ical, name="events_ical"),
    path("events/kinds/<int:pk>.ics", views.kind_ical, name="kind_ical"),
    path("municipalities/<slug:slug>/events.ics", views.municipality_ical, name="municipality_ical"),
    path("documents/<int:pk>/", views.document_file, name="document"),
    path("search/", search.search_page, name="search"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("feedback/", feedback.give, name="feedback"),
]
