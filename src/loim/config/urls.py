from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from loim.portal import seo
from loim.portal import views as portal_views

handler404 = "loim.portal.errors.page_not_found"
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
    path("portal/", include("loim.portal.staff_urls")),
    # the portal's address before issue 14: permanently to the same page in the visitor's language
    re_path(r"^public/(?P<rest>.*)$", portal_views.old_address, name="portal_old"),
    path("sitemap.xml", seo.sitemap, name="sitemap"),
    path("robots.txt", seo.robots, name="robots"),
    path("api/", include("loim.api.urls")),
]

# The public portal: /et/, /en/, /ru/, /uk/ (the prefix always present, also for Estonian)
urlpatterns += i18n_patterns(path("", include("loim.portal.urls")), prefix_default_language=True)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
