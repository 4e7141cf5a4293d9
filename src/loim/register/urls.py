"""Register URLs carry ids only, never a personal value; searches and forms POST."""

from django.urls import path

from .views import links, oversight, people, records, setup, transfer

app_name = "register"

urlpatterns = [
    path("", people.home, name="home"),
    path("people/", people.person_list, name="person_list"),
    path("people/add/", people.person_add, name="person_add"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/close/", people.person_close, name="person_close"),
    path("people/<int:pk>/edit/", records.person_edit, name="person_edit"),
    path("people/<int:pk>/consents/add/", records.consent_create, name="consent_add"),
    path("people/<int:pk>/contacts/add/", records.contact_create, name="contact_add"),
    path("people/<int:pk>/restrict/", records.person_restrict_view, name="person_restrict"),
    path("people/<int:pk>/erase/", records.person_erase_view, name="person_erase"),
    path("people/<int:pk>/export/json/", records.person_export_json, name="person_export_json"),
    path("people/<int:pk>/export/pdf/", records.person_export_pdf, name="person_export_pdf"),
    path("consents/<int:pk>/withdraw/", records.consent_withdraw_view, name="consent_withdraw"),
    path("contacts/<int:pk>/delete/", records.contact_delete_view, name="contact_delete"),
    path("people/<int:pk>/inquiries/add/", links.inquiry_link_create, name="inquiry_link_add"),
    path("inquiry-links/<int:pk>/delete/", links.inquiry_link_delete, name="inquiry_link_delete"),
    path("attendance/<int:pk>/delete/", links.attendance_delete, name="attendance_delete"),
    path("events/<int:event_pk>/attendance/", links.event_attendance, name="event_attendance"),
    path("search/", people.search, name="search"),
    path("invitations/", transfer.invitation, name="invitation"),
    path("import/", transfer.person_import, name="import"),
    path("import/template.csv", transfer.import_template, name="import_template"),
    path("imports/<int:pk>/undo/", transfer.import_undo, name="import_undo"),
    path("purposes/", setup.purpose_list, name="purposes"),
    path("purposes/add/", setup.purpose_create, name="purpose_add"),
    path("purposes/<int:pk>/edit/", setup.purpose_edit, name="purpose_edit"),
    path("purposes/<int:pk>/texts/add/", setup.consent_text_create_view, name="consent_text_create"),
    path("consent-texts/<int:pk>/", setup.consent_text_detail, name="consent_text_detail"),
    path("settings/", setup.register_settings, name="settings"),
    path("processing-record/", setup.processing_record_view, name="processing_record"),
    path("access-log/", oversight.access_log, name="access_log"),
    path("retention/", oversight.retention, name="retention"),
    path("counts/", oversight.counts, name="counts"),
]
