"""Signing in, throttling, CSRF, password reset and sessions, through Django's test client."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

LOGIN = "/accounts/login/"


def login(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def test_login_page_is_estonian_by_default_and_english_on_request(client, db):
    page = client.get(LOGIN)
    assert page.status_code == 200
    assert '<html lang="et">' in page.content.decode()
    assert "Logi Lõime sisse" in page.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Sign in to Lõim" in client.get(LOGIN).content.decode()


def test_demo_password_signs_in_and_home_shows_party_and_role(client, member):
    user = member("tartu", "coordinator")
    response = login(client, user.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/").content.decode()
    assert "Tartu Linnavalitsus" in home and "koordinaator" in home


@pytest.mark.parametrize("email", ["nobody@example.test", None])
def test_wrong_password_or_unknown_account_gets_the_same_clear_message(client, member, email):
    user = member("tartu", "coordinator")
    response = login(client, email or user.email, "wrong-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Sisestatud e-posti aadress või salasõna ei ole õige." in response.content.decode()


def test_sixth_wrong_password_in_a_row_is_throttled_then_even_the_right_one(client, member):
    user = member("tartu", "coordinator")
    for _ in range(5):
        assert login(client, user.email, "wrong-password").status_code == 200
    sixth = login(client, user.email, "wrong-password")
    assert sixth.status_code == 429
    assert "lukustatud" in sixth.content.decode()
    assert login(client, user.email, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_throttling_is_per_account(client, member):
    victim, other = member("tartu", "coordinator"), member("parnu", "coordinator")
    for _ in range(6):
        login(client, victim.email, "wrong-password")
    assert login(client, other.email, PASSWORD).status_code == 302


def test_post_without_csrf_token_is_refused_with_a_clear_page_and_changes_nothing(member):
    from django.test import Client

    user = member("tartu", "coordinator")
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "Vorm on aegunud" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("value", ["x" * 400 + "@example.test", "not-an-address", "ä@" + "b" * 300])
def test_over_long_or_malformed_login_is_a_form_error_not_a_500(client, db, value):
    response = login(client, value, PASSWORD)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()


def test_password_reset_by_email(client, member):
    user = member("tartu", "coordinator")
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "a-new-long-passphrase-2024"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == 302
    client.logout()
    assert login(client, user.email, new_password).status_code == 302


def test_sessions_expire_after_a_working_day_and_with_the_browser(client, member):
    user = member("tartu", "coordinator")
    login(client, user.email, PASSWORD)
    assert client.session.get_expiry_age() == 8 * 60 * 60
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""
    assert client.cookies[settings.SESSION_COOKIE_NAME]["httponly"]


def test_production_hashes_passwords_with_argon2():
    import importlib

    production = importlib.import_module("loim.config.settings")
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_signup_is_closed(client, db):
    response = client.post(reverse("account_signup"), {"email": "new@example.test", "password1": "x" * 20})
    assert "_auth_user_id" not in client.session
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="new@example.test").exists()
    assert response.status_code in (200, 302)


def test_pages_need_sign_in(client, db):
    for url in ["/", "/parties/", "/audit/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_csp_forbids_inline_scripts_and_styles(client, db):
    policy = client.get(LOGIN)["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
