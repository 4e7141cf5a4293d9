"""The staff side of the portal (not language-prefixed): the feedback a party's pages received and
the partner municipalities' contact points."""

from django.urls import path

from . import contact_point_views, feedback

app_name = "portal_staff"

urlpatterns = [
    path("feedback/", feedback.staff_list, name="feedback"),
    path("contact-points/", contact_point_views.contact_point_list, name="contact_points"),
    path("contact-points/<slug:slug>/", contact_point_views.contact_point_edit, name="contact_point_edit"),
    path(
        "contact-points/<slug:slug>/<str:language>/",
        contact_point_views.contact_point_translate,
        name="contact_point_translate",
    ),
]
