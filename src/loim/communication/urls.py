from django.urls import path

from . import views

app_name = "communication"

urlpatterns = [
    path("", views.quick_entry, name="index"),
    path("list/", views.output_list_view, name="list"),
    path("list/export.<str:fmt>", views.output_export, name="export"),
    path("<int:pk>/edit/", views.output_edit, name="edit"),
    path("<int:pk>/delete/", views.output_delete_view, name="delete"),
    path("<int:pk>/evidence/", views.evidence_download, name="evidence"),
    path("import/", views.import_upload, name="import"),
    path("channels/", views.channels, name="channels"),
    path("channels/<int:pk>/", views.channel_edit, name="channel_edit"),
    path("channels/<int:pk>/delete/", views.channel_delete_view, name="channel_delete"),
    path("translations/", views.jobs, name="jobs"),
    path("translations/new/", views.job_add, name="job_add"),
    path("translations/<int:pk>/edit/", views.job_edit, name="job_edit"),
    path("translations/<int:pk>/delete/", views.job_delete_view, name="job_delete"),
]
