from django.urls import path

from .views import commitments, dashboard, deliverables, manual, report

app_name = "monitoring"

urlpatterns = [
    path("", dashboard.index, name="index"),
    path("<int:year>/", dashboard.dashboard_view, name="dashboard"),
    path("<int:year>/indicators/<slug:key>/", dashboard.indicator_view, name="indicator"),
    path("<int:year>/compare/", dashboard.compare_view, name="compare"),
    path("<int:year>/participation/", dashboard.matrix_view, name="matrix"),
    path("<int:year>/commitments/", commitments.calendar_view, name="calendar"),
    path("<int:year>/commitments/<slug:key>/<str:period>/", commitments.cell_view, name="cell"),
    path("<int:year>/commitments/<slug:key>/<str:period>/confirm/", commitments.confirm_view, name="confirm"),
    path("<int:year>/commitments/<slug:key>/<str:period>/explain/", commitments.explain_view, name="explain"),
    path("<int:year>/explanations/<int:pk>/delete/", commitments.explanation_delete_view, name="explanation_delete"),
    path("<int:year>/confirmations/<int:pk>/delete/", commitments.confirmation_delete_view, name="confirmation_delete"),
    path("<int:year>/report/", report.report_view, name="report"),
    path("<int:year>/report/files/", report.report_request_view, name="report_request"),
    path("<int:year>/report/notes/<int:activity>/", report.note_edit_view, name="note_edit"),
    path("<int:year>/report/notes/<int:pk>/delete/", report.note_delete_view, name="note_delete"),
    path("<int:year>/report/parts/<str:period>/<int:party>/", report.part_step_view, name="part_step"),
    path("reports/<int:pk>/", report.report_build_view, name="report_build"),
    path("reports/<int:pk>/download/", report.report_download_view, name="report_download"),
    path("<int:year>/deliverables/", deliverables.deliverables_view, name="deliverables"),
    path("<int:year>/deliverables/<slug:key>/", deliverables.deliverable_view, name="deliverable"),
    path("<int:year>/deliverables/<slug:key>/edit/", deliverables.deliverable_edit_view, name="deliverable_edit"),
    path("deliverables/<int:pk>/evidence/", deliverables.deliverable_file_view, name="deliverable_file"),
    path("<int:year>/manual-values/", manual.manual_values_view, name="manual_values"),
    path("manual-values/<int:pk>/edit/", manual.manual_value_edit_view, name="manual_value_edit"),
    path("manual-values/<int:pk>/delete/", manual.manual_value_delete_view, name="manual_value_delete"),
    path("manual-values/<int:pk>/evidence/", manual.manual_value_file_view, name="manual_value_file"),
]
