"""A PDF of each guide in each locale, rendered by WeasyPrint from the page's finished HTML.

The PDF is not a print of the site's page: Material's layout (flex boxes, sidebars, fixed header)
makes WeasyPrint truncate long pages. Instead the guide's rendered content — exactly what the page
shows, notices and cross-reference texts included — goes into a small print document with its own
stylesheet (``data/pdf.css``): a title block, the guide's version and status, running headers and
page numbers, clause numbers kept, link targets printed.

WeasyPrint has no ``word-break: keep-all``, so Korean lines would break inside words (Unicode lets a
line break between any two Hangul syllables); inside every word with Hangul in it, a WORD JOINER
(U+2060, invisible, not in the PDF's text) sits between a Hangul character and its neighbour, so lines
break only between words. (It replaced one ``<span>`` per word with ``white-space: nowrap``: the same
lines, but each span an inline box to lay out, which made a Korean PDF 2.5 times as slow and twice
as big.)

One layout, any paper: every edition has the same page geometry (``data/pdf.css``: a 176 × 239 mm
text block centred on A4, the running header and footer close to it), which fits A4 and US Letter.
A job is one layout and the PDFs made from it (:attr:`PrintJob.targets`): the standard edition's A4
PDF is WeasyPrint's, its Letter PDF the same with a Letter page box centred on the same text block
(:mod:`.pdf_paper`, an incremental update cached under its own key); a country edition is one layout
on its profile's paper. Per guide and locale that is 4 layouts for 5 PDFs.

The print document leaves out what only the site's scripts use (:func:`paper_only`) and gives every
table its columns' widths (:func:`fixed_tables`, ``table-layout: fixed``): WeasyPrint then parses,
styles and lays out a third less (issue 17). Rendering still costs about 0.08 s a page, so PDFs are
cached by the hash of their input document (a client of :mod:`cmg.caching`, switch:
``CMG_NO_PDF_CACHE=1``). The offline copy renders none of its own: its
PDFs are the web build's (of either paper), from that cache, with their links made relative (:mod:`.pdf_links`).
"""

from __future__ import annotations

import functools
import html as html_lib
import os
import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ... import collector
from ...caching import Store, code_text, digest, package_version
from ...fsio import atomic_write_bytes
from ...processes import cpu_slot, pdf_workers
from ...publishing import page_address, pdf_base_url
from ..locales import INDEX_HTML_LINK, dir_url, offline_plugin
from .pdf_links import RelinkError, relink, relinked_key, web_links
from .pdf_paper import LAYOUT_PAPER, PaperError, on_paper, paper_key

log = get_plugin_logger(__name__)

_HANGUL_CHARS = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3"  # jamo, compatibility jamo, syllables
_HANGUL = re.compile(f"[{_HANGUL_CHARS}]")
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
# a break opportunity inside a word: between two characters, either of them Hangul, no space between
_IN_WORD = re.compile(f"(?<=[{_HANGUL_CHARS}])(?=\\S)|(?<=\\S)(?=[{_HANGUL_CHARS}])")
WORD_JOINER = "\u2060"
# text inside these elements is left alone: code keeps its own wrapping, scripts and styles are not text
_RAW = ("pre", "code", "script", "style", "textarea")
# what the page carries for the site's scripts and nothing on paper shows: the glossary terms' <abbr>
# wrappers (no title: the definition is a popup of the site's script; one inline box each, some 900 in a
# guide) and the data-* attributes (a quarter of the HTML); WeasyPrint parses, styles and lays out less
_SCRIPT_ONLY_TAG = re.compile(r"</?abbr\b[^>]*>", re.I)
# one attribute of a tag, its value whole (so that " data-" inside another attribute's value is no attribute)
_ATTRIBUTE = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?""")


# tagged for screen readers and reflow (structure tree, language, title): issue 19 point 7
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class PrintJob:
    """One guide in one locale, ready to render."""

    document: str  # the print document (HTML)
    base_url: str | None  # the page's published URL, which relative links resolve against; None: they stay relative
    target: str  # where the PDF goes
    site_dir: str = ""  # the built site: the only files the PDF may read (print_fetch)
    site_url: str = ""  # the site's public URL, which maps onto site_dir
    # the offline copy: the PDF rendered from `document` is the web build's, and its links become
    # these (the link as the web PDF holds it, the offline copy's link: pdf_links.py)
    relative_links: tuple[tuple[str, str], ...] | None = None
    paper: str = LAYOUT_PAPER  # the paper of `target` (pdf_paper.PAPERS): one layout, printed on any paper
    # more copies of the same layout: (paper, where the PDF goes), e.g. the standard edition's Letter PDF
    more: tuple[tuple[str, str], ...] = ()

    def targets(self) -> tuple[tuple[str, str], ...]:
        """Each PDF the job writes, with its paper."""
        return ((self.paper, self.target), *self.more)


def keep_korean_words(html: str) -> str:
    """Join the characters of every word that has Hangul in it so that WeasyPrint breaks Korean lines only
    between words (text only: tags, comments, attributes and code are left alone)."""
    out: list[str] = []
    raw_depth = 0
    for part in _TOKEN.split(html):
        if not part:
            continue
        if part.startswith("<"):
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", part)
            if m and m.group(2).lower() in _RAW and not part.endswith("/>"):
                raw_depth = max(0, raw_depth + (-1 if m.group(1) else 1))
            out.append(part)
        elif raw_depth or not _HANGUL.search(part):
            out.append(part)
        else:
            out.append(_IN_WORD.sub(WORD_JOINER, part))
    return "".join(out)


def paper_only(html: str) -> str:
    """The content without what only the site's scripts use (tags and comments only; text is left alone)."""
    out: list[str] = []
    for part in _TOKEN.split(html):
        if part.startswith("<") and not part.startswith("<!--"):
            if _SCRIPT_ONLY_TAG.fullmatch(part):
                continue
            part = _ATTRIBUTE.sub(lambda m: "" if m.group(1).lower().startswith("data-") else m.group(0), part)
        out.append(part)
    return "".join(out)


_TABLE = re.compile(r"(<table\b[^>]*>)(.*?</table>)", re.S | re.I)
_WIDE = re.compile("[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]")  # Hangul, CJK: two units
LINE_UNITS = 100  # about as many Latin characters as a table's line holds (A4 or Letter, 17 mm margins, 8.7 pt)
CELL_PADDING_UNITS = 2  # a cell's padding and border, in the same units


def _units(text: str) -> int:
    return len(text) + len(_WIDE.findall(text))


LONGEST_WORD_UNITS = 24  # a longer word (an address, a code) breaks anywhere (word-break: break-all) or overflows a little


def column_widths(cells: list[list[tuple[str, str]]], line: int = LINE_UNITS) -> list[float]:
    """Each column's share of the table's width, in percent, from its cells' texts (rows of columns), the
    way CSS's automatic table layout shares it: a column gets at least its longest word, the rest of the
    line in proportion to how much wider than that its longest cell is."""
    n = max(len(row) for row in cells)
    low = [CELL_PADDING_UNITS] * n
    high = [CELL_PADDING_UNITS] * n
    for row in cells:
        for i, (text, addresses) in enumerate(row):
            words = text.split()
            longest = min(LONGEST_WORD_UNITS, max((_units(w) for w in words), default=0))
            low[i] = max(low[i], CELL_PADDING_UNITS + longest)
            # the printed addresses are smaller (.85em) and break anywhere: they only widen the column's wish
            wish = _units(" ".join(words)) + int(0.85 * _units(addresses))
            high[i] = max(high[i], CELL_PADDING_UNITS + wish)
    if sum(high) <= line:
        widths = high
    elif sum(low) >= line:
        widths = low
    else:
        spare = (line - sum(low)) / (sum(high) - sum(low))
        widths = [lo + (hi - lo) * spare for lo, hi in zip(low, high, strict=True)]
    total = sum(widths)
    return [round(100 * w / total, 1) for w in widths]


def _cell_text(cell) -> tuple[str, str]:
    """What the cell prints: its text, and the addresses printed after its outside links (data/pdf.css)."""
    links = [a.get("href", "") for a in cell.iter("a") if a.get("href", "").startswith("http")]
    return cell.text_content(), " ".join(f" <{href}>" for href in links)


def fixed_tables(html: str) -> str:
    """Every table with its columns' widths (a <colgroup>), so that the print stylesheet's
    ``table-layout: fixed`` lays it out in one pass: WeasyPrint's automatic layout measures the
    min- and max-content width of every cell first, a quarter of a guide's layout time."""
    from lxml import html as lxml_html

    def with_columns(m: re.Match) -> str:
        try:
            table = lxml_html.fragment_fromstring(m.group(0))
        except Exception:  # noqa: BLE001 - a table lxml cannot read keeps the automatic layout
            return m.group(0)
        if table.tag != "table" or table.find(".//colgroup") is not None or table.find(".//table") is not None:
            return m.group(0)
        rows = [[_cell_text(c) for c in tr if c.tag in ("td", "th")] for tr in table.iter("tr")]
        rows = [r for r in rows if r]
        if not rows or any(c.get("colspan") or c.get("rowspan") for c in table.iter("td", "th")):
            return m.group(0)
        cols = "".join(f'<col style="width: {w}%">' for w in column_widths(rows))
        return f"{m.group(1)}<colgroup>{cols}</colgroup>{m.group(2)}"

    return _TABLE.sub(with_columns, html)


@functools.cache
def pdf_stylesheet() -> str:
    return resources.files("cmg").joinpath("data/pdf.css").read_text(encoding="utf-8")


def print_document(*, content: str, title: str, site_name: str, locale: str, page_url: str | None,
                   version: str, css: str) -> str:
    """The standalone HTML that WeasyPrint turns into the guide's PDF."""
    esc = html_lib.escape
    body = fixed_tables(paper_only(content))
    body = keep_korean_words(body) if locale == "ko" else body
    return (
        f'<!doctype html>\n<html lang="{esc(locale)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n"
        f'<meta name="author" content="{esc(site_name)}">\n'
        f'<meta name="description" content="{esc(title)} — {esc(version)}">\n'
        f"<style>{css}</style>\n</head>\n<body>\n"
        f'<p class="pdf-site">{esc(site_name)}</p>\n'
        f'<article class="md-typeset">\n{body}\n</article>\n'
        + (f'<p class="pdf-source">{esc(page_url)}</p>\n' if page_url else "") +
        "</body>\n</html>\n"
    )


PRINT_KEEP = 512  # print documents kept: every layout of every locale (96 a locale on the shipped guides), a few times


def print_store(state) -> Store:
    """The print documents' cache (nothing kept when it is off or there is no cache folder)."""
    return Store(state.cache_folder("print"), keep=PRINT_KEEP, suffix=".html")


@functools.cache
def _print_recipe() -> bytes:
    """What makes a print document from its inputs: this module's code (print_document, paper_only,
    fixed_tables, keep_korean_words and the constants they read), lxml's version and Python's (html.escape, re)."""
    import sys

    return code_text(sys.modules[__name__]) + package_version("lxml").encode() + sys.version.encode()


def kept_print_document(store: Store, **inputs: str | None) -> str:
    """:func:`print_document` of these inputs, from the print cache when it made it before. A warm build
    made every print document again (13-26 ms each, 32 a locale, and again in the offline copy: about
    3 s of CPU of a warm ``make site``) only to find each PDF in the PDF cache by its document's hash."""
    parts = [part for name in sorted(inputs) for part in (name, "\0" if inputs[name] is None else "=" + inputs[name])]
    key = digest("print document", _print_recipe(), *parts)
    kept = store.read(key)
    if kept is not None:
        try:
            return kept.decode("utf-8")
        except UnicodeDecodeError:  # a damaged entry: made again
            pass
    document = print_document(**inputs)
    store.write(key, document.encode("utf-8"))
    return document


FETCH_POLICY = "site-files-only, no attachments"  # part of the cache key: PDFs made under another policy are redone


def _cache_key(job: PrintJob) -> str:
    # the renderer's version from its package metadata: a PDF from the cache needs no `import weasyprint`
    return digest(_weasyprint_version(), FETCH_POLICY, PDF_VARIANT, job.base_url or "", job.document)


@functools.cache
def _weasyprint_version() -> str:
    return package_version("weasyprint")


def _store(cache_dir: str | None) -> Store:
    return Store(cache_dir, keep=CACHE_KEEP, suffix=".pdf")


def _whole_pdf(data: bytes | None) -> bool:
    """A cached entry that is a PDF written to its end (not bytes left by a crash)."""
    return data is not None and data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def render(job: PrintJob, cache_dir: str | None = None) -> bool:
    """Write the job's PDFs (one layout, on each of its papers); returns True when the layout came from
    the cache (nothing rendered)."""
    store = _store(cache_dir)
    name = _cache_key(job) + ".pdf"
    layout: list[bytes] = []  # the layout's PDF, read or rendered at most once
    hit = True

    def laid_out() -> bytes:
        nonlocal hit
        if not layout:
            cached = store.read(name)
            hit = _whole_pdf(cached)
            if hit:
                data = cached
            else:
                with cpu_slot():  # `cmg build`: the locales' layouts together, once per core
                    data = _rendered(job)
                store.write(name, data)
            layout.append(data)
        return layout[0]

    for paper, target in job.targets():
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        data, fresh = _derived(store, name, paper, job.relative_links, laid_out, target)
        atomic_write_bytes(Path(target), data, durable=fresh and not hit)
    return hit


def _names(name: str, paper: str, links) -> tuple[str, str | None]:
    """The cache names of the layout ``name`` on ``paper`` and of that PDF relinked by ``links`` (or None)."""
    on_name = name if paper == LAYOUT_PAPER else paper_key(name, paper) + ".pdf"
    return on_name, relinked_key(on_name, links) + ".pdf" if links is not None else None


def _all_kept(job: PrintJob, store: Store) -> bool:
    """Whether every PDF of the job is in the cache as it is written (nothing to lay out or derive)."""
    name = _cache_key(job) + ".pdf"
    return all(store.has(relinked or on_name)
               for on_name, relinked in (_names(name, paper, job.relative_links) for paper, _ in job.targets()))


def _derived(store: Store, name: str, paper: str, links, laid_out, target: str) -> tuple[bytes, bool]:
    """The PDF of the layout cached as ``name`` on ``paper``, its links relinked when ``links`` are given
    (each derived PDF cached under its own key); returns it and whether it was made here."""
    on_name, relinked = _names(name, paper, links)
    final = relinked or on_name
    cached = store.read(final)
    if _whole_pdf(cached):
        return cached, False
    papered = store.read(on_name) if on_name != name else None
    if _whole_pdf(papered):
        data = papered  # the layout on this paper, kept: the layout itself is not needed
    else:
        data = laid_out()
        if on_name != name:
            try:
                data = on_paper(data, paper)
            except PaperError as exc:
                raise PaperError(f"{target}: the PDF could not be put on {paper} paper: {exc}") from None
            store.write(on_name, data)
    if relinked is not None:
        try:
            data, _ = relink(data, links)
        except RelinkError as exc:
            raise RelinkError(f"{target}: the offline copy's links could not be made relative: {exc}") from None
        store.write(relinked, data)
    return data, True


def _rendered(job: PrintJob) -> bytes:
    """The job's PDF, rendered by WeasyPrint."""
    from weasyprint import HTML

    from ...print_fetch import drop_attachments, make_fetcher

    options = {"pdf_variant": PDF_VARIANT, "uncompressed_pdf": False}
    # No collections during the layout (in a PDF worker forked from a locale's build or, with one job, in
    # that build itself): a layout grows a graph of about 200,000 objects for a big guide (boxes, styles,
    # Pango layouts), and every collection during it walked that graph again, 40-odd full ones per
    # worker. On a cold `make site` the PDF workers spent 30 s of their 150 s of CPU in the collector, 25 s
    # of it in full collections (before / after the pause: 84-88 s / 77-81 s, CPU 163-171 s / 149-156 s).
    # Freezing the inherited heap instead (gc.freeze in each worker) left those full collections as
    # costly: the walks are of the layout's own objects. The price is memory: the layout's cycles wait for
    # its end, and the largest PDF worker of a cold `make site` peaked at 267 MiB against 221 MiB before.
    with collector.paused():
        # only files of the built site are read (no file: outside it, no network); nothing is attached
        document = HTML(string=job.document, base_url=job.base_url,
                        url_fetcher=make_fetcher(job.site_dir, job.site_url)).render(**options)
        drop_attachments(document)
        return document.write_pdf(**options)


# PDFs kept in the cache: 240 for one version of the shipped guides (96 layouts, 24 on Letter, 120 for
# the offline copy), so a few versions over: an edit undone finds its PDFs again
CACHE_KEEP = 1000


def render_all(jobs: list[PrintJob], cache_dir: str | None = None, workers: int | None = None) -> int:
    """Render every job, in parallel processes when there is more than one to do; returns how many were rendered."""
    if not jobs:
        return 0
    # what the cache holds whole is copied here: no worker process is started for it (a warm build)
    store = _store(cache_dir)
    kept = [cache_dir is not None and _all_kept(j, store) for j in jobs]
    rendered = sum(not render(j, cache_dir) for j, k in zip(jobs, kept, strict=True) if k)
    jobs = [j for j, k in zip(jobs, kept, strict=True) if not k]
    workers = max(1, min(workers or pdf_workers(), len(jobs)))
    if workers == 1:
        rendered += sum(not render(j, cache_dir) for j in jobs)
    else:
        if cache_dir is None or not all(store.has(_cache_key(j) + ".pdf") for j in jobs):
            # imported once here, not once in every worker: 0.4 s of CPU each (WeasyPrint, fontTools, cffi's
            # bindings); only when a layout is to be made (the offline copy's PDFs are the web build's,
            # relinked); the workers, forked, inherit the modules
            from weasyprint import HTML  # noqa: F401

        with ProcessPoolExecutor(max_workers=workers) as pool:
            rendered += sum(not hit for hit in pool.map(render, jobs, [cache_dir] * len(jobs)))
    if cache_dir:
        trim_cache(cache_dir, CACHE_KEEP)
    return rendered


def trim_cache(cache_dir: str, keep: int) -> None:
    """Remove all but the `keep` most recently used PDFs, so the cache does not grow with every edit."""
    Store(cache_dir, keep=keep, suffix=".pdf").trim()


# ---------------------------------------------------------------------------------------- in the build


# The standard edition's PDFs: A4 (no suffix), and US Letter, common in Central America (name suffix,
# paper); one layout (pdf_paper.py)
EDITION_PAPERS = (("", LAYOUT_PAPER), ("letter", "letter"))


def pdf_name(info, paper: str = "") -> str:
    guide = posixpath.basename(posixpath.dirname(info.rel)) or posixpath.splitext(info.rel)[0]
    return f"{guide}-{info.locale}{'-' + paper if paper else ''}.pdf"


def pdf_fits(state, info, html: str) -> bool:
    """A page bigger than ``plugins.cmg.pdf_max_kb`` gets no PDF, with a warning that says why."""
    size_kb = len(html.encode("utf-8")) // 1024
    limit = state.settings.pdf_max_kb
    if size_kb <= limit:
        return True
    log.warning(f"{info.model.path}: no PDF made for the '{info.locale}' site: the page is {size_kb:,} KB of HTML, "
                f"over plugins.cmg.pdf_max_kb ({limit:,} KB); split the guide or raise the limit")
    return False


def print_job(config, page, document: str, targets: tuple[tuple[str, str], ...]) -> PrintJob:
    """The job that makes a page's PDF from its print document, with links that work where the PDF is
    read (publishing.py): the published pages for the web build's PDFs, relative ones (to the
    ``index.html`` beside them) in the offline copy. ``targets``: (paper, where the PDF goes), one or
    more, all of one layout."""
    (paper, target), more = targets[0], tuple(targets[1:])
    dest = page.file.dest_uri
    site_url = config.site_url or ""
    if offline_plugin(config) is not None and posixpath.basename(dest) == "index.html":
        # the offline copy: the web build's PDF of the page (the same document, so from the cache),
        # its links then made relative; a page in the same folder in both builds (x/index.html)
        base_url = page_address(config.site_url, dir_url(dest))
        document, links = web_links(document, base_url)
        return PrintJob(document, base_url, target, config.site_dir, site_url, links, paper, more)
    base_url = pdf_base_url(config.site_url, dir_url(dest), offline=offline_plugin(config) is not None)
    if not config.use_directory_urls and base_url is not None:
        document = INDEX_HTML_LINK.sub(r"\1", document)  # links as the web build writes them: same PDF, from the cache
    return PrintJob(document, base_url, target, config.site_dir, site_url, None, paper, more)


def queue_pdf(state, info, html: str, page, config) -> None:
    """The page's print document, rendered with the others after the locale is built: one layout,
    written on each paper of :data:`EDITION_PAPERS`."""
    page_url = page_address(config.site_url, dir_url(page.file.dest_uri))
    dest_dir = posixpath.dirname(page.file.dest_uri)
    document = kept_print_document(print_store(state), content=html, title=str(info.model.meta.get("title", info.rel)),
                                   site_name=config.site_name, locale=info.locale, page_url=page_url,
                                   version=str(info.model.meta.get("version", "")), css=pdf_stylesheet())
    targets = tuple((paper, os.path.join(config.site_dir, dest_dir, pdf_name(info, suffix)))
                    for suffix, paper in EDITION_PAPERS)
    state.print_jobs.append(print_job(config, page, document, targets))


def write_pdfs(state) -> None:
    """The PDFs of the pages built so far, one process per core (cached by their input)."""
    jobs, state.print_jobs = state.print_jobs, []
    if not jobs:
        return
    cache_dir = state.cache_folder("pdf")
    cache = str(cache_dir) if cache_dir else None
    try:
        rendered = render_all(jobs, cache)
    except (RelinkError, PaperError) as exc:
        raise PluginError(f"cmg: {exc}") from None
    print_store(state).trim()
    log.info(f"PDF: {len(jobs)} layouts ({rendered} rendered, {len(jobs) - rendered} from the cache)")
