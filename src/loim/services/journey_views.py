"""Pages of the adaptation journeys (issue 13): the list (by municipality), a journey with its stages
in order, create and edit (stale edits refused), add, edit, move (a POST per button, no JavaScript)
and remove a stage, and translate the journey with its stages into one language.

Who reads what: every member reads the journeys (`Journey.tenancy_scope = SHARED`, the ministry too);
the owning party's admins and coordinators change and translate them (`manage_journeys`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from loim.core import translations
from loim.core.permissions import permits, policy
from loim.core.tenancy import get_editable_or_404, get_visible_or_404
from loim.core.translations.pages import TranslatePage
from loim.core.versioning import StaleVersion
from loim.places.models import Municipality

from .journey_forms import (
    JourneyForm,
    JourneyTranslationForm,
    StageForm,
    journey_initial,
    stage_initial,
    translation_texts,
)
from .journey_models import Journey, JourneyStage
from .journey_selectors import journeys_for, stages_of
from .journeys import (
    journey_create,
    journey_translation_save,
    journey_update,
    stage_add,
    stage_move,
    stage_remove,
    stage_update,
)
from .views import put_errors

_status_cells = translations.status_cells


@policy("read_journeys")
def journey_list(request):
    chosen = request.GET.get("municipality", "")
    municipality = Municipality.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    journeys = journeys_for(request.user, municipality=municipality)
    rows = [{"journey": j, "statuses": _status_cells(j)} for j in journeys]
    used = Journey.objects.visible_to(request.user).exclude(municipality=None).values("municipality")
    return render(
        request,
        "services/journey_list.html",
        {
            "rows": rows,
            "chosen": chosen,
            "municipalities": Municipality.objects.filter(pk__in=used).order_by("name").only("pk", "name"),
            "may_create": permits(request.user, "manage_journeys"),
        },
    )


@policy("read_journeys")
def journey_detail(request, pk):
    journey = get_visible_or_404(
        Journey.objects.select_related("party", "municipality").prefetch_related("translations"), request.user, pk=pk
    )
    stages = stages_of(journey)
    return render(
        request,
        "services/journey_detail.html",
        {
            "journey": journey,
            "stages": stages,
            "statuses": _status_cells(journey),
            "may_edit": permits(request.user, "manage_journeys", journey),
        },
    )


def _form_page(request, form, *, title, journey=None):
    return render(
        request,
        "services/journey_form.html",
        {"form": form, "title": title, "journey": journey},
        status=409 if getattr(form, "conflict", None) else 400 if form.errors else 200,
    )


@policy("manage_journeys")
def journey_create_view(request):
    form = JourneyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            journey = journey_create(party=form.cleaned_data["party"], data=form.to_input(), user=request.user)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The journey “%s” was saved. Now add its stages.") % journey.title)
            return redirect("services:journey_detail", pk=journey.pk)
    return _form_page(request, form, title=_("Add a journey"))


@policy("manage_journeys")
def journey_edit_view(request, pk):
    journey = get_editable_or_404(Journey.objects.select_related("party"), request.user, pk=pk)
    form = JourneyForm(request.POST or None, user=request.user, journey=journey, initial=journey_initial(journey))
    if request.method == "POST" and form.is_valid():
        try:
            journey_update(
                journey=journey, data=form.to_input(), user=request.user, expected_version=form.expected_version
            )
        except StaleVersion as stale:
            form.refuse_stale(stale, journey_initial(stale.current) if stale.current is not None else None)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The journey “%s” was saved.") % journey.title)
            return redirect("services:journey_detail", pk=journey.pk)
    return _form_page(request, form, title=_("Edit the journey"), journey=journey)


def _stage_page(request, form, *, journey, stage=None):
    return render(
        request,
        "services/journey_stage_form.html",
        {
            "form": form,
            "journey": journey,
            "stage": stage,
            "title": _("Edit the stage") if stage is not None else _("Add a stage"),
        },
        status=409 if form.conflict else 400 if form.errors else 200,
    )


@policy("manage_journeys")
def stage_create_view(request, pk):
    journey = get_editable_or_404(Journey.objects.select_related("party"), request.user, pk=pk)
    form = StageForm(request.POST or None, user=request.user, journey=journey)
    if request.method == "POST" and form.is_valid():
        try:
            stage = stage_add(
                journey=journey, data=form.to_input(), user=request.user, expected_version=form.expected_version
            )
        except StaleVersion as stale:
            form.refuse_stale(stale, {})
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The stage “%s” was added.") % stage.title)
            return redirect("services:journey_detail", pk=journey.pk)
    return _stage_page(request, form, journey=journey)


def _editable_stage(request, pk) -> JourneyStage:
    return get_editable_or_404(JourneyStage.objects.select_related("journey", "journey__party"), request.user, pk=pk)


@policy("manage_journeys")
def stage_edit_view(request, pk):
    stage = _editable_stage(request, pk)
    journey = stage.journey
    form = StageForm(request.POST or None, user=request.user, journey=journey, initial=stage_initial(stage))
    if request.method == "POST" and form.is_valid():
        try:
            stage_update(stage=stage, data=form.to_input(), user=request.user, expected_version=form.expected_version)
        except StaleVersion as stale:
            current = JourneyStage.objects.filter(pk=stage.pk).first()
            form.refuse_stale(stale, stage_initial(current) if current is not None else {})
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The stage “%s” was saved.") % stage.title)
            return redirect("services:journey_detail", pk=journey.pk)
    return _stage_page(request, form, journey=journey, stage=stage)


def _posted_version(request) -> int:
    version = request.POST.get("version", "")
    return int(version) if version.isdigit() else 0


@policy("manage_journeys")
def stage_move_view(request, pk):
    stage = _editable_stage(request, pk)
    if request.method != "POST":
        return redirect("services:journey_detail", pk=stage.journey_id)
    direction = request.POST.get("direction", "")
    try:
        stage_move(stage=stage, direction=direction, expected_version=_posted_version(request))
    except StaleVersion:
        messages.error(request, _("The journey changed after you opened the page: nothing was moved. Look again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The stage “%(title)s” is now stage %(number)d.") % {"title": stage.title, "number": stage.position},
        )
    return redirect(f"{_detail_url(stage.journey_id)}#stage-{stage.pk}")


def _detail_url(pk: int) -> str:
    return reverse("services:journey_detail", kwargs={"pk": pk})


@policy("manage_journeys")
def stage_remove_view(request, pk):
    stage = _editable_stage(request, pk)
    journey = stage.journey
    if request.method == "POST":
        try:
            stage_remove(stage=stage, expected_version=_posted_version(request))
        except StaleVersion:
            messages.error(
                request, _("The journey changed after you opened the page: nothing was removed. Look again.")
            )
        else:
            messages.success(request, _("The stage “%s” was removed.") % stage.title)
        return redirect("services:journey_detail", pk=journey.pk)
    return render(request, "services/journey_stage_remove.html", {"stage": stage, "journey": journey})


class JourneyTranslatePage(TranslatePage):
    """A journey's translate page (`services:journey_translate`): its own texts and its stages' in one
    form, the stages as they are now (a stage added while translating comes in with the new text)."""

    permission = "manage_journeys"
    template = "services/journey_translation_form.html"
    source_name = "journey"

    def get_source(self, request, **kwargs):
        return get_editable_or_404(Journey, request.user, pk=kwargs["pk"])

    def _stages(self, journey) -> list[JourneyStage]:
        return list(journey.stages.order_by("position", "pk"))

    def make_form(self, data, *, source, language, translation, initial):
        return JourneyTranslationForm(
            data, language=language, stages=self._stages(source), translation=translation, initial=initial
        )

    def texts_of(self, translation, source):
        return translation_texts(translation, self._stages(source))

    def save(self, *, source, language, form, user, **flags):
        return journey_translation_save(journey=source, language=language, text=form.to_input(), user=user, **flags)

    def source_rows(self, form, source):
        rows = [(form["title"].label, source.title), (form["intro"].label, source.intro)]
        for stage in form.stages:
            rows.append((form[f"stage_{stage.pk}_title"].label, stage.title))
            rows.append((form[f"stage_{stage.pk}_text"].label, stage.text))
        return rows

    def saved_message(self, source, language_label):
        return _("The %(language)s translation of “%(title)s” was saved.") % {
            "language": language_label,
            "title": source.title,
        }

    def done_url(self, source):
        return _detail_url(source.pk)


journey_translate_view = JourneyTranslatePage().as_view()


urlpatterns = [
    path("journeys/", journey_list, name="journey_list"),
    path("journeys/new/", journey_create_view, name="journey_create"),
    path("journeys/<int:pk>/", journey_detail, name="journey_detail"),
    path("journeys/<int:pk>/edit/", journey_edit_view, name="journey_edit"),
    path("journeys/<int:pk>/stages/new/", stage_create_view, name="journey_stage_create"),
    path("journeys/<int:pk>/translate/<str:language>/", journey_translate_view, name="journey_translate"),
    path("journeys/stages/<int:pk>/edit/", stage_edit_view, name="journey_stage_edit"),
    path("journeys/stages/<int:pk>/move/", stage_move_view, name="journey_stage_move"),
    path("journeys/stages/<int:pk>/remove/", stage_remove_view, name="journey_stage_remove"),
]
