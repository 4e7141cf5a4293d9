"""A person signs in (with the second factor for administrators), switches language and signs out."""

import re

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def current_code(secret=SECRET):
    import time

    from allauth.mfa import app_settings

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def test_coordinator_signs_in_switches_language_and_signs_out(page, member):
    user = member("tartu", "coordinator")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "et"
    assert page.get_by_role("heading", level=1).inner_text() == "Logi Lõime sisse"
    assert_accessible(page)
    page.get_by_label("E-post").fill(user.email)
    page.get_by_label("Salasõna").fill(PASSWORD)
    page.get_by_role("button", name="Logi sisse").click()
    page.wait_for_url(re.compile(r"/$"))
    assert "Tartu Linnavalitsus" in page.get_by_role("main").inner_text()
    assert "koordinaator" in page.get_by_role("main").inner_text()
    assert_accessible(page)

    page.get_by_label("Keel").select_option("en")
    page.get_by_role("button", name="Muuda").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Your parties and roles" in page.get_by_role("main").inner_text()
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/accounts/"))
    if page.get_by_role("button", name=re.compile("Sign out|Log out", re.I)).count():
        page.get_by_role("button", name=re.compile("Sign out|Log out", re.I)).first.click()
    page.goto("/")
    assert "/accounts/login/" in page.url


def test_administrator_needs_the_second_factor(page, member):
    admin = member("elvl", "admin")  # with a TOTP authenticator on SECRET
    page.goto("/accounts/login/")
    page.get_by_label("E-post").fill(admin.email)
    page.get_by_label("Salasõna").fill(PASSWORD)
    page.get_by_role("button", name="Logi sisse").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_accessible(page)
    page.get_by_label(re.compile("Kood|Code", re.I)).fill("000000" if current_code() != "000000" else "111111")
    page.get_by_role("button", name=re.compile("Logi sisse|Sign in", re.I)).click()
    assert "/accounts/2fa/authenticate/" in page.url
    page.get_by_label(re.compile("Kood|Code", re.I)).fill(current_code())
    page.get_by_role("button", name=re.compile("Logi sisse|Sign in", re.I)).click()
    page.wait_for_url(re.compile(r"/$"))
    assert "Eesti Linnade ja Valdade Liit" in page.get_by_role("main").inner_text()


def test_administrator_without_second_factor_must_set_it_up_first(page, member):
    admin = member("elvl", "admin", second_factor=False)
    page.goto("/accounts/login/")
    page.get_by_label("E-post").fill(admin.email)
    page.get_by_label("Salasõna").fill(PASSWORD)
    page.get_by_role("button", name="Logi sisse").click()
    # allauth asks for the password again before a second factor can be added
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    assert_accessible(page)
    page.get_by_label("Salasõna").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Kinnita|Confirm", re.I)).click()
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    assert_accessible(page)
    page.goto("/parties/")  # any page is refused until the second factor exists
    assert "/accounts/" in page.url
    page.goto("/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label(re.compile("Autentimiskood|Authenticator code", re.I)).fill(current_code(secret))
    page.get_by_role("button", name=re.compile("Seadista|Activate", re.I)).click()
    page.wait_for_load_state()
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists()
    page.goto("/parties/")
    assert page.url.endswith("/parties/")
