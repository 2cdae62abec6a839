"""The guides' own syntax on top of Markdown, written once: the parser records it, the checks read
what the parser recorded, and the site, the forms and the translator workflow rewrite it with these
same patterns.

- ``[[clause-id]]``: a cross-reference to a clause, rendered as a link with its number and title in the
  reader's language. A clause ID is lower-case letters and digits in hyphen-separated parts, starting
  with a letter (``dl-notice``), the same in every locale. The parser records anything between double
  brackets (:data:`XREF`) so that a malformed one is a finding, not silently plain text; the site and
  the forms rewrite only well-formed ones (:data:`CLAUSE_XREF`).
- ``[[param:ID]]`` and ``[[country-table:ID ...]]``: a country parameter, in :mod:`cmg.paramref`
  (the same double brackets, with a prefix naming the kind of ID).
- ``{{placeholder}}``: a blank an official fills in a model form (letters, digits, ``_ . -``).
- ``<!-- cmg: untranslated -->``: the marker a translator leaves where a block is still in the source
  language (``cmg new-locale`` writes it); ``<!-- cmg: ignore CMG101, CMG102 -->``: findings of these
  rules are not reported for the line.

Unsafe HTML is not a pattern here: it is whatever the sanitiser (cmg.sanitize, nh3) removes.
"""

from __future__ import annotations

import re

from .paramref import REF as PARAM_REF  # noqa: F401  (the country parameters' references, beside these)
from .paramref import TABLE_LINE as PARAM_TABLE_LINE  # noqa: F401

CLAUSE_ID = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"
CLAUSE_ID_RE = re.compile(rf"^{CLAUSE_ID}$")

# anything between double brackets, with no space or bracket inside (group 1): what the parser records
XREF = re.compile(r"\[\[([^\[\]\s]{1,200}+)\]\]")
# a well-formed cross-reference (group 1: the clause ID): what the site and the forms rewrite
CLAUSE_XREF = re.compile(rf"\[\[({CLAUSE_ID})\]\]")


# a code span (`...`, ``...``): nothing inside it is guide syntax, for the parser as for the site
CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def xref_to(ids: str) -> re.Pattern:
    """The cross-references to some clauses: ``ids`` is an alternation of escaped IDs (group 1)."""
    return re.compile(rf"\[\[({ids})\]\]")


_PLACEHOLDER_NAME = r"[A-Za-z0-9_.-]+"
PLACEHOLDER = re.compile(rf"\{{\{{\s*({_PLACEHOLDER_NAME})\s*\}}\}}")  # group 1: the name
# the same, as one group around the whole placeholder (re.split keeps it)
PLACEHOLDER_WHOLE = re.compile(rf"(\{{\{{\s*{_PLACEHOLDER_NAME}\s*\}}\}})")

# <!-- cmg: untranslated --> (with an optional note after the word), anywhere, or alone on its line
UNTRANSLATED = re.compile(r"<!--\s*cmg:\s*untranslated\b[^>]{0,500}-->")
UNTRANSLATED_LINE = re.compile(rf"^\s*{UNTRANSLATED.pattern}\s*$")
# <!-- cmg: ignore CODE, CODE --> (group 1: the codes)
IGNORE = re.compile(r"<!--\s*cmg:\s*ignore\s+([A-Z0-9, ]+?)\s*-->")
