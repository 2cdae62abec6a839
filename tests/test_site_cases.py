"""The site module's transforms (cmg/site.py) as Markdown-to-HTML cases, in process, the way
pymdown-extensions tests its extensions: each case is a guide's Markdown, what the site does to it
before Python-Markdown converts it (with the extensions mkdocs.yml configures) and after, and the HTML a
reader gets. No build, no browser: these run in `make test-fast`."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
import pytest
from mkdocs.utils.yaml import yaml_load

from cmg import site
from conftest import ROOT


def _site_extensions() -> tuple[list[str], dict]:
    """The Markdown extensions and their settings, as the site's mkdocs.yml has them."""
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            ((name, options),) = entry.items()
            names.append(name)
            settings[name] = options or {}
        else:
            names.append(entry)
    return names, settings


EXTENSIONS, EXTENSION_CONFIGS = _site_extensions()


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS).convert(text)


def _dedent(text: str) -> str:
    return textwrap.dedent(text).strip("\n") + "\n"


CLAUSES = {  # the clause index a page's cross-references resolve against: id → (text, href)
    "dm-inspection": ("1 Inspection", "#dm-inspection"),
    "dm-scope": ("Guide 2, 3 [Draft] scope", "../acceptance/#dm-scope"),
}


def xrefs(text: str) -> str:
    return site.render_xrefs(text, CLAUSES.get)


def spanish_notices(**kw) -> Callable[[str], str]:
    def apply(text: str) -> str:
        return site.decorate_clauses(text, outdated_text="El texto de origen cambió.", link_text="Leer en inglés",
                                     untranslated_text="Sin traducir.", locale="es", source_locale="en",
                                     current_label="Texto actual", previous_label="Traducción anterior",
                                     **{"outdated": {}, **kw})
    return apply


def page_html(html: str) -> str:
    """What the build does to every page's HTML (engine/pages.py clean_content)."""
    return site.footnotes_out_of_search(site.label_task_checkboxes(site.external_links_noopener(html)))


def glossary(html: str) -> str:
    return site.GlossaryMarks({"acta de recepción": "El documento que deja constancia de la entrega.",
                               "plazo": "El tiempo para entregar."}).mark(html)


def glossary_linked(html: str) -> str:
    """As the build marks a guide page: each term also leads to its entry on the glossary page."""
    return site.GlossaryMarks({"acta de recepción": "El documento que deja constancia de la entrega.",
                               "plazo": "El tiempo para entregar."},
                              {"acta de recepción": site.term_anchor("acta"), "plazo": site.term_anchor("plazo/time")}
                              ).mark(html, glossary_href="../glossary/")


@dataclass(frozen=True)
class Case:
    name: str
    source: str  # the guide's Markdown
    expected: str  # the HTML the reader gets
    before: Callable[[str], str] = field(default=lambda s: s)  # on the Markdown (on_page_markdown)
    after: Callable[[str], str] = field(default=lambda s: s)  # on the HTML (on_page_content)


CASES = [
    Case("a cross-reference is a link with the clause's number and title",
         "See [[dm-inspection]].",
         '<p>See <a class="cmg-xref" data-clause="dm-inspection" href="#dm-inspection">1 Inspection</a>.</p>',
         before=xrefs),
    Case("a cross-reference to another guide keeps the brackets of its title as text",
         "As [[dm-scope]] says.",
         '<p>As <a class="cmg-xref" data-clause="dm-scope" href="../acceptance/#dm-scope">Guide 2, 3 [Draft] scope</a>'
         " says.</p>",
         before=xrefs),
    Case("an unknown clause stays as written (the validation reports it: CMG202)",
         "Not [[dm-nowhere]].",
         "<p>Not [[dm-nowhere]].</p>",
         before=xrefs),
    Case("a cross-reference shown as code is code, as the parser reads it",
         "Write `[[dm-inspection]]` to refer to a clause.\n\n```text\nSee [[dm-inspection]].\n```",
         "<p>Write <code>[[dm-inspection]]</code> to refer to a clause.</p>\n"
         '<div class="highlight"><pre><span></span><code>See [[dm-inspection]].\n</code></pre></div>',
         before=xrefs),
    Case("an outdated clause: the notice, then the current source text, then the old translation",
         _dedent("""
             ## 1 Inspección {#dm-inspection}

             Texto viejo.
         """),
         "\n".join([
             '<h2 id="dm-inspection">1 Inspección<a class="headerlink" href="#dm-inspection" title="Permanent link">¶</a>'
             "</h2>",
             '<div class="cmg-notice cmg-notice--outdated" role="note" lang="es"><p>El texto de origen cambió. '
             '<a href="../../en/demo/#dm-inspection">Leer en inglés</a></p></div>',
             "",
             '<div class="cmg-current" lang="en">',
             '<p class="cmg-current__label" lang="es">Texto actual</p>',
             "<p>Inspect within <strong>5 days</strong>.</p>",
             "</div>",
             '<p class="cmg-current__label" lang="es">Traducción anterior</p>',
             "",
             "<p>Texto viejo.</p>",
         ]),
         before=spanish_notices(outdated={"dm-inspection": "../../en/demo/#dm-inspection"},
                                current={"dm-inspection": "Inspect within **5 days**."})),
    Case("an untranslated block is in the source language up to the next clause",
         _dedent("""
             ## 2 Alcance {#dm-scope}

             <!-- cmg: untranslated -->

             Text in English.

             ## 3 Plazos {#dm-time}

             Texto.
         """),
         _dedent("""
             <h2 id="dm-scope">2 Alcance<a class="headerlink" href="#dm-scope" title="Permanent link">¶</a></h2>
             <div class="cmg-notice cmg-notice--untranslated" role="note" lang="es"><p>Sin traducir.</p></div>

             <div lang="en">
             <p>Text in English.</p>
             </div>
             <h2 id="dm-time">3 Plazos<a class="headerlink" href="#dm-time" title="Permanent link">¶</a></h2>
             <p>Texto.</p>
         """).rstrip("\n"),
         before=spanish_notices()),
    Case("a marker inside fenced code is code, not a notice",
         "```\n<!-- cmg: untranslated -->\n```",
         '<div class="highlight"><pre><span></span><code>&lt;!-- cmg: untranslated --&gt;\n</code></pre></div>',
         before=spanish_notices()),
    Case("a renamed clause keeps its old IDs as anchors before its heading, not inside code",
         "## 1 Inspection {#dm-inspection}\n\n```\n## 1 Inspection {#dm-inspection}\n```",
         '<div id="dm-old" class="cmg-alias" data-clause="dm-inspection"></div>\n\n'
         '<h2 id="dm-inspection">1 Inspection<a class="headerlink" href="#dm-inspection" title="Permanent link">¶</a></h2>\n'
         '<div class="highlight"><pre><span></span><code>## 1 Inspection {#dm-inspection}\n</code></pre></div>',
         before=lambda s: site.alias_anchors(s, {"dm-inspection": ["dm-old"]})),
    Case("the current source text inside a translation adds no headings (no anchors, no contents entries)",
         "## 1 Inspection {#dm-inspection}\n\n### What to check {#dm-check}\n\nThe goods.",
         "<p><strong>What to check</strong></p>\n<p>The goods.</p>",
         before=site.current_source_markdown),
    Case("external links open without the opener; links inside the site and a rel written stay",
         'See [the law](https://example.org/law), [home](../) and <a href="//cdn.example/x" rel="me">x</a>.',
         '<p>See <a href="https://example.org/law" rel="noopener noreferrer">the law</a>, <a href="../">home</a> and '
         '<a href="//cdn.example/x" rel="me">x</a>.</p>',
         after=page_html),
    Case("a checklist's checkboxes are named by their item's text",
         "- [x] Goods *counted*\n- [ ] Acta signed",
         '<ul class="task-list">\n'
         '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled checked '
         'aria-label="Goods counted"/><span class="task-list-indicator"></span></label> Goods <em>counted</em></li>\n'
         '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled '
         'aria-label="Acta signed"/><span class="task-list-indicator"></span></label> Acta signed</li>\n</ul>',
         after=page_html),
    Case("footnotes and their markers are left out of the search entries",
         "Fines apply.[^1]\n\n[^1]: Article 12.",
         '<p>Fines apply.<sup data-search-exclude id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>\n'
         '<div data-search-exclude class="footnote">\n<hr />\n<ol>\n<li id="fn:1">\n'
         '<p>Article 12.&#160;<a class="footnote-backref" href="#fnref:1" title="Jump back to footnote 1 in the text">'
         "&#8617;</a></p>\n</li>\n</ol>\n</div>",
         after=page_html),
    Case("glossary terms are marked in prose, the longest first, not in headings, links or code",
         "## El plazo {#dm-time}\n\nFirme el acta de recepción en el plazo; vea [el plazo](#x) y `plazo`.",
         '<h2 id="dm-time">El plazo<a class="headerlink" href="#dm-time" title="Permanent link">¶</a></h2>\n'
         '<p>Firme el <abbr data-cmg-term="0">acta de recepción</abbr> en el <abbr data-cmg-term="1">plazo</abbr>; '
         'vea <a href="#x">el plazo</a> y <code>plazo</code>.</p>\n'
         '<div class="cmg-terms" hidden data-definitions="[&quot;El documento que deja constancia de la entrega.&quot;, '
         '&quot;El tiempo para entregar.&quot;]"></div>',
         after=glossary),
    Case("marked terms lead to their entry on the glossary page of the reader's locale",
         "Firme el acta de recepción en el plazo.",
         '<p>Firme el <abbr data-cmg-term="0">acta de recepción</abbr> en el <abbr data-cmg-term="1">plazo</abbr>.</p>\n'
         '<div class="cmg-terms" hidden data-definitions="[&quot;El documento que deja constancia de la entrega.&quot;, '
         '&quot;El tiempo para entregar.&quot;]" data-glossary="../glossary/" '
         'data-anchors="[&quot;term-acta&quot;, &quot;term-plazo-time&quot;]"></div>',
         after=glossary_linked),
    Case("a page without glossary terms is left as it is",
         "Nothing to mark here.",
         "<p>Nothing to mark here.</p>",
         after=glossary),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_markdown_to_html(case: Case):
    assert case.after(convert(case.before(case.source))) == case.expected


def test_every_transform_of_the_pages_has_a_case():
    """A new transform of the pages in site.py gets a case here (or is named as having none)."""
    covered = {"render_xrefs", "decorate_clauses", "alias_anchors", "current_source_markdown",
               "external_links_noopener", "label_task_checkboxes", "footnotes_out_of_search", "GlossaryMarks",
               "notice_html", "lines_outside_code", "term_anchor"}
    # the generated pages and strings, tested with their pages (test_site.py, test_rules.py…)
    elsewhere = {"ui_strings", "language_name", "guide_meta_html", "glossary_markdown", "rules_markdown",
                 "status_markdown", "glossary_definitions", "glossary_anchors"}
    public = {name for name, value in vars(site).items()
              if callable(value) and not name.startswith("_") and getattr(value, "__module__", "") == site.__name__}
    assert public - covered - elsewhere == set()
