"""A call without a valid token answers 401 with a `WWW-Authenticate: Token` challenge, on every
endpoint of the router (issue 18 §5: they answered 403, which tells a client to stop, not to sign in).
A signed-in caller whose role may not do an action still gets 403."""

import pytest
from django.urls import NoReverseMatch, reverse
from rest_framework.authtoken.models import Token

from loim.api.urls import router
from tests.api.test_bad_input import list_urls


def detail_urls() -> list[tuple[str, str]]:
    urls = []
    for _prefix, _viewset, basename in router.registry:
        try:
            urls.append((basename, reverse(f"v1:{basename}-detail", args=["1"])))
        except NoReverseMatch:  # figures without a detail route
            continue
    return urls


@pytest.mark.django_db
def test_every_endpoint_asks_an_anonymous_caller_to_sign_in(client, programme):
    urls = list_urls() + detail_urls()
    assert len(list_urls()) == len(router.registry)  # every viewset is walked
    for basename, url in urls:
        response = client.get(url, {"format": "json"})
        assert response.status_code == 401, (basename, response.status_code)
        assert response["WWW-Authenticate"] == "Token", basename
        assert "detail" in response.json()


@pytest.mark.django_db
def test_a_wrong_token_is_401_and_a_right_one_reads(client, member):
    user = member("tartu", "coordinator")
    token = Token.objects.create(user=user)
    url = reverse("v1:party-list")
    wrong = client.get(url, HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert wrong.status_code == 401
    right = client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert right.status_code == 200


@pytest.mark.django_db
def test_an_unknown_api_address_answers_json_not_a_page(client, member):
    client.force_login(member("tartu", "coordinator"))
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]
