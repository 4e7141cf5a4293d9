"""Signing in through TARA (the state authentication service) over OpenID Connect, against a local
OIDC provider stub that speaks real HTTP: discovery, authorisation redirect, token, userinfo, JWKS."""

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse
from jwt.algorithms import RSAAlgorithm

from tests.factories import UserFactory

CLIENT_ID = "loim-test-client"
CLIENT_SECRET = "stub-secret"


class StubProvider:
    """A minimal OpenID Connect provider shaped like TARA (sub = "EE" + personal code)."""

    def __init__(self, identity: str):
        self.identity = identity
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, payload, status=200):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urlparse(self.path)
                if url.path == "/.well-known/openid-configuration":
                    return self._json(stub.discovery())
                if url.path == "/jwks":
                    jwk = json.loads(RSAAlgorithm.to_jwk(stub.key.public_key()))
                    return self._json({"keys": [{**jwk, "kid": "stub", "use": "sig", "alg": "RS256"}]})
                if url.path == "/authorize":
                    query = {k: v[0] for k, v in parse_qs(url.query).items()}
                    code = uuid.uuid4().hex
                    stub.codes[code] = query
                    target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                    return None
                if url.path == "/userinfo":
                    if self.headers.get("Authorization") != "Bearer stub-access-token":
                        return self._json({"error": "invalid_token"}, 401)
                    return self._json({"sub": stub.identity, "given_name": "MARI", "family_name": "MAASIKAS"})
                return self._json({"error": "not_found"}, 404)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                stub.token_requests.append({"form": form, "authorization": self.headers.get("Authorization")})
                request = stub.codes.pop(form.get("code", ""), None)
                if urlparse(self.path).path != "/token" or request is None:
                    return self._json({"error": "invalid_grant"}, 400)
                now = int(time.time())
                claims = {
                    "iss": stub.base,
                    "aud": CLIENT_ID,
                    "sub": stub.identity,
                    "iat": now,
                    "exp": now + 300,
                    "nonce": request.get("nonce"),
                    "amr": ["mID"],
                }
                id_token = jwt.encode(claims, stub.key, algorithm="RS256", headers={"kid": "stub"})
                return self._json(
                    {
                        "access_token": "stub-access-token",
                        "token_type": "bearer",
                        "expires_in": 300,
                        "id_token": id_token,
                    }
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def discovery(self) -> dict:
        return {
            "issuer": self.base,
            "authorization_endpoint": f"{self.base}/authorize",
            "token_endpoint": f"{self.base}/token",
            "userinfo_endpoint": f"{self.base}/userinfo",
            "jwks_uri": f"{self.base}/jwks",
            "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def tara(settings):
    def configure(identity: str) -> StubProvider:
        stub = StubProvider(identity)
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "tara",
                        "name": "TARA",
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {
                            "server_url": stub.base,
                            "token_auth_method": "client_secret_basic",
                            "scope": ["openid"],
                        },
                    }
                ],
            }
        }
        return stub

    return configure


def run_flow(client, stub):
    """The browser's part: start at Lõim, visit the provider, come back with the code."""
    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": "tara"}))
    assert start.status_code == 302 and start["Location"].startswith(f"{stub.base}/authorize")
    query = parse_qs(urlparse(start["Location"]).query)
    assert query["client_id"] == [CLIENT_ID] and query["code_challenge_method"] == ["S256"]
    back = requests.get(start["Location"], allow_redirects=False, timeout=10)
    callback = urlparse(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


@pytest.mark.django_db(transaction=True)
def test_tara_signs_in_the_account_with_that_personal_code(client, tara, programme):
    user = UserFactory(personal_code="38001085718")
    with tara("EE38001085718") as stub:
        response = run_flow(client, stub)
    assert response.status_code == 302 and response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == user.pk
    token_call = stub.token_requests[0]
    assert token_call["authorization"].startswith("Basic ") and token_call["form"]["code_verifier"]


@pytest.mark.django_db(transaction=True)
def test_tara_identity_without_an_account_is_refused(client, tara, programme):
    UserFactory(personal_code="49403136526")
    with tara("EE38001085718") as stub:
        response = run_flow(client, stub)
    if response.status_code == 302:
        response = client.get(response["Location"])
    assert "_auth_user_id" not in client.session
    assert "Lõimes pole Teie isikukoodiga seotud kontot" in response.content.decode()


def test_tara_is_off_by_default(client, db):
    assert "openid_connect" not in __import__("django.conf").conf.settings.SOCIALACCOUNT_PROVIDERS
    page = client.get(reverse("account_login")).content.decode()
    assert "TARA" not in page
    assert client.post(reverse("openid_connect_login", kwargs={"provider_id": "tara"})).status_code == 404
