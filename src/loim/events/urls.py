from django.urls import path

from .views import attachments, calendar, events, feeds, imports, kinds, series, translations

app_name = "events"

urlpatterns = [
    path("", events.event_list, name="list"),
    path("calendar/", calendar.event_calendar, name="calendar"),
    path("new/", events.event_create, name="create"),
    path("<int:pk>/", events.event_detail, name="detail"),
    path("<int:pk>/edit/", events.event_edit, name="edit"),
    path("<int:pk>/copy/", events.event_copy, name="copy"),
    path("<int:pk>/delete/", events.event_delete_view, name="delete"),
    path("<int:pk>/translate/<str:language>/", translations.translation_view, name="translate"),
    path("translations/export/", translations.export_view, name="translations_export"),
    path("translations/import/", translations.import_view, name="translations_import"),
    path("<int:pk>/attachments/", attachments.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", attachments.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", attachments.attachment_delete_view, name="attachment_delete"),
    path("series/new/", series.series_create_view, name="series_create"),
    path("series/<int:pk>/", series.series_detail, name="series_detail"),
    path("series/<int:pk>/attendance/", series.series_attendance, name="series_attendance"),
    path("series/<int:pk>/delete/", series.series_delete_view, name="series_delete"),
    path("import/", imports.import_events, name="import"),
    path("imports/<int:pk>/undo/", imports.import_undo, name="import_undo"),
    path("import/template.csv", imports.import_template_csv, name="import_template_csv"),
    path("import/template.xlsx", imports.import_template_xlsx, name="import_template_xlsx"),
    path("export.csv", events.export_csv, name="export_csv"),
    path("export.xlsx", events.export_xlsx, name="export_xlsx"),
    path("feeds/", feeds.feed_settings, name="feeds"),
    path("feeds/<int:party_pk>/renew/", feeds.feed_renew, name="feed_renew"),
    path("feed/<str:token>.ics", feeds.party_feed, name="feed"),
    path("kinds/", kinds.kind_list, name="kinds"),
    path("kinds/new/", kinds.kind_edit, name="kind_create"),
    path("kinds/<int:pk>/", kinds.kind_edit, name="kind_edit"),
]
