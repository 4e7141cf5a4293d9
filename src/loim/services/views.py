"""Pages of the service catalogue (issue 13): the list (by topic, municipality, provider), a service
with its translations, create and edit (stale edits refused), translate (the Estonian text beside the
form), "mark as checked", the translator's view and the XLIFF/PO export and import.

Who reads what: every member reads the catalogue (`Service.tenancy_scope = SHARED`); the owning
party's admins and coordinators change and translate its services (`manage_services`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from loim.core import translations
from loim.core.permissions import permits, policy
from loim.core.tenancy import get_editable_or_404, get_visible_or_404
from loim.core.translations.pages import ExchangePage, TranslatePage, put_errors
from loim.core.versioning import StaleVersion
from loim.core.vocabulary import localized
from loim.inquiries.models import Topic
from loim.network.models import Organisation
from loim.places.models import Municipality

from .exchange import export_batch, import_batch
from .forms import (
    ServiceForm,
    gap_initial,
    service_initial,
    text_fields,
    text_input,
)
from .models import TEXT_FIELDS, Service
from .selectors import services_for
from .services import service_check, service_create, service_update, translation_save

PAGE_SIZE = 25
LANGUAGE_LABELS = dict(translations.TARGET_LANGUAGE_CHOICES)


def _pick(model, value):
    return model.objects.filter(pk=int(value)).first() if str(value or "").isdigit() else None


_status_cells = translations.status_cells


@policy("read_services")
def service_list(request):
    chosen = {name: request.GET.get(name, "") for name in ("topic", "municipality", "provider")}
    topic = _pick(Topic, chosen["topic"])
    municipality = _pick(Municipality, chosen["municipality"])
    provider = (
        Organisation.objects.visible_to(request.user).filter(pk=int(chosen["provider"])).first()
        if chosen["provider"].isdigit()
        else None
    )
    services = services_for(request.user, topic=topic, municipality=municipality, provider=provider)
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"service": s, "statuses": _status_cells(s)} for s in page.object_list]
    topics = [(t.pk, localized(t)) for t in Topic.objects.order_by("order", "code")]
    providers = Organisation.objects.visible_to(request.user).listed().filter(services__isnull=False).distinct()
    return render(
        request,
        "services/service_list.html",
        {
            "page": page,
            "rows": rows,
            "chosen": chosen,
            "topics": topics,
            "municipalities": Municipality.objects.order_by("name").only("pk", "name"),
            "providers": providers.order_by("name").only("pk", "name"),
            "may_create": permits(request.user, "manage_services"),
        },
    )


@policy("read_services")
def service_detail(request, pk):
    service = get_visible_or_404(
        Service.objects.select_related("provider", "party", "county", "confirmed_by"), request.user, pk=pk
    )
    may_edit = permits(request.user, "manage_services", service)
    return render(
        request,
        "services/service_detail.html",
        {
            "service": service,
            "statuses": _status_cells(service),
            "translations": service.translations.all(),
            "may_edit": may_edit,
            "steps": [line for line in service.steps.splitlines() if line.strip()],
            "documents": [line for line in service.documents_needed.splitlines() if line.strip()],
            "due": service.confirmation_due(),
        },
    )


def _form_page(request, form, *, title, service=None, prefilled=False):
    return render(
        request,
        "services/service_form.html",
        {"form": form, "title": title, "service": service, "prefilled": prefilled},
        status=409 if getattr(form, "conflict", None) else 400 if form.errors else 200,
    )


@policy("manage_services")
def service_create_view(request):
    prefilled = gap_initial(request.GET, request.user) if request.method == "GET" else {}
    form = ServiceForm(request.POST or None, user=request.user, initial=prefilled)
    if request.method == "POST" and form.is_valid():
        try:
            service = service_create(party=form.cleaned_data["party"], data=form.to_input(), user=request.user)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The service “%s” was saved.") % service.name)
            return redirect("services:detail", pk=service.pk)
    return _form_page(request, form, title=_("Add a service"), prefilled=bool(prefilled))


@policy("manage_services")
def service_edit_view(request, pk):
    service = get_editable_or_404(Service, request.user, pk=pk)
    form = ServiceForm(request.POST or None, user=request.user, service=service, initial=service_initial(service))
    if request.method == "POST" and form.is_valid():
        try:
            service_update(
                service=service, data=form.to_input(), user=request.user, expected_version=form.expected_version
            )
        except StaleVersion as stale:
            form.refuse_stale(stale, service_initial(stale.current) if stale.current is not None else None)
            return _form_page(request, form, title=_("Edit the service"), service=service)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The service “%s” was saved.") % service.name)
            return redirect("services:detail", pk=service.pk)
    return _form_page(request, form, title=_("Edit the service"), service=service)


@policy("manage_services")
def service_check_view(request, pk):
    service = get_editable_or_404(Service, request.user, pk=pk)
    if request.method != "POST":
        return redirect("services:detail", pk=service.pk)
    version = request.POST.get("version", "")
    try:
        service_check(service=service, user=request.user, expected_version=int(version) if version.isdigit() else 0)
    except StaleVersion:
        messages.error(
            request, _("The service changed after you opened the page: read it again, then mark it checked.")
        )
    else:
        messages.success(request, _("Marked as checked today."))
    return redirect("services:detail", pk=service.pk)


class ServiceTranslatePage(TranslatePage):
    """A service's translate page (`services:translate`): the catalogue's text fields."""

    permission = "manage_services"
    template = "services/translation_form.html"
    fields = TEXT_FIELDS
    source_name = "service"

    def get_source(self, request, **kwargs):
        return get_editable_or_404(Service.objects.select_related("provider"), request.user, pk=kwargs["pk"])

    def text_fields(self, source):
        return text_fields()

    def save(self, *, source, language, form, user, **flags):
        return translation_save(
            service=source, language=language, text=text_input(form.cleaned_data), user=user, **flags
        )

    def saved_message(self, source, language_label):
        return _("The %(language)s translation of “%(name)s” was saved.") % {
            "language": language_label,
            "name": source.name,
        }

    def done_url(self, source):
        return reverse("services:detail", kwargs={"pk": source.pk})


translation_view = ServiceTranslatePage().as_view()


@policy("manage_services")
def translator_view(request):
    language = request.GET.get("language", "")
    language = language if language in translations.TARGET_LANGUAGES else None
    status = request.GET.get("status", "")
    status = status if status in translations.TO_DO else None
    everything = translations.to_do(request.user)
    items = translations.to_do(request.user, language=language, status=status) if (language or status) else everything
    labels = dict(translations.TranslationStatus.choices)
    languages = [language] if language else list(translations.TARGET_LANGUAGES)
    table = translations.counts(everything)
    return render(
        request,
        "services/translator.html",
        {
            "items": [
                {
                    "item": item,
                    "cells": [
                        {
                            "language_label": LANGUAGE_LABELS[code],
                            "status": item.statuses.get(code, ""),
                            "label": labels.get(item.statuses.get(code, ""), ""),
                            "url": item.translate_urls.get(code),
                        }
                        for code in languages
                    ],
                }
                for item in items
            ],
            "shown_languages": [(code, LANGUAGE_LABELS[code]) for code in languages],
            "all_languages": translations.TARGET_LANGUAGE_CHOICES,
            "statuses": [(s.value, s.label) for s in translations.TO_DO],
            "counts": [
                {"label": LANGUAGE_LABELS[code], "cells": [table[code][str(s)] for s in translations.TO_DO]}
                for code in translations.TARGET_LANGUAGES
            ],
            "chosen": {"language": language or "", "status": status or ""},
        },
    )


class ServiceExchangePage(ExchangePage):
    """The catalogue's and the journeys' XLIFF/PO export and import (`services:export`, `…:import`)."""

    permission = "manage_services"
    template = "services/exchange.html"
    file_stem = "teenused"
    only_to_do_label = gettext_lazy(
        "Only services and journeys whose translation is missing, outdated, machine-made or unfinished"
    )
    done_url = "services:translations"

    def export(self, user, *, language, only_to_do):
        return export_batch(user, language=language, only_to_do=only_to_do)

    def import_(self, user, **chosen):
        return import_batch(user, **chosen)

    def saved_messages(self, done):
        said = []
        if done.services or not done.journeys:
            said.append(
                ngettext(
                    "Translations of %(count)d service were saved (%(units)d units; %(empty)d without a target "
                    "left as they were).",
                    "Translations of %(count)d services were saved (%(units)d units; %(empty)d without a target "
                    "left as they were).",
                    done.services,
                )
                % {"count": done.services, "units": done.units, "empty": done.empty}
            )
        if done.journeys:  # a batch may hold services, journeys or both (exchange.py)
            said.append(
                ngettext(
                    "Translations of %(count)d journey were saved.",
                    "Translations of %(count)d journeys were saved.",
                    done.journeys,
                )
                % {"count": done.journeys}
            )
        return said


export_view, import_view = ServiceExchangePage().views()


urlpatterns = [
    path("", service_list, name="list"),
    path("new/", service_create_view, name="create"),
    path("<int:pk>/", service_detail, name="detail"),
    path("<int:pk>/edit/", service_edit_view, name="edit"),
    path("<int:pk>/check/", service_check_view, name="check"),
    path("<int:pk>/translate/<str:language>/", translation_view, name="translate"),
    path("translations/", translator_view, name="translations"),
    path("translations/export/", export_view, name="export"),
    path("translations/import/", import_view, name="import"),
]
