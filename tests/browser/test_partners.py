"""ELVL onboards Narva as a partner municipality with its first user, who sets a password through
the invitation link and signs in."""

import re

from django.core import mail

from loim.parties.models import CoordinatorPosition, Membership, Party
from tests.browser.conftest import assert_accessible

NEW_PASSWORD = "Narva-koordinaator-2025!"


def test_elvl_onboards_narva_and_its_first_user_sets_a_password_and_signs_in(page, signed_in, member):
    signed_in(member("elvl", "admin"))
    page.goto("/parties/")
    page.get_by_role("link", name="Liida partneromavalitsus").click()
    page.wait_for_url(re.compile(r"/parties/onboard/$"))
    assert_accessible(page)
    page.get_by_label("Omavalitsus").select_option(label="Narva linn")
    page.locator("#id_name").fill("Narva Linnavalitsus")
    page.get_by_label("Lühinimi").fill("Narva LV")
    page.get_by_label("Kood").fill("narva")
    page.get_by_label("Lepingu number").fill("ELVL-PL-2025-narva")
    page.get_by_label("Sõlmitud").fill("2025-01-15")
    page.get_by_label("Kehtivuse algus").fill("2025-02-01")
    page.get_by_label("Kehtivuse lõpp").fill("2027-12-31")
    first = page.get_by_role("group", name="Koordinaatori ametikoht 1")
    first.get_by_label("Ametinimetus").fill("Lõimumise koordinaator")
    first.get_by_label("Kavandatud algus").fill("2025-03-01")
    first.get_by_label("Tegelik algus").fill("2025-04-14")
    user = page.get_by_role("group", name="Esimene kasutaja")
    user.get_by_label("Esimese kasutaja e-post").fill("olga.ivanova@narva.ee")
    user.get_by_label("Esimese kasutaja nimi").fill("Olga Ivanova")
    user.get_by_label("Esimese kasutaja roll").select_option("coordinator")
    page.get_by_role("button", name="Liida partner").click()
    page.wait_for_url(re.compile(r"/parties/narva/$"))
    assert "Narva Linnavalitsus" in page.get_by_role("heading", level=1).inner_text()
    assert "Lõimumise koordinaator" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    narva = Party.objects.get(slug="narva")
    assert CoordinatorPosition.objects.filter(party=narva).count() == 1
    assert Membership.objects.get(party=narva).user.email == "olga.ivanova@narva.ee"

    # the invitation, read from the live server's locmem outbox (the server runs in this process)
    assert [m.to for m in mail.outbox] == [["olga.ivanova@narva.ee"]]
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    assert_accessible(page)
    page.locator("input[name=password1]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").press("Enter")  # submits the password form (not the header's)
    page.wait_for_url(re.compile(r"/accounts/password/reset/key/done/$"))

    page.goto("/accounts/login/")
    page.get_by_label("E-post").fill("olga.ivanova@narva.ee")
    page.get_by_label("Salasõna").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Logi sisse").click()
    page.wait_for_url(re.compile(r"/$"))
    assert "Narva Linnavalitsus" in page.get_by_role("main").inner_text()
    assert_accessible(page)
