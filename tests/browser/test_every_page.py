"""A person's walk through the whole demo: starting from the home page, follow every link a user
sees (one or two of each kind of page), and check that each page answers without an error and has no
serious accessibility violation. Catches pages that no feature's own test visits."""

import io
import re
from urllib.parse import urldefrag, urlparse

import pytest

from loim.parties.demo import DEMO_ACCOUNTS
from tests.browser.conftest import assert_accessible

# Files, feeds, API, admin and actions that change state are not pages to look at.
SKIP = re.compile(
    r"logout|/admin/|/api/|/media/|/static/|export|download|\.csv|\.xlsx|\.pdf|\.ics|\.json|\.yaml|/feed"
    r"|/attachments/\d+/|/accounts/|/i18n/|/jsi18n/|\.vcf"
)
PER_SHAPE = 2
PHONE = {"width": 360, "height": 780}
LIMIT = 140
# Where the walk starts: the home page, and the pages reached by a form rather than a link (the search
# box in the header), with a query that finds demo records of every kind the user may read.
STARTS = ["/", "/search/?q=kohanemisprogramm"]


def shape(path: str) -> str:
    """Pages of one kind: ids and query values folded, so the walk sees each kind a couple of times."""
    url = urlparse(path)
    return re.sub(r"\d+", "N", url.path) + (
        "?" + "&".join(sorted(k.split("=")[0] for k in url.query.split("&"))) if url.query else ""
    )


@pytest.fixture
def demo(settings, programme, transactional_db):
    settings.DEMO_MODE = True
    from django.apps import apps

    from loim.core.demo import seed_all

    for config in apps.get_app_configs():  # what `loim setup` loads: the shipped 2024 plan
        if hasattr(config, "setup_hook"):
            config.setup_hook(io.StringIO())
    seed_all(io.StringIO())


# A page fits a phone's width: the document never scrolls sideways (scrollWidth <= innerWidth); only a
# table in its own scroll box (`.table-scroll`) may be wider. When it does, the widest culprits are named.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= window.innerWidth) return [];
  const scrolls = el => { for (let a = el.parentElement; a; a = a.parentElement) {
    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true; } return false; };
  const culprits = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !scrolls(el))
    .slice(-3)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className
      ? '.' + el.className : '') + ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
  return culprits.length ? culprits : ['document ' + document.documentElement.scrollWidth + 'px'];
}"""


def walk(page, limit=LIMIT, narrow=False):
    seen, shapes, queue, visited = set(), {}, list(STARTS), []
    too_wide = []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        kind = shape(path)
        if shapes.get(kind, 0) >= PER_SHAPE:
            continue
        shapes[kind] = shapes.get(kind, 0) + 1
        response = page.goto(path)
        assert response is not None and response.status < 400, f"{path} answered {response and response.status}"
        assert_accessible(page)
        if narrow:
            wide = page.evaluate(OVERFLOW)
            if wide:
                too_wide.append(f"{path}: {wide}")
        visited.append(path)
        for href in page.eval_on_selector_all(
            "main a[href], nav a[href]", "els => els.map(e => e.getAttribute('href'))"
        ):
            href = urldefrag(href)[0]
            if href.startswith("/") and not href.startswith("//") and not SKIP.search(href) and href not in seen:
                queue.append(href)
    assert not too_wide, f"wider than a {PHONE['width']} px phone:\n" + "\n".join(too_wide)
    return visited


@pytest.mark.parametrize("email", ["noustaja@elvl.demo", "koordinaator@saaremaa.demo", "ametnik@ministeerium.demo"])
def test_every_page_a_user_reaches_works_and_is_accessible(demo, page, signed_in, email):
    from django.contrib.auth import get_user_model

    assert email in {account[0] for account in DEMO_ACCOUNTS}
    signed_in(get_user_model().objects.get(email=email))
    # Everyone on a small phone, 360 px wide (the narrowest common width; 390 px fits if this does):
    # ELVL's and the ministry's pages (the report, the matrix) are the widest, and a partner's walk never
    # reaches them. One browser page for the whole walk keeps it bounded in time.
    page.set_viewport_size(PHONE)
    visited = walk(page, narrow=True)
    assert len(visited) > 25, visited  # the walk really went through the application
