"""sitemap.xml (django.contrib.sitemaps: every public page in all four languages, with hreflang
alternates and x-default) and robots.txt. Only published content is listed: everything comes
through `portal.public`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from loim.core.permissions import public

from . import public as reads
from .cache import cached_page

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class _PortalSitemap(Sitemap):
    i18n = True
    languages = LANGUAGE_CODES
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        """Django's x-default is the address without the language prefix, which here is the staff
        site's: the portal's x-default is the Estonian page, as in each page's head."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            estonian = next(
                (a["location"] for a in url["alternates"] if a["lang_code"] == settings.LANGUAGE_CODE), None
            )
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default" and estonian:
                    alternate["location"] = estonian
        return urls


class PagesSitemap(_PortalSitemap):
    def items(self):
        return ["portal:index", "portal:national", "portal:events", "portal:accessibility"]

    def location(self, item):
        return reverse(item)


class MunicipalitySitemap(_PortalSitemap):
    def items(self):
        return list(reads.partner_parties())

    def location(self, item):
        return reverse("portal:municipality", kwargs={"slug": item.slug})


class ServiceSitemap(_PortalSitemap):
    def items(self):
        return list(reads.services().select_related(None).prefetch_related(None).only("pk", "updated_at"))

    def location(self, item):
        return reverse("portal:service", kwargs={"pk": item.pk})

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(_PortalSitemap):
    def items(self):
        since = timezone.now() - dt.timedelta(days=365)
        return list(
            reads.events().select_related(None).filter(end__gte=since).only("pk", "updated_at").order_by("start", "pk")
        )

    def location(self, item):
        return reverse("portal:event_detail", kwargs={"pk": item.pk})

    def lastmod(self, item):
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    "pages": PagesSitemap,
    "municipalities": MunicipalitySitemap,
    "services": ServiceSitemap,
    "events": EventSitemap,
}


@public
@cached_page
def sitemap(request):
    response = sitemap_view(request, sitemaps=SITEMAPS)
    response._request = None  # type: ignore[assignment]  # rendered without the context processors: they read the session
    response.render()
    return response


@public
def robots(request):
    lines = [
        "User-agent: *",
        *[f"Allow: /{code}/" for code in LANGUAGE_CODES],
        "Allow: /static/",
        "Disallow: /",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
