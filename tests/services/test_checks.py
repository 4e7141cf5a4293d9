"""`loim check-services` (issue 13): broken links, found against a local HTTP server started here, and
services not checked for a year.

Hand-worked: the server answers /ok 200, /moved 301 → /ok, /gone 404, /head-refused 405 on HEAD and
200 on GET, /error 500. Tartu's "Bussikaart" links /ok, /moved and /gone; Pärnu's "Keeleklubi" links
/gone (asked once), /head-refused, /error and a port nothing listens on. Broken: Bussikaart /gone;
Keeleklubi /gone, /error and the closed port: 4. "Keeleklubi" was last checked 366 days ago (due),
"Bussikaart" 365 days ago (not yet due).
"""

import datetime as dt
import io
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone

from loim.services.models import Service
from tests.services.helpers import make_service

REQUESTS: list[tuple[str, str]] = []


class Handler(BaseHTTPRequestHandler):
    def answer(self, method):
        REQUESTS.append((method, self.path))
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/gone":
            self.send_response(404)
        elif self.path == "/error":
            self.send_response(500)
        elif self.path == "/head-refused" and method == "HEAD":
            self.send_response(405)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.answer("HEAD")

    def do_GET(self):
        self.answer("GET")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    REQUESTS.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_broken_links_and_services_not_checked_for_a_year(programme, server):
    dead = f"http://127.0.0.1:{closed_port()}/"
    bus = make_service(
        programme["tartu"], name="Bussikaart", links=[f"{server}/ok", f"{server}/moved", f"{server}/gone"]
    )
    club = make_service(
        programme["parnu"],
        name="Keeleklubi",
        links=[f"{server}/gone", f"{server}/head-refused", f"{server}/error", dead],
    )
    today = timezone.localdate()
    Service.objects.filter(pk=bus.pk).update(confirmed_on=today - dt.timedelta(days=365))
    Service.objects.filter(pk=club.pk).update(confirmed_on=today - dt.timedelta(days=366))

    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("check_services", stdout=out)
    assert exited.value.code == 1
    text = out.getvalue()
    assert "Broken links: 4" in text
    assert f"Bussikaart (#{bus.pk}): {server}/gone — HTTP 404" in text
    assert f"Keeleklubi (#{club.pk}): {server}/gone — HTTP 404" in text
    assert f"{server}/error — HTTP 500" in text and dead in text
    assert "/head-refused" not in text and f"{server}/ok" not in text and "/moved" not in text
    assert [p for m, p in REQUESTS if p == "/gone"] == ["/gone"]  # one request per address
    assert ("GET", "/head-refused") in REQUESTS
    assert "Not checked for a year: 1" in text and f"Keeleklubi (#{club.pk})" in text.split("Not checked")[1]
    assert "Bussikaart" not in text.split("Not checked")[1]


def test_one_party_without_links_and_nothing_found(programme):
    make_service(programme["parnu"], name="Pärnu teenus")
    out = io.StringIO()
    call_command("check_services", "--party", "tartu", "--no-links", stdout=out)
    assert out.getvalue() == "Not checked for a year: 0\n"
