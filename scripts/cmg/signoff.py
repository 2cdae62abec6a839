"""A partner agency's sign-off of a country figure, recorded in the profile (``cmg facts sign-off``).

ONCAE, DINAC or DGCP checks a figure against the official text; the sign-off sets, in that figure's
entry of ``countries/<code>.yml``, ``status: verified``, ``verified_by`` (who), ``verified_on`` (when)
and ``source`` (the official text). The guides are never edited for it: they refer to the figure.

The edit is made in the text, line by line, at the places the YAML node tree gives (``yamlsafe``):
comments, key order, quoting and the other entries stay as they were. Pure: text in, text out; the
command (cli.py) reads and writes the file and refuses to overwrite an edit made meanwhile.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import yaml

from . import yamlsafe
from .countries import CONTRACT_TYPES


class SignOffError(Exception):
    """A sign-off that cannot be recorded; the message names the file (and line) and says what to do."""


@dataclass(frozen=True)
class SignOff:
    param: str
    by: str
    on: str  # ISO date
    source: str
    contract_type: str = ""
    law: str = ""


_URL = re.compile(r"^https?://\S+$")


def check_request(s: SignOff) -> None:
    """Refuse a sign-off that lacks what makes a figure verified (before the file is looked at)."""
    if not s.source.strip():
        raise SignOffError("a sign-off needs the official source the figure was checked against: "
                           "--source URL (nothing written; the status stays as it is)")
    if not _URL.match(s.source.strip()):
        raise SignOffError(f"--source '{s.source[:80]}' is not an http(s) address (give the address of the "
                           "official text)")
    if not s.by.strip():
        raise SignOffError('--by must name the agency and the person who checked the figure, e.g. "ONCAE (name)"')
    try:
        dt.date.fromisoformat(s.on)
    except ValueError:
        raise SignOffError(f"--date '{s.on}' is not a date (write YYYY-MM-DD)") from None
    if s.contract_type and s.contract_type not in CONTRACT_TYPES:
        raise SignOffError(f"--contract-type '{s.contract_type}' is not one of {', '.join(CONTRACT_TYPES)}")


def _scalar(value: str) -> str:
    """``value`` written as a YAML string: plain when YAML reads it back as that same string, else quoted."""
    if value and "\n" not in value:
        try:
            back = yaml.safe_load(f"k: {value}\n")
        except yaml.YAMLError:
            back = None
        if isinstance(back, dict) and back.get("k") == value:
            return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _flow_scalar(value: str) -> str:
    """``value`` as an item of a flow list (``[a, b]``: a comma or bracket ends a plain item)."""
    plain = _scalar(value)
    return plain if plain != value or not re.search(r"[,\[\]{}]", value) else json.dumps(value, ensure_ascii=False)


def _date_scalar(value: str) -> str:
    return value  # checked ISO date: YAML reads it as the date, as the profiles write verified_on


def _get(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _variant_node(top: yaml.MappingNode, s: SignOff, path: str) -> yaml.MappingNode:
    params = _get(top, "parameters")
    if params is None or not isinstance(params[1], yaml.MappingNode):
        raise SignOffError(f"{path}: has no 'parameters' mapping")
    entry = _get(params[1], s.param)
    if entry is None:
        known = ", ".join(k.value for k, _ in params[1].value if isinstance(k, yaml.ScalarNode))
        raise SignOffError(f"{path}: has no parameter '{s.param}' (it has: {known})")
    key, node = entry
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    chosen = []
    for it in items:
        if not isinstance(it, yaml.MappingNode):
            continue
        law = _get(it, "law")
        types = _get(it, "contract_types")
        type_list = [t.value for t in types[1].value] if types and isinstance(types[1], yaml.SequenceNode) else list(CONTRACT_TYPES)
        if s.law and (law is None or law[1].value != s.law):
            continue
        if s.contract_type and s.contract_type not in type_list:
            continue
        chosen.append((it, law[1].value if law else "", type_list))
    line = key.start_mark.line + 1
    if not chosen:
        raise SignOffError(f"{path}:{line}: '{s.param}' has no value for"
                           + (f" law '{s.law}'" if s.law else "") + (f" contract type '{s.contract_type}'" if s.contract_type else ""))
    if len(chosen) > 1:
        opts = "; ".join(f"line {it.start_mark.line + 1}: " + ", ".join(
            x for x in ([f"--law {law}"] if law else []) + [f"--contract-type {'/'.join(types)}"]) for it, law, types in chosen)
        raise SignOffError(f"{path}:{line}: '{s.param}' has {len(chosen)} values; say which one is signed off "
                           f"with --contract-type or --law ({opts})")
    node = chosen[0][0]
    if node.flow_style:
        raise SignOffError(f"{path}:{node.start_mark.line + 1}: the entry of '{s.param}' is written on one line "
                           "({…}); write it as a block (one key a line) to record a sign-off")
    if _get(node, "value") is None and _get(node, "tiers") is None:
        what = "not_set" if _get(node, "not_set") is not None else "unknown"
        raise SignOffError(f"{path}:{node.start_mark.line + 1}: '{s.param}' has no figure to sign off ({what}); "
                           "record the figure under `value:` first")
    return node


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _eol(text: str, index: int) -> int:
    """The index of the line ending of the line holding ``index`` (or the end of the text)."""
    nl = text.find("\n", index)
    if nl < 0:
        return len(text)
    return nl - 1 if nl > 0 and text[nl - 1] == "\r" else nl


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def record(text: str, path: str, s: SignOff) -> str:
    """The profile's text with the sign-off recorded (SignOffError when it cannot be)."""
    check_request(s)
    if text.startswith("\ufeff"):  # YAML's marks do not count a BOM: edit without it, give it back
        return "\ufeff" + record(text[1:], path, s)
    try:
        root = yamlsafe.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise SignOffError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', None) or exc}); fix it first "
                           "(`cmg validate`)") from None
    if not isinstance(root, yaml.MappingNode):
        raise SignOffError(f"{path}: is not a country profile (a mapping of keys)")
    node = _variant_node(root, s, path)
    source = s.source.strip()
    old_sources = []
    src = _get(node, "source")
    if src is not None:
        v = src[1]
        old_sources = [x.value for x in v.value] if isinstance(v, yaml.SequenceNode) else [v.value]
    sources = [source] + [x for x in old_sources if x and x != source]  # the official text first, earlier ones kept
    new_values = {
        "source": _scalar(sources[0]) if len(sources) == 1 else "[" + ", ".join(_flow_scalar(x) for x in sources) + "]",
        "status": "verified",
        "verified_by": _scalar(s.by.strip()),
        "verified_on": _date_scalar(s.on),
    }
    # replacements of existing values, from the end of the text backwards so that indices stay valid
    edits: list[tuple[int, int, str]] = []
    missing = []
    for key, value in new_values.items():
        found = _get(node, key)
        if found is None:
            missing.append(key)
            continue
        k, v = found
        if isinstance(v, yaml.ScalarNode) or v.flow_style:
            edits.append((v.start_mark.index, v.end_mark.index, value))
        else:  # a block list of sources: the key's value becomes one flow list on the key's line
            last = v.value[-1] if v.value else k
            edits.append((k.end_mark.index, _eol(text, last.end_mark.index), ": " + value))
    if missing:
        keys = [k for k, _ in node.value]
        indent = keys[0].start_mark.column
        status = _get(node, "status")
        anchor_key, anchor_val = status if status is not None else node.value[-1]
        nl = _newline(text)
        added = "".join(" " * indent + f"{key}: {new_values[key]}{nl}" for key in missing)
        if isinstance(anchor_val, yaml.ScalarNode) or anchor_val.flow_style:
            at = _eol(text, anchor_val.end_mark.index)
            added = nl + added[: -len(nl)]  # after the anchor's line, before its line ending
        else:
            at = _line_start(text, anchor_key.start_mark.index)
        edits.append((at, at, added))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text
