"""'Is this page helpful?': the answer form at the foot of every public page, and the staff page
where a party reads the answers its pages received.

Spam-safe without a third-party CAPTCHA: a honeypot field (hidden from people, filled in by bots: such
a post is thanked for and dropped) and a limit per address (`RATE_LIMIT` posts in `RATE_WINDOW`
seconds, counted in the cache under a hash of the address, which is never written to the database).
The form is exempt from CSRF: the portal sets no cookie, the post changes no one's state and carries
no credential, and a forged post is just another rate-limited anonymous answer.

The answer belongs to the party whose page it was: a municipality's page, a service, a document or an
event to its party, every other page to ELVL (the implementer). The page is named by its address,
resolved here, so a post cannot name a party of its own choosing."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import get_language, get_language_from_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from loim.core.permissions import policy, public
from loim.core.tenancy import editable_parties

from . import public as reads
from .models import MAX_COMMENT, PageFeedback
from .pages import page

RATE_LIMIT = 5
RATE_WINDOW = 600  # seconds


class FeedbackForm(forms.Form):
    page = forms.CharField(max_length=300)
    helpful = forms.TypedChoiceField(choices=[("yes", "yes"), ("no", "no")], coerce=lambda v: v == "yes")
    comment = forms.CharField(max_length=MAX_COMMENT, required=False, label=_("Comment (optional)"))
    website = forms.CharField(required=False)  # the honeypot: hidden from people


def _owner_of(path: str):
    """The party a portal page belongs to, or None when the address is not a portal page."""
    language = get_language_from_path(path)
    if language is None:
        return None
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return None
    if match.namespace != "portal" or match.url_name == "feedback":
        return None
    kwargs = match.kwargs
    if match.url_name == "municipality":
        party = reads.partner_parties().filter(slug=kwargs.get("slug")).first()
        return party
    if match.url_name == "service":
        service = reads.services().filter(pk=kwargs.get("pk")).select_related("party").first()
        return service.party if service else None
    if match.url_name == "event_detail":
        event = reads.events().filter(pk=kwargs.get("pk")).first()
        return event.party if event else None
    return reads.implementer()


def _address_key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return "loim:portal-feedback:" + hashlib.blake2b(address.encode(), digest_size=16).hexdigest()


def _over_limit(request) -> bool:
    key = _address_key(request)
    if cache.add(key, 1, RATE_WINDOW):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, RATE_WINDOW)
        return False
    return count > RATE_LIMIT


@csrf_exempt
@public
def give(request):
    if request.method != "POST":
        return HttpResponseRedirect(f"/{get_language()}/")
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        errors = [
            f"{form.fields[name].label or name}: {' '.join(str(m) for m in messages)}"
            for name, messages in form.errors.items()
        ]
        return page(request, "portal/feedback_refused.html", {"errors": errors}, status=400)
    data = form.cleaned_data
    target = urlsplit(data["page"]).path
    party = _owner_of(target)
    if party is None:
        return page(request, "portal/feedback_refused.html", {"errors": [_("The page was not found.")]}, status=400)
    back = f"{target}?feedback=thanks#feedback"
    if data["website"]:  # a bot filled the hidden field: thanked, nothing stored
        return HttpResponseRedirect(back)
    if _over_limit(request):
        return page(request, "portal/feedback_refused.html", {"too_many": True}, status=429)
    language = get_language_from_path(target) or get_language()
    PageFeedback(
        party=party, path=target, language=language, helpful=data["helpful"], comment=data["comment"].strip()
    ).save()
    return HttpResponseRedirect(back)


@policy("record_work")
def staff_list(request):
    """The answers to 'Is this page helpful?' about the pages of the user's parties."""
    answers = PageFeedback.objects.visible_to(request.user).select_related("party")
    parties = list(editable_parties(request.user))
    helpful = answers.filter(helpful=True).count()
    total = answers.count()
    listing = Paginator(answers, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/staff_feedback.html",
        {"page": listing, "parties": parties, "helpful": helpful, "total": total},
    )
