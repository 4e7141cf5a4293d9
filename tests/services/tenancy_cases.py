"""Cross-tenant cases of the services app: the catalogue's (and, beside it, the rollout's) own lists."""

from tests.services.tenancy_catalogue import CASES as CATALOGUE_CASES

CASES = CATALOGUE_CASES
