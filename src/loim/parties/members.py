"""A party's member pages: its administrators (and ELVL's, for any party) list, invite, re-role and
end memberships without the Django admin. The page gate is `manage_members` for the party (a user who
may not manage this party's members gets 404, as for a missing party); writes go through services
and are audited with the models."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loim.core.permissions import policy, require
from loim.core.tenancy import get_visible_or_404

from .forms import EndForm, InviteForm, RoleForm, put_errors
from .models import Membership, Party
from .services import membership_change, membership_end, membership_invite


def _party(request, slug) -> Party:
    party = get_visible_or_404(Party, request.user, slug=slug)
    require(request.user, "manage_members", party)
    return party


def _membership(request, party, pk) -> Membership:
    return get_visible_or_404(Membership.objects.filter(party=party).select_related("user"), request.user, pk=pk)


@policy("manage_members")
def member_list(request, slug):
    party = _party(request, slug)
    memberships = Membership.objects.visible_to(request.user).filter(party=party).select_related("user")
    active = set(Membership.objects.active().filter(party=party).values_list("pk", flat=True))
    rows = sorted(memberships, key=lambda m: (m.pk not in active, m.role, m.user.email))
    for m in rows:
        m.is_active = m.pk in active  # for the template
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = membership_invite(party=party, base_url=request.build_absolute_uri("/"), **form.cleaned_data)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": membership.user.email})
            return redirect("parties:members", slug=party.slug)
    return render(request, "parties/member_list.html", {"party": party, "rows": rows, "form": form})


@policy("manage_members")
def member_edit(request, slug, pk):
    party = _party(request, slug)
    membership = _membership(request, party, pk)
    initial = {"role": membership.role, "register_access": membership.register_access}
    form = RoleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            membership_change(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The role of %(user)s was changed.") % {"user": membership.user})
            return redirect("parties:members", slug=party.slug)
    return render(
        request,
        "parties/member_form.html",
        {"party": party, "membership": membership, "form": form, "end_form": EndForm()},
        status=400 if form.errors else 200,
    )


@require_POST
@policy("manage_members")
def member_end(request, slug, pk):
    party = _party(request, slug)
    membership = _membership(request, party, pk)
    try:
        membership_end(membership=membership)
    except ValidationError as error:
        form = RoleForm(initial={"role": membership.role, "register_access": membership.register_access})
        end_form = EndForm(data={})
        end_form.is_valid()
        put_errors(end_form, error)
        return render(
            request,
            "parties/member_form.html",
            {"party": party, "membership": membership, "form": form, "end_form": end_form},
            status=400,
        )
    messages.success(request, _("The membership of %(user)s has ended.") % {"user": membership.user})
    return redirect("parties:members", slug=party.slug)
