"""Structured logs: a request id on every record of a request, one JSON object per line.

- `RequestIdMiddleware` (first in the middleware) takes the request's `X-Request-ID` when it is sane
  (1–64 characters of letters, digits and `._:-`, as a proxy or load balancer sets it), else makes
  one (32 hex digits), keeps it in a context variable for the request and returns it in the
  response's `X-Request-ID`, so a user's report of a failure can be found in the logs. It writes one
  line per request to the `loim.request` logger: method, path (never the query string), status and
  milliseconds — the access log, without the visitor's address (personal data we do not need);
  `/health/` probes at DEBUG level, so a load balancer's every-few-seconds probe does not fill it.
- `RequestIdFilter` (on the console handler) puts it on every record as `request_id` (`-` outside
  a request: the worker, commands).
- `JsonFormatter` writes time (UTC, ISO 8601), level, logger, message, request id, process id and
  the formatted exception if any — and nothing else: a record's extra attributes (Django's
  `django.request` records carry the whole request) are never serialised, so no query string, form
  body, cookie or header reaches the log. Django's own messages name the path only.

The standard library's logging is enough for this (python-json-logger would add a dependency for a
fixed set of eight fields). Chosen by LOG_FORMAT: `json` (the default outside DEBUG) or `text`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
request_id: ContextVar[str] = ContextVar("loim_request_id", default="-")
access = logging.getLogger("loim.request")
QUIET_PATHS = ("/health/",)


def incoming_or_new(value: str | None) -> str:
    if value and SANE_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = incoming_or_new(request.headers.get(HEADER))
        # set until the response is closed (`request_finished`), not only while the middleware runs:
        # Django logs a 4xx/5xx ("Not Found: /path") after the middleware has returned
        request_id.set(rid)
        started = time.perf_counter()
        response = self.get_response(request)
        level = logging.DEBUG if request.path_info in QUIET_PATHS else logging.INFO
        if access.isEnabledFor(level):
            elapsed = (time.perf_counter() - started) * 1000
            access.log(level, "%s %s %s %.0fms", request.method, request.path, response.status_code, elapsed)
        response[HEADER] = rid
        return response


@receiver(request_finished)
def forget_request_id(**kwargs) -> None:
    request_id.set("-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
            "process": os.getpid(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)
