"""Every validation rule: a stable code, a default severity, a one-line summary, a fix hint and docs;
and :class:`Finding`, what a check reports under a rule (its severity and hint from here)."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    hint: str
    doc: str
    group: str


_RULES = [
    # input and configuration
    Rule("CMG001", "not-utf8", ERROR, "File is not valid UTF-8.", "Re-save the file as UTF-8.",
         "Every guide, translation and the termbase are UTF-8 (a byte-order mark is accepted).", "Input"),
    Rule("CMG002", "front-matter-syntax", ERROR, "Front matter is not valid YAML.",
         "Fix the YAML between the two `---` lines.",
         "The block between the first two `---` lines must be a YAML mapping. Until it is fixed, the file is "
         "reported once, at the line YAML stopped, and its page is built without the block (a title with a "
         "colon in it goes in quotes).", "Input"),
    Rule("CMG003", "termbase-invalid", ERROR, "The termbase has an error.",
         "Fix the entry at the line shown.",
         "Each termbase entry has a unique id and a term and definition for every site locale; "
         "an approved term belongs to one concept only.", "Input"),
    Rule("CMG004", "locale-not-configured", WARNING, "A translations folder is not a configured locale.",
         "Add the locale to `plugins.i18n.languages` in mkdocs.yml (or run `cmg new-locale`), or remove the folder.",
         "Files under `translations/<locale>/` are only built and checked when the locale is configured.", "Input"),
    Rule("CMG005", "locale-not-in-termbase", INFO, "A site locale has no terms in the termbase yet.",
         "Add the locale to the termbase's `locales` list and give every term its approved term there.",
         "Terminology checks run only for locales the termbase declares; a new locale starts without them.", "Input"),
    Rule("CMG006", "not-nfc", WARNING, "Text is not in Unicode NFC form.",
         "Normalise the file to NFC (composed characters).",
         "Korean saved in NFD (decomposed jamo, as some tools write it) looks the same but matches no term, "
         "obligation or source text, so dozens of other findings follow; this one comes first and says why.",
         "Input"),
    Rule("CMG008", "path-refused", ERROR, "A guide file or folder leads outside the project or is not a file.",
         "Replace the symbolic link or special file (FIFO, device) with the real file or folder.",
         "Guide trees are read only inside the project: a symbolic link that leads elsewhere (a folder linked "
         "to `/` would walk the whole file system) and special files (a FIFO would wait for ever) are not read "
         "and are reported here.", "Input"),
    # structure
    Rule("CMG101", "clause-missing", ERROR, "A source clause is missing from the translation.",
         "Translate the clause and add it with the same ID, or run `cmg sync LOCALE`.",
         "Every clause of the source guide exists, with the same ID, in every translation.", "Structure"),
    Rule("CMG102", "clause-extra", ERROR, "The translation has a clause the source does not have.",
         "Remove it, or add it to the source guide first.",
         "A translation may not add clauses: the source guide defines the set.", "Structure"),
    Rule("CMG103", "clause-order", ERROR, "Clauses are in a different order than in the source.",
         "Move the clause to the same place as in the source guide.",
         "Clauses appear in the same order in every locale.", "Structure"),
    Rule("CMG104", "heading-level", ERROR, "Clause heading level differs from the source.",
         "Use the same number of `#` as the source heading.",
         "A section (`##`) stays a section and a sub-clause (`###`) a sub-clause in every locale.", "Structure"),
    Rule("CMG105", "clause-number", ERROR, "Visible clause number differs from the source.",
         "Use the source's clause number.", "Readers cite clauses by number; the number is the same in every locale.",
         "Structure"),
    Rule("CMG106", "duplicate-id", ERROR, "Clause ID is used more than once.",
         "Give each clause its own ID.",
         "Clause IDs are unique within a file, a guide and the whole guide set: they are permalinks.", "Structure"),
    Rule("CMG107", "malformed-id", ERROR, "Clause ID is malformed.",
         "Use lower-case ASCII letters, digits and hyphens, starting with the guide's prefix.",
         "IDs match `^[a-z][a-z0-9]*(-[a-z0-9]+)*$`.", "Structure"),
    Rule("CMG108", "orphan-translation", ERROR, "Translation file has no source file.",
         "Rename it to match a file under guides/, or delete it.",
         "Every file under `translations/<locale>/` mirrors a file under `guides/`.", "Structure"),
    Rule("CMG109", "missing-translation-file", INFO, "Source file has no translation in a locale.",
         "Run `cmg sync LOCALE` to create it with untranslated blocks.",
         "Readers of that locale see the source-language page with a 'not yet translated' notice. A new guide "
         "is expected to wait for its translators: this never blocks publishing.", "Structure"),
    Rule("CMG110", "clause-without-id", ERROR, "Numbered clause heading has no ID.",
         "Add `{#prefix-topic}` at the end of the heading.",
         "Clause headings carry an explicit ID that is the same in every locale.", "Structure"),
    Rule("CMG111", "clause-numbering", WARNING, "Clause numbers in the source are not consecutive.",
         "Renumber the clauses: sections 1, 2, 3…; sub-clauses N.1, N.2…",
         "Source clause numbers run without gaps; cross-references use IDs, so renumbering breaks nothing.",
         "Structure"),
    Rule("CMG112", "heading-skip", WARNING, "Heading level skips a level.",
         "Use `##` under `#` and `###` under `##`.", "Skipped levels break the outline and screen readers.",
         "Structure"),
    Rule("CMG113", "guide-not-in-nav", WARNING, "Guide is not listed in the site navigation.",
         "List at least one guide (`<guide>/index.md`) in a section of mkdocs.yml's nav.",
         "The guides' section of the navigation follows the guides themselves: the section of mkdocs.yml's nav "
         "that lists a guide lists every guide, in the order of their front matter `number`, each under its "
         "own title. Only a nav that lists no guide at all leaves a guide out.", "Structure"),
    Rule("CMG114", "xref-old-id", INFO, "Cross-reference uses the old ID of a renamed clause.",
         "Write the clause's current ID (`cmg rename` updates every reference when it renames).",
         "A renamed clause keeps answering its old ID (the source's `clause_aliases`), so the link works; "
         "the reference should still use the current ID.", "Structure"),
    Rule("CMG116", "setext-heading", ERROR, "A heading is written with an underline (`===` or `---`).",
         "Write the heading on one line with `#` marks (`## 2.1 Title {#id}`) and delete the underline.",
         "Markdown also makes a heading of a line underlined with `===` (level 1) or `---` (level 2), but the "
         "guides' tools read only `#` headings: a clause written so would count as missing, `cmg sync` would "
         "insert it a second time, and its number and ID would not be checked. Files with one are left untouched "
         "by `sync`, `mark`, `rename`, `move` and `remove` until it is rewritten.", "Structure"),
    # content
    Rule("CMG115", "id-prefix-other-guide", WARNING, "A clause ID has the prefix of another guide.",
         "Rename it with this guide's prefix: `cmg rename PATH#OLD NEW` (the old ID keeps working).",
         "Each guide's clause IDs share a prefix (`dl-` for delays, the one most of its IDs use). A clause moved by "
         "hand keeps its old guide's prefix, which makes readers and editors look for it in the wrong guide. A "
         "clause moved with `cmg move` keeps its ID on purpose (old links stay valid) and is not reported.",
         "Structure"),
    Rule("CMG201", "numbers-differ", ERROR, "Numeric values differ from the source clause.",
         "Use exactly the source's numbers (days, percentages, amounts) in this clause.",
         "Numbers are compared per clause as a multiset, after reading each locale's number format.", "Content"),
    Rule("CMG202", "xref-unknown", ERROR, "Cross-reference points to a clause that does not exist.",
         "Use the ID of an existing clause: `[[prefix-topic]]`.",
         "Cross-references are written `[[clause-id]]` and must resolve.", "Content"),
    Rule("CMG203", "xref-differs", ERROR, "Cross-references differ from the source clause.",
         "Refer to the same clauses as the source.", "A translated clause refers to exactly the source's targets.",
         "Content"),
    Rule("CMG204", "links-differ", ERROR, "Link or image targets differ from the source clause.",
         "Use the same link and image targets as the source.",
         "Links and images point to the same places in every locale.", "Content"),
    Rule("CMG205", "items-differ", ERROR, "Number of list or checklist items differs from the source.",
         "Translate every list and checklist item; do not merge or split items.",
         "Lists and checklists have the same number of items in every locale, list by list; the lists of a "
         "model form (`!!! form`) are counted apart from those of the clause's text. The finding is at the "
         "translation's list and gives the line of the source's.", "Content"),
    Rule("CMG206", "table-differs", ERROR, "Table rows or columns differ from the source.",
         "Keep the source's rows and columns.",
         "Tables have the same shape in every locale. The finding names the row that is added, missing or has "
         "other cells (rows counted below the header row), at its line; rows are paired by their numbers and "
         "placeholders.", "Content"),
    Rule("CMG207", "admonitions-differ", ERROR, "Note kinds differ from the source.",
         "Keep the same notes (`!!! korea`, `!!! pilot`, `!!! form`…) in the same order.",
         "Notes beside the text are the same kinds in every locale.", "Content"),
    Rule("CMG208", "placeholders-differ", ERROR, "Form placeholders differ from the source.",
         "Keep the `{{placeholder}}` names of the source exactly.",
         "Placeholders are tool-readable and identical in every locale.", "Content"),
    Rule("CMG209", "footnotes-differ", ERROR, "Footnotes differ from the source.",
         "Keep the same footnote labels, references, numbers and links.",
         "Sources are cited identically in every locale.", "Content"),
    Rule("CMG210", "footnote-status-differs", WARNING, "A footnote marks its source's status differently from the source.",
         "Mark the same sources secondary, and the same point unconfirmed, as the source footnote does.",
         "A footnote that says \"(secondary source)\" or \"to be confirmed\" in one locale says it in every "
         "locale, as the content brief tags the fact ([S], [U]): each secondary mark is counted, and an "
         "unconfirmed mark must be there or not in both. The words of each locale are the `source_status` "
         "patterns of `translations/termbase.yml`; a locale without them is not checked.", "Content"),
    Rule("CMG211", "placeholder-label-missing", WARNING, "A form placeholder has no label in the locale.",
         "Add the label to the placeholder's entry in `translations/placeholders.yml` (the hint names the line).",
         "Readers see each `{{placeholder}}` of a model letter or act as a label in their language "
         "(`[número del contrato]`), from `translations/placeholders.yml`; the name stays for tools. Without a "
         "label the name itself is shown, in English snake_case. Checked for the locales the file declares; "
         "the file's own errors are reported here too.", "Content"),
    # terminology
    Rule("CMG301", "term-not-used", WARNING, "Approved term of the termbase is not used.",
         "Use the approved term (or an accepted variant) for the concept the source names.",
         "Where a source clause uses a termbase term, the translated clause uses that locale's approved term "
         "(unless the termbase marks that locale `check: false`, for a concept it leaves unmarked in running "
         "text, such as the Korean calendar-day period \"14일\").",
         "Terminology"),
    Rule("CMG302", "forbidden-term", ERROR, "A forbidden term is used.",
         "Replace it with the approved term.", "The termbase lists variants that must not be used.", "Terminology"),
    # obligation
    Rule("CMG401", "obligation-differs", ERROR, "Obligation strength differs from the source clause.",
         "Use the same must / must not / should / may as the source (see the obligation table).",
         "A translation never turns an obligation into an option: each strength (must not, must, should, "
         "may) is counted per clause with the verbs of the termbase's `obligations`. The `loose` forms "
         "(\"need to\", \"cannot\", \"tiene que\", \"수 없다\"…) can stand for a strength without being "
         "required to, and idioms that only look like one (\"se debe a que\") are not counted. An error when "
         "a prohibition, an obligation or a recommendation is found more or fewer times than its loose "
         "forms explain, or when a permission word was swapped for a stronger one (\"podrá\" → \"deberá\"). "
         "Measured on real human translations (Helm documentation, CNCF glossary): README, \"Validator "
         "precision\".",
         "Obligation"),
    Rule("CMG402", "permission-differs", WARNING, "Only the may / can words differ from the source clause.",
         "Check that a permission stays a permission (may / puede / 할 수 있다) and a possibility a possibility.",
         "The prohibitions, obligations and recommendations agree, but the permission words (may, "
         "puede, podrá, 수 있다) are counted differently. These words say possibility as often as "
         "permission (\"puede tardar\", \"걸릴 수 있다\"), so a differing count alone is a warning: on real "
         "translations it was a false alarm in nearly every case. A change between a permission and an "
         "obligation or prohibition is still CMG401.",
         "Obligation"),
    # hygiene
    Rule("CMG501", "front-matter-missing", ERROR, "Required front matter is missing or invalid.",
         "Add guide, number, title, version, status, effective and applies_to.",
         "Every guide file starts with front matter naming the guide and its version.", "Hygiene"),
    Rule("CMG502", "front-matter-differs", ERROR, "Front matter differs from the source.",
         "Copy guide, number, version, status, effective and applies_to from the source.",
         "Only the title is translated.", "Hygiene"),
    Rule("CMG503", "untranslated-text", WARNING, "Clause text is identical to the source.",
         "Translate the clause.", "A translated clause that equals the source text was probably not translated.",
         "Hygiene"),
    Rule("CMG507", "english-left", WARNING, "Text of a translated clause is still in the source language.",
         "Translate the sentence, note title, table cell or footnote named in the message.",
         "CMG503 catches a whole line left untranslated; this rule catches what hides inside translated text: a "
         "sentence of five words or more inside a paragraph, a note's title, a table cell of two words or more "
         "(compared row by row and column by column, the message names them) and a footnote whose text is the "
         "source's (a footnote `cmg sync` added still carries the untranslated marker, and is reported until it is "
         "translated). Outdated clauses and untranslated blocks are left out: their English text is expected.",
         "Hygiene"),
    Rule("CMG508", "footnote-unused", WARNING, "A footnote is defined but cited nowhere in its file.",
         "Cite it (`[^label]`) where it belongs, or delete the definition.",
         "Python-Markdown drops a footnote no text cites, so its content never reaches the reader. It is usually left "
         "behind when a clause is moved or removed by hand (`cmg move` and `cmg remove` take a clause's footnotes "
         "with it).", "Hygiene"),
    Rule("CMG504", "unsafe-html", ERROR, "Content the site's HTML sanitiser removes.",
         "Use Markdown: links to http(s):, mailto: or pages of the site, images from the site's own files; no "
         "script, event handler, style, frame, form or foreign element.",
         "Every published fragment (page, title in the navigation, table of contents, search index, glossary, "
         "PDF) passes one allowlist (nh3; `scripts/cmg/sanitize.py`). The validator converts each file as the "
         "site does (raw HTML, attribute lists such as `{#id onclick=…}`, reference links, entities included) "
         "and reports, at its line, each element or attribute the allowlist removes: `<script>`, `<svg>`, "
         "`on…=` handlers, `style`, `javascript:`/`data:`/`file:` URLs however they are spelt, images from "
         "other hosts, `rel=\"attachment\"`, NUL characters, and front-matter titles that would carry any "
         "of them. A non-strict build publishes the sanitised text; a strict one stops.", "Hygiene"),
    Rule("CMG505", "unclosed-block", WARNING, "A code fence or note is not closed or is empty.",
         "Close the fence, or indent the note's text by 4 spaces.",
         "An unclosed fence swallows the rest of the page.", "Hygiene"),
    Rule("CMG601", "clause-outdated", INFO, "The source clause changed after it was translated.",
         "Revise the translation against the current source clause, then run `cmg mark LOCALE PATH#CLAUSE`.",
         "Each translated file records, under `translated_from` in its front matter, the fingerprint of every "
         "source clause it was translated from; white-space-only edits of the source do not count. An outdated "
         "clause is expected state, not an error: the site publishes it with a notice and the current source "
         "text above the old translation. What the source edit changed (numbers, obligations, links, lists…) is "
         "listed in this finding instead of as consistency errors, until the translator revises the clause and "
         "marks it.", "Freshness"),
    Rule("CMG506", "untranslated-block", INFO, "Clause is still an untranslated block.",
         "Translate it and remove the `<!-- cmg: untranslated -->` marker, then run `cmg mark`.",
         "Blocks inserted by `cmg sync` hold the source text until a translator replaces them.", "Hygiene"),
    # countries
    Rule("CMG701", "profile-invalid", ERROR, "A country profile or the parameter catalogue is not valid.",
         "Fix the YAML or the entry at the line shown.",
         "`countries/parameters.yml` lists each parameter (ID, kind, label and standard text per locale); each "
         "`countries/<code>.yml` is a YAML mapping with the country's name, laws and parameters. Unknown keys, laws "
         "or contract types, and sources that are not http(s) addresses are refused.", "Countries"),
    Rule("CMG702", "param-unknown", ERROR, "Reference to a country parameter that the catalogue does not have.",
         "Use an ID of `countries/parameters.yml` (`[[param:delay-fine-rate]]`), or add the parameter there; after "
         "`@`, a country that has a profile, and after `/`, one of its contract types or laws.",
         "Guides refer to national figures by ID: `[[param:ID]]` in a sentence, `[[country-table:ID ...]]` on a "
         "line of its own; profiles only give values of catalogued parameters. `[[param:ID@kr]]` (or "
         "`ID@kr/works`, `ID@sv/lacap`) names one country's value: that country must have one.", "Countries"),
    Rule("CMG703", "param-missing", ERROR, "A pilot country gives no value for a parameter the guides use.",
         "Add the parameter to the country's profile, with a value, `not_set:` (why the law sets none) or "
         "`unknown:` (what to check).",
         "Every pilot country (`pilot: true`) answers every parameter the guides refer to: with a value, or with "
         "a reason, so that a reader never meets a silent gap.", "Countries"),
    Rule("CMG704", "param-kind", ERROR, "A parameter's value does not match its kind.",
         "Give a value of the parameter's kind (a rate per day, a percentage, an amount, a period with its kind "
         "of days, a text, a law reference).",
         "The catalogue fixes each parameter's kind; a profile that gives, say, days where a rate is expected, "
         "or tiers that do not follow each other, is refused.", "Countries"),
    Rule("CMG705", "status-unknown", ERROR, "A country figure has no status or an unknown one.",
         "Write `status: verified`, `secondary` or `unconfirmed` (the content brief's [V], [S], [U]).",
         "Every value carries the status of its source; a figure that is not verified is shown to readers as "
         "'to be confirmed'.", "Countries"),
    Rule("CMG706", "verified-without-source", ERROR, "A verified figure has no source or no sign-off.",
         "Add `source:` (the official text) and `verified_by` / `verified_on`, or lower the status.",
         "A figure is verified only against a source that can be opened, and the profile records who checked it "
         "and when (the partner agency's sign-off).", "Countries"),
    Rule("CMG707", "figure-written-out", WARNING, "Guide text writes out a figure that a country profile holds.",
         "Refer to the parameter instead: `[[param:ID]]` or `[[country-table:ID]]` in a pilot-country note, "
         "`[[param:ID@kr]]` or `[[country-table:ID@kr]]` for one country's value.",
         "Each national figure lives in one place, its country profile; a percentage or a number of days written "
         "out, in any locale, where a country's figures are given is a second copy that will drift: in a `!!! pilot` "
         "note (the pilot countries' figures), in a note of a country's practice (`!!! korea`: the profile with "
         "`admonition: korea`), or in a sentence or table row that names the country (its `name` and `called` "
         "words). Every way of writing the figure counts: `0.075 %`, `0.075%`, `0,075 %`, `0.075 por ciento`, per "
         "mille (`0.75/1,000`, `0.75‰`, `1000분의 0.75`), the bounds of a range (`2 % to 10 %`, `2–10 %`, "
         "`2% 이상 10% 이하`), days (`14 days`, `14-day`, `14 días`, `14일`), and a table cell under a header "
         "that gives the unit (`Rate (%)`, `Days`). Worked examples, model forms and "
         "footnotes are not checked: examples compute with their own inputs, footnotes cite the source.", "Countries"),
    Rule("CMG708", "param-refs-differ", ERROR, "Country references differ from the source clause.",
         "Refer to the same parameters, the same number of times, as the source clause.",
         "`[[param:…]]` and `[[country-table:…]]` references are the same in every locale.", "Countries"),
    Rule("CMG709", "profile-text-fallback", INFO, "A text of a country profile is missing in a locale.",
         "Translate the text into every site locale (a locale added later starts without them).",
         "Labels, standard texts, names and notes of the profiles are given per locale; where one locale has "
         "none, its readers see the source locale's text, as an untranslated guide shows the source guide. "
         "A text without the source locale's version is an error (CMG701).", "Countries"),
]

RULES: dict[str, Rule] = {r.code: r for r in _RULES}


def rule(code: str) -> Rule:
    return RULES[code]


@dataclass
class Finding:
    code: str
    message: str
    path: str
    line: int
    col: int = 1
    locale: str = ""
    guide: str = ""
    clause: str = ""
    severity: str = ""
    hint: str = ""
    suppressed_by: frozenset[str] = field(default=frozenset(), repr=False)

    def __post_init__(self):
        r = RULES.get(self.code)
        if r:
            self.severity = self.severity or r.severity
            self.hint = self.hint or r.hint

    def as_dict(self) -> dict:
        return {
            "code": self.code, "severity": self.severity, "path": self.path, "line": self.line,
            "col": self.col, "locale": self.locale, "guide": self.guide, "clause": self.clause,
            "message": self.message, "hint": self.hint,
        }
