"""The guides' part of the site navigation, made from the guides themselves (no MkDocs here).

mkdocs.yml's ``nav`` names where the guides go: the list (a section, or the top level) in which it
names at least one guide page (``<guide>/index.md``). That list gets every guide, ordered by the
``number`` of each guide's front matter, at the place of the first guide it named; each entry is the
bare page path, so every locale shows the guide's own title (its front matter ``title``). A new guide
thus appears in the menu without anyone editing mkdocs.yml, and a guide is never listed twice.
"""

from __future__ import annotations

from collections.abc import Iterable


def guide_order(guides: Iterable[tuple[str, object]]) -> list[str]:
    """The guide pages (rel paths), in the order of their front matter number: (rel, number) pairs;
    a number that is not a number sorts after every numbered guide, then by path."""
    def key(item: tuple[str, object]):
        rel, number = item
        try:
            return (0, float(str(number).strip()), rel)
        except ValueError:
            return (1, 0.0, rel)

    return [rel for rel, _ in sorted(guides, key=key)]


def _entry_path(entry) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and len(entry) == 1:
        value = next(iter(entry.values()))
        return value if isinstance(value, str) else None
    return None


def _is_guide_page(path: str | None, guide_pages: set[str]) -> bool:
    return path is not None and path in guide_pages


def has_guides_section(nav, guide_pages: set[str]) -> bool:
    """Does the nav name at least one guide page (so that the guides have a place in it)?"""
    if isinstance(nav, list):
        return any(_is_guide_page(_entry_path(e), guide_pages) or has_guides_section(e, guide_pages) for e in nav)
    if isinstance(nav, dict):
        return any(has_guides_section(v, guide_pages) for v in nav.values())
    return False


def with_guides(nav, ordered: list[str]):
    """``nav`` with the list that names guide pages listing every guide of ``ordered``, in that order
    (a new structure; ``nav`` is not changed). A nav that names no guide is returned as it is."""
    pages = set(ordered)

    def walk(node, placed: list[bool]):
        if isinstance(node, list):
            out = []
            for entry in node:
                if _is_guide_page(_entry_path(entry), pages):
                    if not placed[0]:
                        out.extend(ordered)
                        placed[0] = True
                    continue
                out.append(walk(entry, placed))
            return out
        if isinstance(node, dict):
            return {k: walk(v, placed) for k, v in node.items()}
        return node

    return walk(nav, [False])


def site_nav(nav, sources) -> object:
    """mkdocs.yml's nav with the guides' section made from the source guides (parsed GuideFiles)."""
    ordered = guide_order((gf.rel, (gf.meta or {}).get("number", "")) for gf in sources if gf.rel.endswith("index.md"))
    return with_guides(nav, ordered) if nav else nav
