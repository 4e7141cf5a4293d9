"""The register's front pages: overview, record list, search, adding a person, opening a record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from loim.core.permissions import parties_for, permits
from loim.core.tenancy import Scope, editable_parties
from loim.parties.models import Party

from .. import reads
from ..access import Why, close_record, open_record, open_records, record_window
from ..forms import ConsentForm, PersonForm, ReasonForm, SearchForm
from ..models import AccessReason, ConsentText, Purpose
from ..selectors import Status, person_rows, register_summary
from ..services.people import person_create
from ..statistics import count_table
from .base import acting_party, add_errors, register_view


def default_counts(user):
    """The counts a user sees first: national for ELVL and the ministry, else their party's county."""
    if permits(user, "read_all_aggregates"):
        return count_table(user=user)
    party = (
        Party.objects.filter(pk__in=parties_for(user, "member"), municipality__isnull=False)
        .select_related("municipality__county")
        .first()
    )
    if party is None:
        return None
    return count_table(user=user, county=party.municipality.county)


@register_view("member")
def home(request):
    register_parties = list(editable_parties(request.user, Scope.PERSONAL))
    summaries = [(party, register_summary(user=request.user, party=party)) for party in register_parties]
    return render(
        request,
        "register/home.html",
        {
            "summaries": summaries,
            "table": default_counts(request.user),
            "data_protection": permits(request.user, "read_access_log"),
            "configures": permits(request.user, "configure_register"),
        },
    )


@register_view("read_personal_data")
def person_list(request):
    party, parties = acting_party(request)
    status = request.GET.get("status", "")
    if status not in ("", Status.ACTIVE, Status.AWAITING_ERASURE, Status.RESTRICTED):
        status = ""
    page = Paginator(person_rows(user=request.user, party=party, status=status), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "register/person_list.html",
        {"party": party, "parties": parties, "page": page, "status": status, "Status": Status},
    )


@register_view("read_personal_data")
def search(request):
    """Search shows personal fields, so it is a POST (nothing personal in the URL) with a reason,
    and every person shown gets an access-log entry."""
    party, parties = acting_party(request)
    form = SearchForm(request.POST or None, party=party)
    results, more = None, False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = reads.search(
            actor=request.user,
            party=party,
            why=data["why"],
            text=data["text"],
            language=data["language"],
            municipality=data["municipality"],
            topic=data["topic"],
            target_group=data["target_group"],
            withdrawn=data["withdrawn"],
        )
        results, more = found.people, found.more
        open_records(request, results, data["why"])
    context = {
        "form": form,
        "party": party,
        "parties": parties,
        "results": results,
        "more": more,
        "withdrawn": form.is_bound and form.is_valid() and form.cleaned_data["withdrawn"],
    }
    if request.htmx:
        return render(request, "register/_search_results.html", context)
    return render(request, "register/search.html", context)


@register_view("read_personal_data")
def person_add(request):
    party, parties = acting_party(request)
    ready = ConsentText.objects.filter(party=party, purpose__active=True).exists()
    person_form = PersonForm(request.POST or None)
    consent_form = ConsentForm(request.POST or None, party=party, prefix="consent")
    if request.method == "POST" and ready and person_form.is_valid() and consent_form.is_valid():
        try:
            person = person_create(party=party, data=person_form.to_input(), consent=consent_form.to_input())
        except ValidationError as exc:
            add_errors(exc, person_form, consent_form)
        else:
            open_record(request, person, Why(AccessReason.PURPOSE, consent_form.cleaned_data["purpose"].pk))
            messages.success(request, _("Record %(reference)s was added.") % {"reference": person.reference})
            return redirect("register:person_detail", pk=person.pk)
    return render(
        request,
        "register/person_add.html",
        {
            "party": party,
            "parties": parties,
            "person_form": person_form,
            "consent_form": consent_form,
            "ready": ready,
        },
    )


@register_view("read_personal_data")
def person_detail(request, pk):
    """Without an open window: ask why (POST), then show. With one: show and log the read."""
    person = reads.open_person(actor=request.user, pk=pk, editable=False)
    if request.method == "POST":
        form = ReasonForm(request.POST, party=person.party)
        if form.is_valid():
            open_record(request, person, form.cleaned_data["why"])
            return redirect("register:person_detail", pk=person.pk)
        return render(request, "register/person_open.html", {"person": person, "form": form})
    why = record_window(request, person)
    if why is None:
        return render(request, "register/person_open.html", {"person": person, "form": ReasonForm(party=person.party)})
    record = reads.person_record(actor=request.user, person=person, why=why)
    return render(request, "register/person_detail.html", _detail_context(record))


def _detail_context(record: reads.PersonRecord) -> dict:
    return {
        "person": record.person,
        "why": record.why,
        "why_label": _why_label(record.why, record.person),
        "consents": record.consents,
        "contacts": record.contacts,
        "links": record.links,
        "topics": record.topics,
        "processable": record.processable,
        "Reason": AccessReason,
    }


def _why_label(why, person) -> str:
    if why.purpose_id:
        purpose = Purpose.objects.filter(pk=why.purpose_id, party=person.party_id).first()
        return purpose.name if purpose else ""
    return str(AccessReason(why.reason).label)


@register_view("read_personal_data")
def person_close(request, pk):
    person = reads.open_person(actor=request.user, pk=pk, editable=False)
    if request.method == "POST":
        close_record(request, person)
    return redirect("register:person_list")
