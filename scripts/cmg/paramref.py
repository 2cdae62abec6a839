"""The syntax by which the guides refer to a country parameter (one place for the pattern).

- ``[[param:delay-fine-rate]]`` in a sentence: the standard text, or the value of the reader's
  country;
- ``[[country-table:delay-fine-rate delay-fine-cap]]`` on a line of its own (usually inside a
  ``!!! pilot`` note): a table of the pilot countries' values of these parameters;
- ``[[param:delay-fine-rate@hn]]`` (or ``@sv/lacap``, one governing law of the country): the value of
  that one country whatever the reader chose, for a worked case set in a pilot country.

Both sit beside the ``[[clause-id]]`` cross-references: double brackets, an ID that is the same in
every locale, and a prefix that says what kind of thing the ID names.
"""

from __future__ import annotations

import re

INLINE = "param"
TABLE = "country-table"
# one match per reference; group 1: the form, group 2: the IDs (one for param, one or more for tables)
# group 3: a country the reference is pinned to; group 4: one of its laws (``@sv/lacap``)
REF = re.compile(r"\[\[(param|country-table):\s*([a-z0-9][a-z0-9 \-]*?)(?:@([a-z]{2})(?:/([a-z0-9][a-z0-9-]*))?)?"
                 r"\s*\]\]")
TABLE_LINE = re.compile(r"^(?P<indent>[ \t]*)\[\[country-table:\s*(?P<ids>[a-z0-9][a-z0-9 \-]*?)\s*\]\][ \t]*$")


def ids(match: re.Match) -> list[str]:
    return match.group(2).split()


def ref_values(match: re.Match) -> list[str]:
    """What the model records of one reference: ``param:ID`` or ``table:ID`` per ID."""
    prefix = "param" if match.group(1) == INLINE else "table"
    pin = ""
    if match.group(3):
        pin = "@" + match.group(3) + (f"/{match.group(4)}" if match.group(4) else "")
    return [f"{prefix}:{pid}{pin}" for pid in ids(match)]


def param_id(value: str) -> str:
    return value.split(":", 1)[1].split("@", 1)[0]


def pinned(value: str) -> tuple[str, str]:
    """The country and law a recorded reference is pinned to (``("", "")`` when it follows the reader)."""
    if "@" not in value:
        return "", ""
    country, _, law = value.split("@", 1)[1].partition("/")
    return country, law
