"""The API's JSON parser: DRF's, with a bound on nesting checked before decoding.

Python's decoder recurses once per level, so a body of 5,000 `[` raised RecursionError deep inside
`json.loads` and answered 500. No Lõim payload is deeper than a handful of levels; the bound below
leaves ample room and refuses the rest with a 400 that names the problem.
"""

from __future__ import annotations

import codecs
import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json as drf_json

MAX_DEPTH = 32

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def nesting_depth(text: str) -> int:
    """The deepest level of arrays and objects in a JSON text (brackets inside strings ignored)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class BoundedJSONParser(JSONParser):
    """Refuses JSON nested deeper than MAX_DEPTH before handing it to the decoder."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except UnicodeDecodeError as exc:
            raise ParseError(_("The request body is not valid %(encoding)s.") % {"encoding": encoding}) from exc
        if nesting_depth(text) > MAX_DEPTH:
            raise ParseError(_("JSON nested deeper than %(max)d levels is refused.") % {"max": MAX_DEPTH})
        try:
            parse_constant = drf_json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=parse_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("The request body is not valid JSON: %(error)s") % {"error": exc}) from exc
