from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

handler404 = "loim.core.views.page_not_found"
handler500 = "loim.core.views.server_error"

urlpatterns = [
    path("", include("loim.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("places/", include("loim.places.urls")),
    path("parties/", include("loim.parties.urls")),
    path("plans/", include("loim.plans.urls")),
    path("events/", include("loim.events.urls")),
    path("inquiries/", include("loim.inquiries.urls")),
    path("register/", include("loim.register.urls")),
    path("network/", include("loim.network.urls")),
    path("services/", include("loim.services.urls")),
    path("communication/", include("loim.communication.urls")),
    path("monitoring/", include("loim.monitoring.urls")),
    path("public/", include("loim.portal.urls")),
    path("api/", include("loim.api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
