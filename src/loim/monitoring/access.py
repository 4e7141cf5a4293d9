"""Who is looking: the user (through core.tenancy) and, optionally, the one party they narrowed to.

Every figure monitoring computes is counted over `Viewer.scope(Model)`, which is
`Model.objects.visible_to(user)`: a partner's dashboard counts its own records, ELVL's and the
ministry's count everyone's. Narrowing to one party (`?party=tartu`) is a choice of relevance made
after tenancy has scoped the records, never an access rule. Commands and background tasks run as
the system (`Viewer.system()`), which reads like ELVL: every party's non-personal records.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from loim.core.tenancy import Access, aggregatable_party_ids
from loim.parties.models import Party, PartyKind


class SystemReader:
    """The principal of commands and background tasks with no person behind them (`loim report`,
    `loim check-obligations`, the weekly digest): it reads like an ELVL member, so everything it
    produces goes through the same tenancy querysets as the pages. It never sees personal data."""

    is_authenticated = True
    is_active = True
    pk = None
    email = ""

    def __init__(self):
        implementer = frozenset(Party.objects.filter(kind=PartyKind.IMPLEMENTER).values_list("pk", flat=True))
        self._loim_access = Access(member_of=implementer or frozenset({0}), read_all=True)

    def __str__(self) -> str:
        return "Lõim"


@dataclass(frozen=True)
class Viewer:
    user: object
    party: Party | None = None
    #: events left out of every count, as if deleted: "what would the figures be without them"
    #: (the event delete page's warning); their participations and counts go with them
    without_events: frozenset[int] = frozenset()

    @classmethod
    def system(cls, party: Party | None = None) -> Viewer:
        return cls(user=SystemReader(), party=party)

    def scope(self, model_or_queryset) -> models.QuerySet:
        """The records of the model this viewer may count, narrowed to the chosen party."""
        if isinstance(model_or_queryset, models.QuerySet):
            queryset, model = model_or_queryset, model_or_queryset.model
        else:
            model = model_or_queryset
            queryset = model._default_manager.all()
        queryset = queryset.visible_to(self.user)
        if self.party is not None:
            queryset = queryset.filter(**{model.tenancy_party_path: self.party})
        if self.without_events:
            if model._meta.label_lower == "events.event":
                queryset = queryset.exclude(pk__in=self.without_events)
            elif _event_field(model):
                queryset = queryset.exclude(event_id__in=self.without_events)
        return queryset

    def counted(self, model) -> models.QuerySet:
        """Records of a PARTY_ONLY model (inquiries) this viewer may COUNT, never list: every
        party's for ELVL, the ministry and the system. Only aggregates of it, through
        `core.disclosure`, may leave this module's callers."""
        queryset = model._default_manager.aggregatable_by(self.user)
        if self.party is not None:
            queryset = queryset.filter(**{model.tenancy_party_path: self.party})
        return queryset

    def counted_party_ids(self) -> frozenset[int] | None:
        """The parties whose records these figures count; None: every party (the programme)."""
        if self.party is not None:
            return frozenset({self.party.pk})
        return aggregatable_party_ids(self.user)

    def own_municipality_participations(self, municipality_ids) -> models.QuerySet:
        """Participations of the viewer's OWN municipalities in anyone's events, to COUNT only: how
        often Tartu took part in ELVL's info days ("ELVL's indicator; your municipality took part
        3 times"). The rows are other parties' records, but what is counted is the viewer's own
        municipality's attendance, never who else attended or what; callers return counts only,
        grouped no finer than the plan year, and the municipalities are those of the parties
        `counted_party_ids` gives (tenancy's own answer)."""
        from loim.events.models import Participation

        return Participation.objects.filter(municipality_id__in=sorted(municipality_ids))

    @property
    def sees_everyone(self) -> bool:
        """Whether the figures span every party (ELVL, the ministry, the system) without narrowing."""
        return self.party is None and aggregatable_party_ids(self.user) is None

    def parties(self) -> models.QuerySet:
        """The parties whose records these figures count."""
        if self.party is not None:
            return Party.objects.filter(pk=self.party.pk)
        return monitored_parties(self.user)


def _event_field(model) -> bool:
    """Whether the model's rows belong to an event (`event` foreign key: participations, counts)."""
    field = next((f for f in model._meta.concrete_fields if f.name == "event"), None)
    return field is not None and field.related_model._meta.label_lower == "events.event"


def monitored_parties(user) -> models.QuerySet:
    """Parties whose records the user may count: every party for ELVL and the ministry, the user's
    own parties for a partner. The choices of every party filter in monitoring."""
    party_ids = aggregatable_party_ids(user)
    parties = Party.objects.order_by("kind", "name")
    return parties if party_ids is None else parties.filter(pk__in=party_ids)


def viewer_for(user, party_slug: str | None = None) -> Viewer:
    """The viewer for a request; a party the user may not see answers 404, like a missing one."""
    if not party_slug:
        return Viewer(user=user)
    party = monitored_parties(user).filter(slug=party_slug).first()
    if party is None:
        raise Http404(_("No such party."))
    return Viewer(user=user, party=party)
