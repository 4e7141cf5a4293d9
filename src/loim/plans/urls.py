from django.urls import path

from . import views
from .wordimport import views as document_views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("import/", views.plan_import, name="import"),
    path("import/document/", document_views.document_upload, name="document_upload"),
    path("import/document/<str:token>/", document_views.document_preview, name="document_preview"),
    path("import/document/<str:token>/plan.yaml", document_views.document_yaml, name="document_yaml"),
    path("<int:year>/changes/", document_views.plan_changes, name="changes"),
    path("<int:year>/", views.plan_detail, name="detail"),
    path("<int:year>/timeline/", views.plan_timeline, name="timeline"),
    path("<int:year>/export.<str:fmt>", views.plan_export, name="export"),
    path("<int:year>/edit/", views.plan_edit, name="edit"),
    path("<int:year>/copy/", views.plan_copy, name="copy"),
    path("<int:year>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("<int:year>/commitments/new/", views.obligation_create, name="obligation_create"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/rows/new/", views.activity_add_row, name="activity_add_row"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("commitments/<int:pk>/edit/", views.obligation_edit, name="obligation_edit"),
    path("commitments/<int:pk>/delete/", views.obligation_delete, name="obligation_delete"),
]
