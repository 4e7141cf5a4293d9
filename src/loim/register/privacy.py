"""Keeping personal values out of logs and error reports.

Database errors can carry values (PostgreSQL's "Failing row contains (…)"), and an unexpected
exception's message is written to the log with the 500 response. Register views are wrapped by
`scrubbed`: an unexpected exception is logged with its type and the code lines of its traceback
(code, never values) and replaced by an exception whose message holds no data.
"""

import functools
import logging
import traceback

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404

logger = logging.getLogger("loim.register")

PASS_THROUGH = (Http404, PermissionDenied, SuspiciousOperation)


class RegisterFailure(Exception):
    """An unexpected failure in the register, described without any value from the request or data."""


def describe(exc: BaseException) -> str:
    """The exception's type and the code lines it passed through, without its message."""
    return f"{type(exc).__module__}.{type(exc).__qualname__}\n{''.join(traceback.format_tb(exc.__traceback__))}"


def scrubbed(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PASS_THROUGH:
            raise
        except Exception as exc:
            logger.error("Register view %s failed: %s", view.__qualname__, describe(exc))
            raise RegisterFailure(f"{view.__qualname__} failed with {type(exc).__qualname__}") from None

    return wrapper
