"""Rate limits (issue 18 §5): the API per address before authentication and per signed-in user, and
the sign-in page per address. Each test sets its own small rate and its own client address, so the
counts of other tests do not matter."""

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token


@pytest.mark.django_db
@override_settings(API_RATE_PER_ADDRESS="3/minute")
def test_an_address_gets_429_after_its_rate_even_with_wrong_tokens(client, programme):
    url = reverse("v1:party-list")
    answers = [
        client.get(url, HTTP_AUTHORIZATION="Token " + "1" * 40, REMOTE_ADDR="192.0.2.10").status_code for _ in range(4)
    ]
    assert answers == [401, 401, 401, 429]
    other_address = client.get(url, HTTP_AUTHORIZATION="Token " + "1" * 40, REMOTE_ADDR="192.0.2.11")
    assert other_address.status_code == 401  # the limit is per address


@pytest.mark.django_db
@override_settings(API_RATE_PER_USER="2/minute")
def test_a_token_gets_429_with_retry_after_after_its_rate(client, member):
    token = Token.objects.create(user=member("tartu", "coordinator"))
    other = Token.objects.create(user=member("parnu", "coordinator"))
    url = reverse("v1:party-list")
    answers = [client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}").status_code for _ in range(2)]
    refused = client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert answers == [200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {other.key}").status_code == 200  # per user


@pytest.mark.django_db
def test_sign_in_is_limited_per_address(client, programme):
    """allauth's limit of 30 sign-in attempts a minute per address, whatever the account (django-axes
    locks one account at one address after 6 failures; these are 31 different accounts)."""
    url = reverse("account_login")
    answers = [
        client.post(
            url, {"login": f"nobody{n}@example.org", "password": "wrong-password"}, REMOTE_ADDR="192.0.2.20"
        ).status_code
        for n in range(31)
    ]
    assert answers[:30] == [200] * 30  # the form again, with its error
    assert answers[30] == 429
