"""Pure checks over the model. Each returns findings; none reads files."""

from __future__ import annotations

import posixpath
import re
from collections import Counter

from .lifecycle_edits import hand_renames
from .model import Block, Clause, GuideFile, NumberToken, Pos
from .numbers import number_words
from .parse import ID_RE
from .rules import RULES, Finding  # noqa: F401 (Finding: from here too)
from .shape_checks import list_differences, table_differences
from .termbase import STRENGTHS, Termbase, TermsFound, count_obligations, fold, loose_key, source_marks
from .unsafe import file_unsafe

REQUIRED_META = ("guide", "number", "title", "version", "status", "effective", "applies_to")
SHARED_META = ("guide", "number", "version", "status", "effective", "applies_to")
STATUSES = ("draft", "pilot", "approved")
CONTRACT_TYPES = ("goods", "works", "services")


def _f(gf: GuideFile, code: str, message: str, pos: Pos, clause: str = "", block: Block | None = None) -> Finding:
    return Finding(code, message, gf.path, pos.line, pos.col, gf.locale, gf.guide, clause,
                   suppressed_by=block.suppressed if block else frozenset())


# ---------------------------------------------------------------- single file


def check_file(gf: GuideFile, *, is_source: bool, termbase: Termbase | None) -> list[Finding]:
    out: list[Finding] = []
    for p in gf.problems:
        out.append(Finding(p.code, p.message, gf.path, p.pos.line, p.pos.col, gf.locale, gf.guide,
                           hint=p.hint or ""))
    if any(p.code == "CMG001" for p in gf.problems):
        return out
    out += check_front_matter(gf)
    seen: dict[str, int] = {}
    for c in gf.clauses:
        if c.id and not ID_RE.match(c.id):
            out.append(_f(gf, "CMG107", f"clause ID '{c.id}' is malformed", c.pos, c.id, c.body))
        if c.id and c.id in seen:
            out.append(_f(gf, "CMG106", f"clause ID '{c.id}' is already used at line {seen[c.id]}", c.pos, c.id, c.body))
        seen.setdefault(c.id, c.line)
    if is_source:
        out += check_numbering(gf)
    prev = 0
    for h in gf.headings:
        if prev and h.level > prev + 1:
            out.append(_f(gf, "CMG112", f"heading level {h.level} follows level {prev}", h.pos))
        prev = h.level
    block_ids = {id(block): cid for cid, block in gf.blocks()}
    for u in file_unsafe(gf):  # what the sanitiser would remove from the published page (unsafe.py)
        out.append(_f(gf, "CMG504", f"unsafe content: {u.what}", u.pos, block_ids.get(id(u.block), ""), u.block))
    for cid, block in gf.blocks():
        if block.untranslated_marker and not is_source:
            out.append(_f(gf, "CMG506", "clause is an untranslated block", Pos(block.start_line), cid, block))
    if termbase:
        out += check_forbidden_terms(gf, termbase)
    return out


def check_front_matter(gf: GuideFile) -> list[Finding]:
    out = []
    pos = Pos(max(gf.meta_line, 1))
    if not gf.meta and not any(p.code == "CMG002" for p in gf.problems):
        return [_f(gf, "CMG501", "file has no front matter", Pos(1))]
    if any(p.code == "CMG002" for p in gf.problems):
        return out
    missing = [k for k in REQUIRED_META if k not in gf.meta or gf.meta[k] in (None, "")]
    if missing:
        out.append(_f(gf, "CMG501", f"front matter lacks {', '.join(missing)}", pos))
    status = gf.meta.get("status")
    if status is not None and status not in STATUSES:
        out.append(_f(gf, "CMG501", f"status '{status}' is not one of {', '.join(STATUSES)}", pos))
    applies = gf.meta.get("applies_to")
    if applies is not None:
        if not isinstance(applies, list) or not applies or any(a not in CONTRACT_TYPES for a in applies):
            out.append(_f(gf, "CMG501", f"applies_to must list some of {', '.join(CONTRACT_TYPES)}", pos))
    if gf.meta.get("guide") not in (None, gf.guide):
        out.append(_f(gf, "CMG501", f"guide '{gf.meta.get('guide')}' does not match its folder '{gf.guide}'", pos))
    if gf.title and gf.meta.get("title") and str(gf.meta["title"]).strip() != gf.title.strip():
        out.append(_f(gf, "CMG501", "the H1 heading differs from the front matter title", pos))
    return out


def check_numbering(gf: GuideFile) -> list[Finding]:
    out = []
    section = 0
    sub = 0
    for c in gf.clauses:
        if not c.number:
            continue
        parts = c.number.split(".")
        if c.level == 2:
            expected = f"{section + 1}"
        else:
            expected = f"{section}.{sub + 1}"
        if c.number != expected:
            out.append(_f(gf, "CMG111", f"clause number {c.number} where {expected} was expected", c.pos, c.id, c.body))
        try:
            if c.level == 2:
                section, sub = int(parts[0]), 0
            else:
                section, sub = int(parts[0]), int(parts[-1])
        except ValueError:
            pass
    return out


def check_forbidden_terms(gf: GuideFile, tb: Termbase) -> list[Finding]:
    out = []
    for cid, block in gf.blocks():
        for term_id, phrase in block_terms(block, gf.locale, tb).forbidden.items():
            term = tb.term(term_id)
            approved = term.by_locale[gf.locale].term if term else ""
            pat = tb.matcher(gf.locale, phrase)
            pos = Pos(block.start_line)
            for tl in block.text:
                m = pat.search(fold(tl.text))
                if m:
                    pos = Pos(tl.line, m.start() + 1)
                    break
            out.append(_f(gf, "CMG302", f"'{phrase}' is forbidden; use '{approved}' ({term_id})", pos, cid, block))
    return out


# ---------------------------------------------------------------- source vs translation


def _multiset_diff(src: list, dst: list) -> tuple[list, list]:
    if src == dst:  # the usual case: the translation keeps everything in the same order
        return [], []
    a, b = Counter(src), Counter(dst)
    return sorted((a - b).elements(), key=str), sorted((b - a).elements(), key=str)


def _fmt(values: list) -> str:
    shown = ", ".join(str(v) for v in values[:6])
    return shown + (f" (+{len(values) - 6} more)" if len(values) > 6 else "")


def compare_files(src: GuideFile, tr: GuideFile, termbase: Termbase | None,
                  stale: set[str] | frozenset[str] = frozenset()) -> list[Finding]:
    """Source and translation compared. ``stale``: IDs of clauses whose source changed after they were
    translated; what differs in them is what the source edit changed, reported by CMG601, not here."""
    out: list[Finding] = []
    if any(p.code in ("CMG001",) for p in tr.problems + src.problems):
        return out
    # front matter
    if src.meta and tr.meta:
        for key in SHARED_META:
            if key in src.meta and tr.meta.get(key) != src.meta.get(key):
                out.append(_f(tr, "CMG502", f"front matter '{key}' is {tr.meta.get(key)!r}, source has "
                              f"{src.meta.get(key)!r}", Pos(max(tr.meta_line, 1))))
    src_ids = [c.id for c in src.clauses if c.id]
    tr_ids = [c.id for c in tr.clauses if c.id]
    src_set, tr_set = set(src_ids), set(tr_ids)
    renamed = hand_renames(src, tr)  # old → new
    renamed_to = {v: k for k, v in renamed.items()}
    for c in src.clauses:
        if c.id and c.id not in tr_set:
            # report at the place the clause should go: after the previous clause present in the translation
            idx = src_ids.index(c.id)
            anchor = next((tr.clause(p) for p in reversed(src_ids[:idx]) if p in tr_set), None)
            pos = Pos(anchor.body.end_line if anchor else max(tr.preamble.end_line, 1))
            f = _f(tr, "CMG101", f"clause {c.number} '{c.id}' ({src.path}:{c.line}) is missing", pos, c.id)
            if c.id in renamed_to:
                f.message += f": the source renamed '{renamed_to[c.id]}' to '{c.id}'"
                f.hint = _rename_hint(tr, renamed_to[c.id], c.id)
            out.append(f)
    for c in tr.clauses:
        if c.id and c.id not in src_set:
            f = _f(tr, "CMG102", f"clause '{c.id}' does not exist in the source {src.path}", c.pos, c.id, c.body)
            if c.id in renamed:
                f.message += f"; it was renamed to '{renamed[c.id]}'"
                f.hint = _rename_hint(tr, c.id, renamed[c.id])
            out.append(f)
    common_src = [i for i in src_ids if i in tr_set]
    common_tr = [i for i in tr_ids if i in src_set]
    if common_src != common_tr:
        keep = set(_lcs(common_src, common_tr))
        for cid in common_tr:
            if cid not in keep:
                c = tr.clause(cid)
                out.append(_f(tr, "CMG103", f"clause '{cid}' is out of order (source order: after "
                              f"'{_prev(common_src, cid)}')", c.pos, cid, c.body))
    for sc in src.clauses:
        tc = tr.clause(sc.id) if sc.id else None
        if tc is None:
            continue
        out += compare_clause(src, sc, tr, tc, termbase, compare_text=sc.id not in stale)
    out += compare_blocks(src, src.preamble, tr, tr.preamble, "", termbase)
    # footnotes
    for label in src.footnotes.keys() - tr.footnotes.keys():
        out.append(_f(tr, "CMG209", f"footnote [^{label}] is not defined", Pos(max(tr.preamble.end_line, 1))))
    for label in tr.footnotes.keys() - src.footnotes.keys():
        fn = tr.footnotes[label]
        out.append(_f(tr, "CMG209", f"footnote [^{label}] does not exist in the source", fn.pos, block=fn.body))
    for label in src.footnotes.keys() & tr.footnotes.keys():
        sf, tf = src.footnotes[label].body, tr.footnotes[label].body
        miss, extra = _multiset_diff([n.value for n in sf.numbers], [n.value for n in numbers_as_written(sf, tf)])
        if miss or extra:
            out.append(_f(tr, "CMG209", f"footnote [^{label}] numbers differ: {_diff_text(miss, extra)}",
                          tr.footnotes[label].pos, block=tf))
        out += compare_source_marks(src, tr, label, termbase)
        pair = (src.locale, tr.locale)
        if (sorted(link_target(r.value, src.rel, pair) for r in sf.links)
                != sorted(link_target(r.value, tr.rel, pair) for r in tf.links)):
            out.append(_f(tr, "CMG209", f"footnote [^{label}] links differ from the source",
                          tr.footnotes[label].pos, block=tf))
    return out


def compare_source_marks(src: GuideFile, tr: GuideFile, label: str, termbase: Termbase | None) -> list[Finding]:
    """CMG210: a footnote marks its sources secondary (as many times) and its point unconfirmed as the
    source footnote does (the words of each locale are the termbase's ``source_status`` patterns)."""
    sf, tf = src.footnotes[label].body, tr.footnotes[label].body
    a = source_marks(termbase, src.locale, " ".join(t.text for t in sf.text))
    b = source_marks(termbase, tr.locale, " ".join(t.text for t in tf.text))
    if a is None or b is None or a == b:
        return []
    parts = []
    if a[0] != b[0]:
        parts.append(f"{a[0]} source(s) marked secondary in {src.locale}, {b[0]} here")
    if a[1] != b[1]:
        parts.append(f"{'marked' if a[1] else 'not marked'} unconfirmed in {src.locale}, "
                     f"{'marked' if b[1] else 'not marked'} here")
    return [_f(tr, "CMG210", f"footnote [^{label}]: {'; '.join(parts)}", tr.footnotes[label].pos, block=tf)]


def _norm(text: str) -> str:
    return " ".join(text.split())


def block_norms(block: Block) -> list[str]:
    """Each text line of the block with its white space collapsed (:func:`_norm`), in order; made once per
    block and kept on it with the lines it was made of: the checks of a pair compare the same lines
    several ways, and a source block is compared with every translation."""
    memo = block.__dict__.get("_norms")
    if memo is None or memo[0] is not block.text or memo[1] != len(block.text):
        memo = block.__dict__["_norms"] = (block.text, len(block.text), [" ".join(t.text.split()) for t in block.text])
    return memo[2]


def numbers_as_written(sb: Block, tb_: Block) -> list[NumberToken]:
    """The numbers of a translated block, each line read in the language it is written in.

    A line still identical to a line of the source block (a footnote, table row or note nobody has
    translated yet) is source-language text: its numbers are the source line's, read with the source's
    number format and month names, not the translation's (English "0.125" is not 125 in Portuguese,
    "December" is a month in English only). Every other line keeps the translation's own reading.
    """
    if not tb_.numbers or not sb.text:
        return tb_.numbers
    by_text: dict[str, int] = {}
    for n, t in zip(block_norms(sb), sb.text, strict=True):
        by_text.setdefault(n, t.line)
    same = {t.line: by_text[n] for n, t in zip(block_norms(tb_), tb_.text, strict=True) if n in by_text}
    if not same:
        return tb_.numbers
    src_by_line: dict[int, list[NumberToken]] = {}
    for n in sb.numbers:
        src_by_line.setdefault(n.pos.line, []).append(n)
    out: list[NumberToken] = []
    done: set[int] = set()
    for n in tb_.numbers:
        line = n.pos.line
        if line not in same:
            out.append(n)
        elif line not in done:
            done.add(line)
            out.extend(NumberToken(s.value, s.text, Pos(line, s.pos.col)) for s in src_by_line.get(same[line], ()))
    return out


def _not_written_out(values: list, block: Block, locale: str) -> list:
    """``values`` less those the block writes as a word (each word stands for one numeral)."""
    if not any(v <= 12 for v in values):
        return values
    words = number_words(" ".join(t.text for t in block.text), locale)
    out = []
    for v in values:
        if words[v] > 0:
            words[v] -= 1
        else:
            out.append(v)
    return out


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LOCALE_SEGMENTS: dict[tuple[str, ...], re.Pattern] = {}


def _locale_segment(locales: tuple[str, ...]) -> re.Pattern:
    """The first path segment that names one of ``locales`` (``/ko`` in ``/ko/docs/``)."""
    hit = _LOCALE_SEGMENTS.get(locales)
    if hit is None:
        hit = _LOCALE_SEGMENTS[locales] = re.compile(
            r"^/(?:" + "|".join(re.escape(x) for x in locales) + r")(?=/|$)") if locales else re.compile(r"(?!)")
    return hit


_URL = re.compile(r"^((?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^/?#]*)([^?#]*)(.*)$")


def link_target(target: str, rel: str, locales: tuple[str, ...]) -> str:
    """What a link points to, written one way: a link to a page of the site relative to the file
    (``./helm.md`` in ``helm/helm_show.md``) or from the site's root (``/helm/helm.md``) is the path from
    the root (``helm/helm.md``), and a link into the locale of either side (``/es/page/``,
    ``https://kubernetes.io/ko/docs/``) is the link without it. In-page anchors stay as written.
    ``locales``: the source's and the translation's locale (the same on both sides of a comparison)."""
    if not target or target.startswith("#"):
        return target
    if _SCHEME.match(target) or target.startswith("//"):
        # the same page of another site in the reader's language (kubernetes.io/ko/docs/…) is the same
        # target; so is a site's home with or without its slash
        m = _URL.match(target)
        if not m:
            return target
        path = _locale_segment(locales).sub("", m.group(2), count=1)
        return m.group(1) + (path or "/") + m.group(3)
    path, hash_, anchor = target.partition("#")
    if path.startswith("/"):
        path = _locale_segment(locales).sub("", path, count=1)[1:] if path.count("/") > 1 else path[1:]
    elif path:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
    return path.rstrip("/") + hash_ + anchor  # "cluster/" and "cluster" are one page


def _source_language_lines(sb: Block, tb_: Block) -> set[str]:
    """The (normalised) lines of a translated block that are still identical to a line of its source."""
    src = set(block_norms(sb))
    return {n for n in block_norms(tb_) if n in src}


def _rename_hint(tr: GuideFile, old: str, new: str) -> str:
    return (f"the clause's text is unchanged: `cmg sync {tr.locale}` renames '{old}' to '{new}' here "
            f"(`cmg rename {tr.rel}#{old} {new}` does it in every locale and keeps the old link working)")


def _prev(seq: list[str], cid: str) -> str:
    i = seq.index(cid)
    return seq[i - 1] if i else "(start)"


def _lcs(a: list[str], b: list[str]) -> list[str]:
    n, m = len(a), len(b)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            dp[i][j] = dp[i + 1][j + 1] + 1 if a[i] == b[j] else max(dp[i + 1][j], dp[i][j + 1])
    out, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            out.append(a[i])
            i, j = i + 1, j + 1
        elif dp[i + 1][j] >= dp[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def _diff_text(missing: list, extra: list) -> str:
    parts = []
    if missing:
        parts.append(f"missing {_fmt(missing)}")
    if extra:
        parts.append(f"unexpected {_fmt(extra)}")
    return "; ".join(parts)


def compare_clause(src: GuideFile, sc: Clause, tr: GuideFile, tc: Clause, termbase: Termbase | None,
                   compare_text: bool = True) -> list[Finding]:
    out = []
    if sc.level != tc.level:
        out.append(_f(tr, "CMG104", f"clause '{tc.id}' is a level-{tc.level} heading; source has level {sc.level}",
                      tc.pos, tc.id, tc.body))
    if sc.number != tc.number:
        out.append(_f(tr, "CMG105", f"clause '{tc.id}' is numbered {tc.number or '(none)'}; source has {sc.number}",
                      tc.pos, tc.id, tc.body))
    if compare_text:
        out += compare_blocks(src, sc.body, tr, tc.body, tc.id, termbase, tc.pos)
    return out


def compare_blocks(src: GuideFile, sb: Block, tr: GuideFile, tb_: Block, cid: str, termbase: Termbase | None,
                   head: Pos | None = None) -> list[Finding]:
    out: list[Finding] = []
    where = head or Pos(max(tb_.start_line, 1))
    label = f"clause '{cid}'" if cid else "the guide's introduction"
    if tb_.untranslated_marker:
        return out  # an untranslated block holds the source text by design; CMG506 reports it
    tr_numbers = numbers_as_written(sb, tb_)
    miss, extra = _multiset_diff([n.value for n in sb.numbers], [n.value for n in tr_numbers])
    if miss or extra:  # "3-way" / "de tres vías", "two spaces" / "2칸": the same small number, as a word
        miss = _not_written_out(miss, tb_, tr.locale)
        extra = _not_written_out(extra, sb, src.locale)
    if miss or extra:
        extra_pos = next((n.pos for n in tr_numbers if n.value in extra), where)
        out.append(_f(tr, "CMG201", f"numbers in {label} differ from {src.locale}: {_diff_text(miss, extra)}",
                      extra_pos, cid, tb_))
    sx, tx = [r.value for r in sb.xrefs], [r.value for r in tb_.xrefs]
    if sx != tx and Counter(sx) != Counter(tx):
        m2, e2 = _multiset_diff(sx, tx)
        pos = next((r.pos for r in tb_.xrefs if r.value in e2), where)
        out.append(_f(tr, "CMG203", f"cross-references in {label} differ from {src.locale}: {_diff_text(m2, e2)}",
                      pos, cid, tb_))
    for kind, a, b in (("link", sb.links, tb_.links), ("image", sb.images, tb_.images)):
        pair = (src.locale, tr.locale)
        av = [link_target(r.value, src.rel, pair) for r in a]
        bv = [link_target(r.value, tr.rel, pair) for r in b]
        if av != bv and Counter(av) != Counter(bv):
            m2, e2 = _multiset_diff(av, bv)
            pos = next((r.pos for r in b if link_target(r.value, tr.rel, pair) in e2), where)
            out.append(_f(tr, "CMG204", f"{kind} targets in {label} differ from {src.locale}: {_diff_text(m2, e2)}",
                          pos, cid, tb_))
    for message, pos in list_differences(sb, tb_, label, where):
        out.append(_f(tr, "CMG205", message, pos, cid, tb_))
    for message, pos in table_differences(sb, tb_, label, where):
        out.append(_f(tr, "CMG206", message, pos, cid, tb_))
    if [a.kind for a in sb.admonitions] != [a.kind for a in tb_.admonitions]:
        pos = tb_.admonitions[0].pos if tb_.admonitions else where
        out.append(_f(tr, "CMG207", f"notes in {label} are [{', '.join(a.kind for a in tb_.admonitions)}]; source "
                      f"has [{', '.join(a.kind for a in sb.admonitions)}]", pos, cid, tb_))
    sp, tp = [r.value for r in sb.placeholders], [r.value for r in tb_.placeholders]
    if set(sp) != set(tp):
        m2, e2 = sorted(set(sp) - set(tp)), sorted(set(tp) - set(sp))
        pos = next((r.pos for r in tb_.placeholders if r.value in e2), where)
        out.append(_f(tr, "CMG208", f"placeholders in {label} differ from {src.locale}: {_diff_text(m2, e2)}",
                      pos, cid, tb_))
    sf, tf = [r.value for r in sb.footnote_refs], [r.value for r in tb_.footnote_refs]
    if sf != tf and Counter(sf) != Counter(tf):
        m2, e2 = _multiset_diff(sf, tf)
        out.append(_f(tr, "CMG209", f"footnote references in {label} differ from {src.locale}: "
                      f"{_diff_text(m2, e2)}", where, cid, tb_))
    if termbase:
        out += compare_obligations(src, sb, tr, tb_, cid, termbase, where)
        out += compare_terms(src, sb, tr, tb_, cid, termbase, where)
    out += check_untranslated(src, sb, tr, tb_, cid, label)
    return out


_WORD = re.compile(r"[^\W\d_]{2,}")
PERMITTED = "permitted"


def check_untranslated(src, sb: Block, tr, tb_: Block, cid: str, label: str) -> list[Finding]:
    """Prose lines of at least 4 words that are identical in source and translation."""
    src_lines = sb.__dict__.get("_long_lines")  # kept on the block: a source block is compared with every locale
    if src_lines is None:
        src_lines = sb.__dict__["_long_lines"] = {n for n, t in zip(block_norms(sb), sb.text, strict=True)
                                                  if len(_WORD.findall(t.text)) >= 4}
    for norm, t in zip(block_norms(tb_), tb_.text, strict=True):
        if norm in src_lines:
            return [_f(tr, "CMG503", f"text in {label} is identical to the source: '{norm[:60]}'",
                       Pos(t.line), cid, tb_)]
    return []


def compare_obligations(src, sb, tr, tb_, cid, termbase: Termbase, where: Pos) -> list[Finding]:
    sp, tp = termbase.obligations.get(src.locale), termbase.obligations.get(tr.locale)
    if not sp or not tp:
        return []
    sc = block_obligations(sb, src.locale, sp)
    tc = block_obligations(tb_, tr.locale, tp)
    if sc != tc:
        same = _source_language_lines(sb, tb_)
        if same:  # lines still in the source language say what the source says: counted on neither side
            sc = count_obligations([" ".join(t.text for n, t in zip(block_norms(sb), sb.text, strict=True)
                                             if n not in same)], sp)
            tc = count_obligations([" ".join(t.text for n, t in zip(block_norms(tb_), tb_.text, strict=True)
                                             if n not in same)], tp)
    # a strength the translation has more of than the source is explained by as many loose forms of it in
    # the source ("you need to" → "debe"); one it has fewer of, by loose forms in the translation
    off = [s for s in STRENGTHS
           if not sc[s] - tc.get(loose_key(s), 0) <= tc[s] <= sc[s] + sc.get(loose_key(s), 0)]
    # a stronger word gone and a permission word more: one word turned into "may" ("바람직하다" → "할 수
    # 있다"), even where loose forms on both sides would explain each count alone
    weakened = tc[PERMITTED] > sc[PERMITTED] and any(s != PERMITTED and tc[s] < sc[s] for s in STRENGTHS)
    if not off and not weakened:
        return []
    diffs = [f"{s} {tc[s]} (source {sc[s]})" for s in STRENGTHS if sc[s] != tc[s]]
    label = f"clause '{cid}'" if cid else "the introduction"
    # a permission word lost or gained beyond what loose forms explain, while a stronger word moved the other
    # way ("podrá" → "deberá"), is one word swapped for another strength, even when the stronger side alone
    # would have been explained
    swapped = weakened or (off and all(s == PERMITTED for s in off) and any(
        s != PERMITTED and (tc[s] - sc[s]) * (tc[PERMITTED] - sc[PERMITTED]) < 0 for s in STRENGTHS))
    if swapped or any(s != PERMITTED for s in off):
        return [_f(tr, "CMG401", f"obligations in {label}: {', '.join(diffs)}", where, cid, tb_)]
    # only the may/can words differ: "puede", "수 있다", "can" say possibility as often as permission, so
    # a count that differs there alone is worth a look, not a failed build (measured on real translations:
    # AUTHORING.md, "Obligation verbs")
    return [_f(tr, "CMG402", f"permission words in {label}: {', '.join(diffs)}", where, cid, tb_)]


def block_obligations(block: Block, locale: str, patterns: dict) -> dict[str, int]:
    """Obligations per strength in a block (counted once per block and locale: a source block is
    compared with every translation)."""
    cache = block.__dict__.setdefault("_obligations", {})
    hit = cache.get(locale)
    if hit is None:
        # joined, so that a "must not" wrapped over two source lines is still one prohibition
        hit = cache[locale] = count_obligations([" ".join(t.text for t in block.text)], patterns)
    return hit


def block_terms(block: Block, locale: str, termbase: Termbase) -> TermsFound:
    """Terms present in a block (computed once per block and locale)."""
    cache = block.__dict__.setdefault("_terms", {})
    hit = cache.get(locale)
    if hit is None:
        hit = cache[locale] = termbase.index(locale).find(" \n ".join(fold(t.text) for t in block.text))
    return hit


def compare_terms(src, sb, tr, tb_, cid, termbase: Termbase, where: Pos) -> list[Finding]:
    out = []
    missing = block_terms(sb, src.locale, termbase).accepted
    if not missing:
        return out
    missing = missing - block_terms(tb_, tr.locale, termbase).accepted
    if not missing:
        return out
    for term in termbase.terms:
        if not term.check or term.id not in missing:
            continue
        s_lt, t_lt = term.by_locale.get(src.locale), term.by_locale.get(tr.locale)
        if not s_lt or not t_lt or not t_lt.check:
            continue
        label = f"clause '{cid}'" if cid else "the introduction"
        out.append(_f(tr, "CMG301", f"{label} uses '{s_lt.term}' in {src.locale} but not '{t_lt.term}' "
                      f"({term.id})", where, cid, tb_))
    return out


# ---------------------------------------------------------------- whole project


def check_clause_index(files: list[GuideFile]) -> list[Finding]:
    """Duplicate IDs across files and guides, per locale."""
    out = []
    by_locale: dict[str, dict[str, tuple[GuideFile, Clause]]] = {}
    for gf in files:
        index = by_locale.setdefault(gf.locale, {})
        for c in gf.clauses:
            if not c.id:
                continue
            first = index.get(c.id)
            if first and first[0] is not gf:
                other = first[0]
                scope = "guide" if other.guide == gf.guide else f"guide '{other.guide}'"
                out.append(_f(gf, "CMG106", f"clause ID '{c.id}' is already used in {scope} at {other.path}:"
                              f"{first[1].line}", c.pos, c.id, c.body))
            else:
                index.setdefault(c.id, (gf, c))
    return out


def check_xrefs(files: list[GuideFile], known: set[str], aliases: dict[str, str] | None = None) -> list[Finding]:
    """CMG202 for a cross-reference to no clause; CMG114 for one that uses a renamed clause's old ID."""
    out = []
    aliases = aliases or {}
    for gf in files:
        for cid, block in gf.blocks():
            for r in block.xrefs:
                if r.value in aliases and aliases[r.value] in known:
                    new = aliases[r.value]
                    out.append(Finding("CMG114", f"cross-reference [[{r.value}]] uses the old ID of clause '{new}'",
                                       gf.path, r.pos.line, r.pos.col, gf.locale, gf.guide, cid,
                                       hint=f"write [[{new}]]; the link works meanwhile",
                                       suppressed_by=block.suppressed))
                elif r.value not in known:
                    out.append(_f(gf, "CMG202", f"cross-reference [[{r.value}]] points to no clause", r.pos, cid, block))
    return out


def check_freshness(src: GuideFile, tr: GuideFile, termbase: Termbase | None = None,
                    stale: set[str] | frozenset[str] | None = None) -> list[Finding]:
    """CMG601: translated clauses whose source changed since they were translated (or never recorded).

    An outdated clause is expected state (the editor published first, the translator follows), so what
    the clause's text now differs in (numbers, obligations, links…) is said in this finding rather than
    reported as consistency errors; once the translator revises and marks it, every check applies again.
    """
    from .freshness import OUTDATED, changed_since_translated, file_state

    if any(p.code in ("CMG001", "CMG002") for p in tr.problems):
        return []
    out = []
    fs = file_state(src, tr, tr.locale, tr.path)
    if stale is None:  # else the caller's changed_since_translated(src, tr), made once for every pair check
        stale = changed_since_translated(src, tr)
    for cs in fs.clauses:
        if cs.state == OUTDATED:
            c = tr.clause(cs.clause_id)
            message = (f"clause {cs.number} '{cs.clause_id}' is outdated: the source ({src.path}:{cs.source_line}) "
                       + ("changed since it was translated" if cs.clause_id in stale
                          else "has no recorded fingerprint in translated_from"))
            if cs.clause_id in stale:
                sc = src.clause(cs.clause_id)
                diffs = [f"{d.code} {d.message}" for d in compare_blocks(src, sc.body, tr, c.body, c.id, termbase, c.pos)]
                if diffs:
                    message += "; until revised it differs: " + "; ".join(diffs)
            out.append(_f(tr, "CMG601", message, c.pos, c.id, c.body))
    return out
