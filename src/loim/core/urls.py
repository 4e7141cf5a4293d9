from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("audit/", views.audit_log, name="audit_log"),
]
