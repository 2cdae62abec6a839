"""Reading YAML written by many hands: no alias expansion, no duplicate keys.

One mechanism for every YAML file cmg reads (front matter, termbase.yml, country profiles,
mkdocs.yml). The document is composed into nodes (linear time: an alias is a second reference to
a node already built, nothing is copied), then refused with the line of the problem when

* it uses an alias (``*name``): a few lines of anchors and aliases can stand for billions of
  values, which whatever walks the data then expands (the "billion laughs");
* a mapping repeats a key: YAML keeps the last value silently, so an edit is lost without a word.

Refusals are :class:`yaml.MarkedYAMLError` (``problem``, ``problem_mark``), so every caller's
existing "not valid YAML at line N" handling reports them with file and line.
"""

from __future__ import annotations

import yaml

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlRefused(yaml.MarkedYAMLError):
    """Valid YAML that cmg does not read (an alias, a duplicate key)."""


def compose(text: str, loader=FAST_LOADER) -> yaml.Node | None:
    """The document's node tree, checked: no node reached twice (an alias), no key twice in a mapping."""
    root = yaml.compose(text, Loader=loader)
    if root is not None:
        try:
            _check(root)
        except _Alias:
            # placed where the first alias is written (a node only knows where its anchor is)
            mark = next((ev.start_mark for ev in yaml.parse(text, Loader=loader) if isinstance(ev, yaml.AliasEvent)), None)
            raise YamlRefused(problem="an alias (*name) is not read (aliases can expand without bound): write the "
                                      "value out", problem_mark=mark) from None
    return root


class _Alias(Exception):
    pass


def load(text: str, loader=FAST_LOADER):
    """Like ``yaml.load(text, Loader=loader)``, refusing aliases and duplicate keys."""
    return construct(compose(text, loader), loader)


def construct(root: yaml.Node | None, loader=FAST_LOADER):
    """The Python value of a node tree from :func:`compose`."""
    if root is None:
        return None
    constructor = loader("")
    try:
        return constructor.construct_document(root)
    finally:
        constructor.dispose()


def _check(root: yaml.Node) -> None:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise _Alias
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[tuple[str, str]] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    k = (key.tag, key.value)
                    if k in keys:
                        raise YamlRefused(problem=f"key '{key.value[:60]}' is given twice in the same mapping: "
                                                  "YAML would keep only the last value", problem_mark=key.start_mark)
                    keys.add(k)
                stack.append(value)
                stack.append(key)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
