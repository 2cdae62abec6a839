"""One allowlist for every HTML fragment the site publishes, applied by nh3 (Rust's ammonia).

Content is untrusted: editors, translators and partner agencies write Markdown, and Markdown lets raw
HTML, attribute lists (``{#id onclick=…}``) and link targets through. Every fragment that reaches a
reader — a page's content, its title in the navigation, its table of contents, the search index, the
glossary, the generated pages, the PDF's input — goes through :func:`sanitize_html`, which keeps
exactly the tags, attributes and URL schemes the guides use and drops everything else.

The validator reports what would be dropped (CMG504) with :func:`removals`, which compares a fragment
with nh3's own output: the judgement is the sanitiser's, from this one allowlist, not a second pattern.

A fragment from which the sanitiser removes nothing is published as it was written, byte for byte
(nh3 writes ``<br>`` where Python-Markdown writes ``<br />``); that is decided by comparing the two
token by token (:func:`_tokens`), so anything the sanitiser would change, however it is spelled, makes
the sanitised text the one published.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import difflib
import functools
import html
import itertools
import operator
import re
import secrets
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from . import html_subset

# ---------------------------------------------------------------------------------------- the allowlist

TAGS = frozenset({
    # text
    "p", "br", "hr", "span", "div", "small", "strong", "em", "b", "i", "s", "del", "ins", "mark", "sub",
    "sup", "code", "kbd", "pre", "blockquote", "abbr", "time",
    "h1", "h2", "h3", "h4", "h5", "h6",
    # lists, definition lists (guide metadata, def_list)
    "ul", "ol", "li", "dl", "dt", "dd",
    # tables
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    # links, images (relative only: nothing is loaded from other hosts), figures
    "a", "img", "figure", "figcaption",
    # pymdownx.details, pymdownx.tasklist (custom_checkbox) — the forms' checklists
    "details", "summary", "label", "input",
    # the fine calculator and the country switch (cmg-calc.js, cmg-country.js): a form without action
    "form", "select", "option", "button",
})

# tags removed together with their content (the others lose the tag and keep the text)
CLEAN_CONTENT_TAGS = frozenset({"script", "style", "template", "textarea", "title", "noscript", "xmp",
                                "iframe", "noembed", "noframes", "object", "embed", "svg", "math"})

# on every allowed tag
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "hidden", "role", "aria-label",
                               "aria-hidden", "aria-live"})

# per tag, besides the global ones; data-* only those the site's script and styles read (cmg.js)
ATTRIBUTES = {
    "a": {"href", "rel", "download", "hreflang", "data-clause"},  # data-clause: cross-references
    "img": {"src", "alt", "width", "height"},
    "abbr": {"data-cmg-term"},  # glossary marks (on_post_page) and abbr definitions
    # alias anchors; the page's glossary definitions, with the glossary page and its terms' anchors;
    # footnotes kept out of the search index (Material); the findings a preview shows at their clause
    "div": {"data-clause", "data-definitions", "data-glossary", "data-anchors", "data-search-exclude", "data-code"},
    "sup": {"data-search-exclude"},  # footnote markers, out of the search index
    "dt": {"data-search-exclude"},  # the glossary's labels, out of the search index
    "dl": {"data-cite-format", "data-cite-label", "data-cite-done"},  # the copy-citation button
    "time": {"datetime"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"style", "colspan", "rowspan", "align"},
    "th": {"style", "colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "input": {"type", "checked", "disabled", "name", "value", "min", "max", "step", "inputmode", "required"},
    # the fine calculator: its strings, countries and locale (cmg-calc.js); no action, method or target
    "form": {"data-locale", "data-countries", "data-strings"},
    "select": {"name", "required", "data-tbc", "data-cite"},  # data-*: the country switch (cmg-country.js)
    "option": {"value", "selected"},
    "button": {"type"},
    "label": {"for"},
    # a country's figure in a guide (cmg-country.js swaps it for the figure of the country chosen), a
    # download's size, filled in once the file is written (downloads/sizes.py), and a form's placeholder
    # shown as its label, with its name for tools (cmg.placeholders)
    "span": {"data-cc", "data-param", "data-status", "data-basis", "data-country", "data-standard", "data-cmg-size-of",
             "data-placeholder", "data-search-exclude"},
    "blockquote": {"cite"},
}

# the only style a fragment keeps: a table column's alignment (Python-Markdown's tables)
STYLE_PROPERTIES = frozenset({"text-align"})

# links: these schemes and relative URLs; images: relative URLs only (see _attribute)
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# rel values a link may carry (rel="attachment" would make WeasyPrint embed the target in the PDF)
REL_VALUES = frozenset({"noopener", "noreferrer", "nofollow", "external"})


# no file, image, hidden or password fields: what the checklists and the calculator use
INPUT_TYPES = frozenset({"checkbox", "radio", "number", "date", "text"})


def _attribute(tag: str, name: str, value: str) -> str | None:
    """The allowlist's conditions on values (nh3 calls it for every attribute it keeps)."""
    if name == "rel":
        return value if value.split() and set(value.lower().split()) <= REL_VALUES else None
    if tag == "img" and name == "src":
        return value if _is_relative(value) else None
    if tag == "input" and name == "type":
        return value if value.lower() in INPUT_TYPES else None
    if tag == "button" and name == "type":
        return value if value.lower() in ("button", "submit", "reset") else None
    if name == "id" and value.startswith("__"):
        return None  # Material's own elements (__config, __search…): a page's id must not shadow them
    return value


def _is_relative(url: str) -> bool:
    """No scheme and no host: a file of the site. Browsers drop tabs and newlines from URLs and
    treat a backslash like a slash, so they are removed here before looking."""
    u = "".join(url.split()).replace("\\", "/")
    if u.startswith("//"):
        return False
    head = u.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return ":" not in head


_ATTRS = {"*": set(GLOBAL_ATTRIBUTES), **{t: set(a) for t, a in ATTRIBUTES.items()}}


@functools.cache
def _cleaner(strict: bool) -> nh3.Cleaner:
    """The allowlist above as one nh3 sanitiser, made once per process and used for every fragment:
    ``nh3.clean`` with the same options builds the sanitiser again at each call (converting every set and
    the attribute map to Rust's), which cost several times the cleaning of a short fragment (the search
    index's thousands of entries). Comments are kept (they are inert and the guides use them:
    ``<!-- cmg: … -->``). ``strict``: a page's content, which may hold no form control but the
    checklists' disabled checkboxes (see :func:`sanitize_page_html`)."""
    extra = {"set_tag_attribute_values": {"input": {"type": "checkbox", "disabled": ""}}} if strict else {}
    return nh3.Cleaner(tags=set(TAGS - WIDGET_TAGS if strict else TAGS), clean_content_tags=set(CLEAN_CONTENT_TAGS),
                       attributes=_ATTRS, attribute_filter=_attribute, strip_comments=False, link_rel=None,
                       url_schemes=set(URL_SCHEMES), filter_style_properties=set(STYLE_PROPERTIES), **extra)


def clean(fragment: str) -> str:
    """nh3's output for the fragment, with the allowlist above."""
    return _cleaner(False).clean(fragment)


# the controls of the site's own widgets (the fine calculator, the country switch): a page's content
# never carries them; the widgets are put back after the page is sanitised (sanitize_page_html)
WIDGET_TAGS = frozenset({"form", "select", "option", "button"})


def sanitize_page_html(fragment: str, widgets: tuple[str, ...] = ()) -> str:
    """A page's content as published: the site's own widgets (exact strings the build generated) are
    set aside, the rest is sanitised without any form control but the checklists' disabled checkboxes
    (a form or field written into a guide is removed), and the widgets go back where they were."""
    if not fragment:
        return fragment
    nonce = secrets.token_hex(8)
    kept: dict[str, str] = {}
    for i, widget in enumerate(w for w in widgets if w):
        if widget in fragment:
            token = f"cmgwidget{i}x{nonce}"
            kept[token] = widget
            fragment = fragment.replace(widget, token)
    if "\x00" in fragment:
        fragment = fragment.replace("\x00", "\ufffd")
    strict = _cleaner(True).clean(fragment)
    out = fragment if (strict == fragment or _same_tokens(strict, fragment)) else settled_inputs(strict)
    for token, widget in kept.items():
        out = out.replace(token, widget)
    return out


# an <input> as nh3 writes it: every attribute with a double-quoted value (quotes inside are escaped)
_NH3_INPUT = re.compile(r'<input((?:\s+[^\s"=>]+="[^"]*")*)(\s*/?>)')
_NH3_ATTRIBUTE = re.compile(r'\s+[^\s"=>]+="[^"]*"')


def settled_inputs(cleaned: str) -> str:
    """nh3's output with each ``<input>``'s attributes in name order: the attributes nh3 sets on a checkbox
    (``type``, ``disabled``) come out of a Rust hash map, in an order that changes from one process to the
    next, and a build must write the same bytes every time."""
    if "<input" not in cleaned:
        return cleaned
    return _NH3_INPUT.sub(lambda m: "<input" + "".join(sorted(_NH3_ATTRIBUTE.findall(m.group(1)),
                                                              key=lambda a: a.split("=", 1)[0].strip()))
                          + m.group(2), cleaned)


# what can make nh3's output differ from a fragment beyond escaping: markup and character references,
# the carriage returns, NULs and byte order marks the HTML parser rewrites, other control characters, lone
# surrogates and noncharacters
_MAY_CHANGE = re.compile(r"[<&\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufeff\ufffe\uffff]")


def sanitize_html(fragment: str) -> str:
    """The fragment as published: unchanged when the sanitiser removes nothing from it, else nh3's
    output. NUL characters are never published."""
    if not fragment:
        return fragment
    if not _MAY_CHANGE.search(fragment):  # plain text: nothing for the sanitiser to remove (most titles)
        return fragment
    if "\x00" in fragment:
        fragment = fragment.replace("\x00", "\ufffd")
    cleaned = clean(fragment)
    if cleaned == fragment or _same_tokens(cleaned, fragment):
        return fragment
    return cleaned


# ------------------------------------------------------------------------- what the sanitiser removes

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})


def _style(value: str | None) -> str:
    """A style attribute as nh3 writes it back (``text-align:left``), to compare like with like."""
    return ";".join(":".join(p.strip() for p in d.split(":", 1)) for d in (value or "").split(";") if d.strip())


class _Tokenizer(HTMLParser):
    """Start tags (with their attributes, values decoded), end tags, text and comments, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.out.append(("start", tag, tuple(sorted((k, _style(v) if k == "style" else (v or "")) for k, v in attrs))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.out.append(("end", tag))

    def handle_endtag(self, tag):
        if tag not in _VOID:
            self.out.append(("end", tag))

    def handle_data(self, data):
        if self.out and self.out[-1][0] == "data":
            self.out[-1] = ("data", self.out[-1][1] + data)
        else:
            self.out.append(("data", data))

    def handle_comment(self, data):
        self.out.append(("comment", data))

    def handle_decl(self, decl):
        self.out.append(("decl", decl))

    def handle_pi(self, data):
        self.out.append(("pi", data))

    def unknown_decl(self, data):
        self.out.append(("decl", data))

    def parse_html_declaration(self, i):
        # "<![" that does not open CDATA: Python 3.11's html.parser scans a marked section there and
        # raises AssertionError on anything else ("<![0", "<![if x]>"), a traceback from untrusted
        # content. HTML (and nh3's parser) reads it as a bogus comment up to the next ">". Unclosed, it
        # would swallow the page after the fragment up to the next ">", where nh3 closes it: not the
        # same tokens, so nh3's text is published (_parser_tokens feeds the whole fragment at once).
        rawdata = self.rawdata
        if rawdata.startswith("<![", i) and not rawdata.startswith("<![CDATA[", i):
            end = rawdata.find(">", i + 3)
            if end < 0:
                self.out.append(("unclosed", rawdata[i:]))
                return len(rawdata)
            self.handle_comment(rawdata[i + 2:end])
            return end + 1
        return super().parse_html_declaration(i)


def _tokens(fragment: str) -> list[tuple]:
    """The fragment's tokens as :class:`_Tokenizer` (html.parser) gives them; read by one regular
    expression when the fragment is in the subset :mod:`cmg.html_subset` reads exactly as html.parser."""
    fast = _subset_tokens(fragment)
    return fast if fast is not None else _parser_tokens(fragment)


def _same_tokens(a: str, b: str) -> bool:
    """``_tokens(a) == _tokens(b)``, for a fragment and nh3's output of it, which differ in a few places
    (``disabled`` written ``disabled=""``, ``&quot;`` written ``"``): where :func:`_same_subset_tokens`
    proves it group by group, the tokens are not made at all."""
    return _same_subset_tokens(a, b) or _tokens(a) == _tokens(b)


# an end tag followed by white space or "/": perhaps one with attributes or "/>", which the subset
# reader hands to html.parser (so may anything else this matches: it is only a reason to look closer)
_END_TAG_MORE = re.compile(r"</[a-zA-Z][-a-zA-Z0-9]*[ \t\n\r\f/]")


def _same_subset_tokens(a: str, b: str) -> bool:
    """True when both fragments are in :mod:`cmg.html_subset`'s subset and :func:`_subset_tokens` gives
    them the same tokens, shown without making them: split by the same pattern, the two have as many
    pieces, and every piece of text and markup that differs gives the same tokens (before adjacent text
    is joined, which depends only on the tokens before). False means "not shown", not "different"."""
    pa, pb = html_subset.MARKUP.split(a), html_subset.MARKUP.split(b)
    if len(pa) != len(pb):
        return False
    step = html_subset.GROUPS + 1
    # what would send either to html.parser: a "<" in text, a raw-text element, an end tag with more
    if "<" in "".join(pa[::step]) or "<" in "".join(pb[::step]):
        return False
    names = {t.lower() for t in {*pa[2::step], *pb[2::step]} if t}
    if not names.isdisjoint(html_subset.RAW_TEXT) or _END_TAG_MORE.search(a) or _END_TAG_MORE.search(b):
        return False
    groups = sorted({k // step for k in itertools.compress(range(len(pa)), map(operator.ne, pa, pb))})
    return all(_group_tokens(pa, g * step) == _group_tokens(pb, g * step) for g in groups)


def _group_tokens(parts: list, i: int) -> list[tuple]:
    """The tokens :func:`_subset_tokens` makes of the piece of text at ``parts[i]`` and the markup after
    it (none after the last), text not joined to the text before; for fragments
    :func:`_same_subset_tokens` has found inside the subset."""
    out: list[tuple] = []
    chunk = parts[i]
    if chunk:
        out.append(("data", html.unescape(chunk) if "&" in chunk else chunk))
    if i + 1 >= len(parts):
        return out
    end, tag, attrs, close, comment = parts[i + 1:i + html_subset.GROUPS + 1]
    if tag is None:
        out.append(("comment", comment))
        return out
    tag = tag.lower()
    if end is None:
        out.append(("start", tag, _attribute_key(attrs) if attrs else ()))
        if close and tag not in _VOID:
            out.append(("end", tag))
    elif tag not in _VOID:
        out.append(("end", tag))
    return out


def _subset_tokens(fragment: str) -> list[tuple] | None:
    """:class:`_Tokenizer`'s tokens of a fragment in :mod:`cmg.html_subset`'s subset, or None."""
    parts = html_subset.MARKUP.split(fragment)
    out: list[tuple] = []
    step = html_subset.GROUPS + 1
    last = len(parts) - 1
    for i in range(0, last + 1, step):
        chunk = parts[i]
        if chunk:
            if "<" in chunk:
                return None  # a "<" html.parser reads as text or as markup of its own
            if "&" in chunk:
                chunk = html.unescape(chunk)
            if out and out[-1][0] == "data":
                out[-1] = ("data", out[-1][1] + chunk)
            else:
                out.append(("data", chunk))
        if i == last:
            break
        end, tag, attrs, close, comment = parts[i + 1:i + step]
        if tag is None:
            out.append(("comment", comment))
            continue
        tag = tag.lower()
        if end is None:
            if tag in html_subset.RAW_TEXT:
                return None
            out.append(("start", tag, _attribute_key(attrs) if attrs else ()))
            if close and tag not in _VOID:
                out.append(("end", tag))
        elif attrs or close:
            return None  # an end tag with attributes: html.parser reads it its own way
        elif tag not in _VOID:
            out.append(("end", tag))
    return out


@functools.lru_cache(maxsize=4096)
def _attribute_key(attrs: str) -> tuple:
    """A start tag's attributes as :class:`_Tokenizer` keeps them (pages repeat the same ones often)."""
    return tuple(sorted((k, _style(v) if k == "style" else (v or "")) for k, v in html_subset.attribute_pairs(attrs)))


def _parser_tokens(fragment: str) -> list[tuple]:
    """:class:`_Tokenizer`'s tokens, always by html.parser (what the subset reader is tested against)."""
    t = _Tokenizer()
    t.feed(fragment)
    t.close()
    return t.out


@dataclass(frozen=True)
class Removal:
    """Something the sanitiser removes: an element or an attribute (with its value, for URLs)."""

    what: str  # "<script> element", "'onclick' attribute on <h2>", "'href' attribute on <a>: javascript:…"
    needle: str  # text to look for in the source to place it at a line (tag or attribute name)


def _short(value: str, limit: int = 40) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _attributes_removed(a: tuple, b: tuple, out: list[Removal]) -> None:
    kept = dict(b[2])
    for name, value in a[2]:
        if kept.get(name) != value:
            shown = f": {_short(value)}" if name in ("href", "src", "rel", "style", "id", "type") else ""
            out.append(Removal(f"'{name}' attribute on <{a[1]}>{shown}", name))


def removals(fragment: str) -> list[Removal]:
    """What :func:`sanitize_html` removes from the fragment, in document order, each occurrence."""
    if not fragment:
        return []
    out: list[Removal] = []
    if "\x00" in fragment:
        out.append(Removal("NUL character", "\x00"))
        fragment = fragment.replace("\x00", "\ufffd")
    before = _tokens(fragment)
    cleaned = clean(fragment)
    if cleaned == fragment:
        return out
    after = _tokens(cleaned)
    if before == after:
        return out

    def key(tok: tuple) -> tuple:
        return tok[:2]

    matcher = difflib.SequenceMatcher(None, [key(t) for t in before], [key(t) for t in after], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(before[i1:i2], after[j1:j2], strict=True):
                if a[0] == "start" and a[2] != b[2]:
                    _attributes_removed(a, b, out)
        elif op in ("delete", "replace"):
            left = [t for t in after[j1:j2] if t[0] == "start"]
            for t in before[i1:i2]:
                if t[0] != "start":
                    continue
                twin = next((b for b in left if b[1] == t[1]), None)
                if twin is not None:  # moved by the parser's tree building: compare its attributes
                    left.remove(twin)
                    _attributes_removed(t, twin, out)
                elif t[1] not in TAGS:
                    out.append(Removal(f"<{t[1]}> element", t[1]))
    return out


# ------------------------------------------------------------------- titles and tables of contents

_LT_GT = re.compile(r"&(?:lt|gt|#0*6[02]|#x0*3[ce]);", re.I)
_ATTR_UNSAFE = re.compile(r"""[\s"'<>&`=]""")


def sanitize_title(title: str) -> str:
    """A page or heading title as the theme writes it: raw in the navigation, and through Jinja's
    ``striptags`` (which decodes entities) in ``<title>``. Beyond the allowlist, ``&lt;``/``&gt;`` are
    written as ‹ › so that no decoding turns text into a tag."""
    if not title:
        return title
    out = sanitize_html(title)
    if _LT_GT.search(out):
        out = _LT_GT.sub(lambda m: "‹" if html.unescape(m.group(0)) == "<" else "›", out)
    return out


def sanitize_toc(items) -> None:
    """Titles and anchors of a table of contents (objects with ``title``, ``id``, ``children``: MkDocs's
    AnchorLink), in place. The theme writes ``href="#{id}"`` without escaping, so an ID that needs
    escaping is escaped (the browser decodes it back: the link still lands on the heading)."""
    for item in items:
        title = getattr(item, "title", None)
        if title:
            clean_title = sanitize_title(title)
            if clean_title != title:
                item.title = clean_title
        ident = getattr(item, "id", None)
        if ident and _ATTR_UNSAFE.search(ident):
            item.id = html.escape(ident, quote=True).replace("`", "&#96;").replace("=", "&#61;")
        sanitize_toc(getattr(item, "children", ()) or ())


_META_UNSAFE = re.compile(r"""[<>"'`]""")


def sanitize_meta(meta: dict) -> None:
    """A page's front matter as the theme reads it (in place): Material writes ``page.meta.title`` raw
    into the header and ``<title>``, ``description`` and ``author`` raw into attributes. The title
    passes :func:`sanitize_title`; any other text value with a character that could end an attribute
    or open a tag is HTML-escaped (the model the toolkit checks keeps its own copy)."""
    for key, value in list(meta.items()):
        if not isinstance(value, str):
            continue
        if key == "title":
            meta[key] = sanitize_title(value)
        elif _META_UNSAFE.search(value):
            meta[key] = html.escape(value, quote=True)
