"""Reading a YAML (or JSON) plan file with the line of every value, collecting every error.

PyYAML's composer gives the node tree with marks; reading typed values off the nodes ourselves
(rather than constructing Python objects first) keeps the line of each value and the text exactly
as written: a row number `1.10` stays "1.10" instead of becoming the float 1.1.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import yaml
from django.utils.translation import gettext as _
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


@dataclass(frozen=True)
class PlanFileError:
    """One problem of a plan file: where it is (file, line, element, field) and what is wrong."""

    file: str
    line: int
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        element = f"{self.where}: " if self.where else ""
        field = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}: {element}{field}{self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "where": self.where, "field": self.field, "message": self.message}


class PlanFileInvalid(Exception):
    """Raised with every error of a plan file; nothing has been written."""

    def __init__(self, errors: list[PlanFileError]):
        self.errors = sorted(errors, key=lambda e: (e.line, e.where, e.field))
        super().__init__("\n".join(str(e) for e in self.errors))


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


class Reader:
    """Typed access to the values of mapping nodes; every problem is added to `errors`, never raised,
    so one pass over the file lists them all."""

    def __init__(self, filename: str):
        self.filename = filename
        self.errors: list[PlanFileError] = []

    # --- errors
    def error(self, node_or_line, where: str, field: str, message: str) -> None:
        line = node_or_line if isinstance(node_or_line, int) else line_of(node_or_line)
        self.errors.append(PlanFileError(self.filename, line, where, field, str(message)))

    # --- documents
    def compose(self, text: str) -> Node | None:
        try:
            nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            self.error(line, "", "", _("Not valid YAML: %s.") % (exc.problem or exc.context or exc))
            return None
        except yaml.YAMLError as exc:
            self.error(1, "", "", _("Not valid YAML: %s.") % exc)
            return None
        if len(nodes) != 1:
            self.error(1, "", "", _("A plan file holds exactly one document; found %d.") % len(nodes))
            return None
        return nodes[0]

    def mapping(
        self,
        node: Node | None,
        where: str,
        field: str,
        allowed: tuple[str, ...] | None,
        name: tuple[str, Callable[[str], str]] | None = None,
    ) -> Fields | None:
        """The mapping's fields by key; duplicate keys, and keys not in `allowed` (unless None), are errors.

        `name` = (key, naming) names the element by one of its own fields, e.g. ("code", "activity {}".format),
        so that every error inside it says which element it is about.
        """
        if node is None:
            return None
        if name and isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == name[0] and isinstance(value_node, ScalarNode) and value_node.value.strip():
                    where, field = name[1](value_node.value.strip()), ""
                    break
        if not isinstance(node, MappingNode):
            self.error(node, where, field, _("Expected a mapping (key: value lines)."))
            return None
        fields: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None:
                self.error(key_node, where, field, _("A key must be plain text."))
            elif key in fields:
                self.error(key_node, where, _join(field, key), _("This field is given twice."))
            elif allowed is not None and key not in allowed:
                self.error(
                    key_node, where, _join(field, key), _("Unknown field; allowed here: %s.") % ", ".join(allowed)
                )
            else:
                fields[key] = (key_node, value_node)
        return Fields(self, node, where, field, fields)

    def sequence(self, node: Node | None, where: str, field: str) -> list[Node]:
        if node is None or _is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, where, field, _("Expected a list (lines starting with '- ')."))
            return []
        return list(node.value)


class Fields:
    """The fields of one mapping node, with typed getters that report problems to the reader."""

    def __init__(self, reader: Reader, node: MappingNode, where: str, prefix: str, fields: dict):
        self.reader = reader
        self.node = node
        self.where = where
        self.prefix = prefix
        self.fields = fields

    @property
    def line(self) -> int:
        return line_of(self.node)

    def name(self, key: str) -> str:
        return _join(self.prefix, key)

    def node_of(self, key: str) -> Node | None:
        entry = self.fields.get(key)
        return entry[1] if entry else None

    def line_of(self, key: str) -> int:
        entry = self.fields.get(key)
        return line_of(entry[1]) if entry else self.line

    def has(self, key: str) -> bool:
        node = self.node_of(key)
        return node is not None and not _is_null(node)

    def error(self, key: str, message: str, node: Node | None = None) -> None:
        self.reader.error(node or self.node_of(key) or self.node, self.where, self.name(key), message)

    def missing(self, key: str) -> None:
        self.reader.error(self.node, self.where, self.name(key), _("This field is required."))

    def _scalar(self, key: str, required: bool) -> ScalarNode | None:
        node = self.node_of(key)
        if node is None or _is_null(node):
            if required:
                self.missing(key)
            return None
        if not isinstance(node, ScalarNode):
            self.error(key, _("Expected a single value, not a list or mapping."))
            return None
        return node

    def text(self, key: str, *, required: bool = False, max_length: int | None = None, strip: bool = True) -> str:
        node = self._scalar(key, required)
        if node is None:
            return ""
        value = node.value.strip() if strip else node.value
        if node.style == "|" or node.style == ">":
            value = value.rstrip("\n")
        if required and not value:
            self.missing(key)
        if max_length and len(value) > max_length:
            self.error(key, _("At most %(max)d characters; this has %(n)d.") % {"max": max_length, "n": len(value)})
        return value

    def slug(self, key: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.text(key, required=required, max_length=max_length)
        if value and not SLUG.match(value):
            self.error(key, _("Use only letters, digits, hyphens and underscores: %r.") % value)
        return value

    def integer(self, key: str, *, required: bool = False, minimum: int | None = None, maximum: int | None = None):
        node = self._scalar(key, required)
        if node is None:
            return None
        return self.int_value(node, key, minimum, maximum)

    def int_value(self, node: ScalarNode, key: str, minimum=None, maximum=None):
        try:
            value = int(node.value.strip())
        except ValueError:
            self.error(key, _("Expected a whole number, not %r.") % node.value, node)
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.error(key, _("Expected a number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum}, node)
            return None
        return value

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        node = self._scalar(key, required)
        if node is None:
            return None
        try:
            return dt.date.fromisoformat(node.value.strip())
        except ValueError:
            self.error(key, _("Expected a date as YYYY-MM-DD (ISO 8601), not %r.") % node.value)
            return None

    def boolean(self, key: str, default: bool = False) -> bool:
        node = self._scalar(key, False)
        if node is None:
            return default
        if node.tag == BOOL_TAG or node.value.lower() in ("true", "false"):
            return node.value.lower() in ("true", "yes", "on", "y")
        self.error(key, _("Expected true or false, not %r.") % node.value)
        return default

    def choice(self, key: str, choices, *, required: bool = False, default: str = "") -> str:
        value = self.text(key, required=required)
        if not value:
            return default
        if value not in choices:
            self.error(
                key,
                _("Unknown value %(value)r; one of: %(allowed)s.") % {"value": value, "allowed": ", ".join(choices)},
            )
            return default
        return value

    def texts(self, key: str, *, required: bool = False) -> list[tuple[str, ScalarNode]]:
        """A list of plain values (codes, slugs), each with its node for error lines."""
        node = self.node_of(key)
        if node is None or _is_null(node):
            if required:
                self.missing(key)
            return []
        items = [node] if isinstance(node, ScalarNode) else self.reader.sequence(node, self.where, self.name(key))
        values = []
        for item in items:
            if not isinstance(item, ScalarNode) or not item.value.strip():
                self.error(key, _("Expected a list of plain values."), item)
                continue
            values.append((item.value.strip(), item))
        seen: set[str] = set()
        for value, item in values:
            if value in seen:
                self.error(key, _("%s is listed twice.") % value, item)
            seen.add(value)
        if required and not values:
            self.missing(key)
        return values

    def number(self, node: Node, key: str) -> Decimal | None:
        """A target value: a finite decimal number."""
        if not isinstance(node, ScalarNode) or _is_null(node):
            self.error(key, _("Expected a number."), node)
            return None
        try:
            value = Decimal(node.value.strip())
        except InvalidOperation:
            self.error(key, _("Expected a number, not %r.") % node.value, node)
            return None
        if not value.is_finite():
            self.error(key, _("Expected a number, not %r.") % node.value, node)
            return None
        return value


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG and node.style is None


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key
