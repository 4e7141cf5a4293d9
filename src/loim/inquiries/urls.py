from django.urls import path

from .views import entry, imports, lists, statistics, vocabulary

app_name = "inquiries"

urlpatterns = [
    path("", entry.quick_entry, name="index"),
    path("<int:pk>/edit/", entry.inquiry_edit, name="edit"),
    path("<int:pk>/delete/", entry.inquiry_delete_view, name="delete"),
    path("list/", lists.inquiry_list_view, name="list"),
    path("list/export.<str:fmt>", lists.inquiry_export, name="export"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/export.<str:fmt>", statistics.statistics_export, name="statistics_export"),
    path("service-gaps/", statistics.service_gaps, name="service_gaps"),
    path("service-gaps/accept/", statistics.service_gap_accept, name="service_gap_accept"),
    path(
        "service-gaps/notes/<int:pk>/delete/", statistics.service_gap_note_delete_view, name="service_gap_note_delete"
    ),
    path("import/", imports.import_upload, name="import"),
    path("import/<str:token>/", imports.import_map, name="import_map"),
    path("import/<str:token>/cancel/", imports.import_cancel, name="import_cancel"),
    path("imports/", imports.import_list, name="imports"),
    path("imports/<int:pk>/undo/", imports.import_undo, name="import_undo"),
    path("vocabulary/", vocabulary.vocabulary, name="vocabulary"),
    path("vocabulary/<str:kind>/new/", vocabulary.vocabulary_edit, name="vocabulary_add"),
    path("vocabulary/<str:kind>/<int:pk>/", vocabulary.vocabulary_edit, name="vocabulary_edit"),
]
