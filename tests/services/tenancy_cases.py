"""Cross-tenant cases of the services app: each part of issue 13 keeps its own list."""

from tests.services.tenancy_catalogue import CASES as CATALOGUE_CASES
from tests.services.tenancy_journeys import CASES as JOURNEY_CASES
from tests.services.tenancy_rollout import CASES as ROLLOUT_CASES

CASES = [*CATALOGUE_CASES, *JOURNEY_CASES, *ROLLOUT_CASES]
