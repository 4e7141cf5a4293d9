"""The REST API: `/api/v1/` assembled from each app's `api.py` (a `register(router)` function), and
the OpenAPI schema at `/api/schema/`."""

import importlib

from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter


def build_router() -> DefaultRouter:
    router = DefaultRouter()
    for config in apps.get_app_configs():
        if not config.name.startswith("loim.") or config.name == "loim.api":
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        module.register(router)
    return router


router = build_router()

urlpatterns = [
    path("v1/", include((router.urls, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
