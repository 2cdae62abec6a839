"""The syntax by which the guides refer to a country parameter (one place for the pattern).

- ``[[param:delay-fine-rate]]`` in a sentence: the standard text, or the value of the reader's
  country;
- ``[[country-table:delay-fine-rate delay-fine-cap]]`` on a line of its own (usually inside a
  ``!!! pilot`` note): a table of the pilot countries' values of these parameters;
- ``[[param:delay-fine-rate@hn]]``: the value of that one country whatever the reader chose (a worked
  case set in a pilot country, a note of Korean practice), see below.

An ID may name one country's value, whatever country the reader chose: ``delay-fine-rate@kr`` (all
of Korea's values of the parameter), ``delay-fine-rate@kr/works`` (its value for works contracts),
``termination-threshold@sv/lacap`` (El Salvador's value for contracts under its law ``lacap``).
That is how a ``!!! korea`` note, or a sentence that compares with one country, states that
country's figure: ``[[param:inspection-period@kr]]``, ``[[country-table:delay-fine-rate@kr]]``.

Both sit beside the ``[[clause-id]]`` cross-references: double brackets, an ID that is the same in
every locale, and a prefix that says what kind of thing the ID names.
"""

from __future__ import annotations

import re
from typing import NamedTuple

INLINE = "param"
TABLE = "country-table"
_ID = r"[a-z0-9][a-z0-9 \-@/]*?"
# one match per reference; group 1: the form, group 2: the IDs (one for param, one or more for tables)
REF = re.compile(r"\[\[(param|country-table):\s*(" + _ID + r")\s*\]\]")
TABLE_LINE = re.compile(r"^(?P<indent>[ \t]*)\[\[country-table:\s*(?P<ids>" + _ID + r")\s*\]\][ \t]*$")
_QUALIFIED = re.compile(r"^(?P<id>[^@/]+)(?:@(?P<country>[^@/]*)(?:/(?P<scope>[^@/]*))?)?$")


class Target(NamedTuple):
    """What one ID of a reference names: a parameter, and perhaps one country and, of that country's
    values, those of one contract type or one governing law (``scope``)."""

    param: str
    country: str = ""
    scope: str = ""


def ids(match: re.Match) -> list[str]:
    return match.group(2).split()


def target(ref_id: str) -> Target:
    """``delay-fine-rate@kr/works`` → Target('delay-fine-rate', 'kr', 'works')."""
    m = _QUALIFIED.match(ref_id)
    if not m:
        return Target(ref_id)
    return Target(m.group("id"), m.group("country") or "", m.group("scope") or "")


def ref_values(match: re.Match) -> list[str]:
    """What the model records of one reference: ``param:ID`` or ``table:ID`` per ID (ID as written)."""
    prefix = "param" if match.group(1) == INLINE else "table"
    return [f"{prefix}:{pid}" for pid in ids(match)]


def param_id(value: str) -> str:
    """The parameter of a recorded reference (``param:delay-fine-rate@kr`` → ``delay-fine-rate``)."""
    return target(value.split(":", 1)[1]).param


def ref_target(value: str) -> Target:
    return target(value.split(":", 1)[1])


def pinned(value: str) -> tuple[str, str]:
    """The country and the contract type or law a recorded reference is pinned to (``("", "")`` when it
    follows the reader's choice)."""
    t = ref_target(value)
    return t.country, t.scope
