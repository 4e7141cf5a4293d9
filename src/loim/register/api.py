"""The register's API: de-identified counts only. Personal records are not offered through the API:
every read of them must be logged with a reason chosen by a person, which the pages do.

GET /api/v1/register/counts/?party=<slug>&county=<id> — the same table as the counts page, built by
the same function (register.statistics.count_table), so suppression is applied in one place."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from loim.api.base import ApiPolicy, TenantAggregateViewSet
from loim.core.permissions import permits

from .statistics import count_table
from .views.oversight import resolve_counts


class CountsViewSet(TenantAggregateViewSet):
    """Counts of the target group by area of residence and category; small cells suppressed."""

    policy = ApiPolicy(read="read_aggregates")

    @extend_schema(
        parameters=[
            OpenApiParameter("party", OpenApiTypes.STR, description="A party's code; default: all you may count."),
            OpenApiParameter("county", OpenApiTypes.INT, description="A county's id; rows become its municipalities."),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def list(self, request):
        parties, county, _allowed = resolve_counts(request.user, request.query_params)  # Http404 → 404
        table = count_table(user=request.user, parties=parties, county=county)
        return Response(
            {
                "party": parties[0].slug if parties else None,
                "county": county.pk if county else None,
                "national": permits(request.user, "read_all_aggregates") and not parties,
                **table.as_dict(),
            }
        )


def register(router) -> None:
    router.register("register/counts", CountsViewSet, basename="register-counts")
