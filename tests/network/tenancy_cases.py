"""Cross-tenant cases of the network app: the directory's, the networks' and the documents' own
lists, so the parts of issue 12 can be built side by side."""

from tests.network.tenancy_directory import CASES as DIRECTORY_CASES
from tests.network.tenancy_documents import CASES as DOCUMENT_CASES
from tests.network.tenancy_networks import CASES as NETWORK_CASES

CASES = DIRECTORY_CASES + NETWORK_CASES + DOCUMENT_CASES
