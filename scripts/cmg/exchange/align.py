"""A clause's source and translation units lined up by structure, model forms allowed to differ. Pure.

A model letter or administrative act (a ``!!! form`` note) legitimately has a different layout in each
locale: a Korean official letter (공문) has lines a Spanish one has not ((경유), 시행일, 붙임…), a Spanish
resolution has a VISTOS/CONSIDERANDO line. Pairing such a clause block by block would fail for the whole
clause. So the clause is lined up piece by piece, a piece being either a block outside any form or the
body of one form: when the pieces line up (same number of forms, blocks of the same kinds outside them),
each form whose blocks do not (another number or other kinds of lines) becomes one unit on both sides, of
kind ``form`` (:func:`.segments.whole_form`), and everything else keeps its block-by-block units and keys.
Forms whose blocks do line up keep their per-line units, so exports of them keep their keys.
"""

from __future__ import annotations

from .segments import Unit, whole_form


def _pieces(units: list[Unit]) -> list[list[Unit]]:
    """Units grouped: each block outside a form alone, each form's body together (top-level form only)."""
    out: list[list[Unit]] = []
    for u in units:
        if u.form is not None and out and out[-1][0].form is not None and out[-1][0].form.index == u.form.index:
            out[-1].append(u)
        else:
            out.append([u])
    return out


def _kinds(units: list[Unit]) -> list[str]:
    return [u.kind for u in units]


def align_scope(source: list[Unit], target: list[Unit], source_lines: list[str],
                target_lines: list[str]) -> tuple[list[Unit], list[Unit]] | None:
    """The scope's units on both sides, one to one and of the same kinds; None when they cannot be lined up
    (then the scope is not aligned). Identical kind sequences are returned as they are."""
    if _kinds(source) == _kinds(target):
        return source, target
    sp, tp = _pieces(source), _pieces(target)
    if len(sp) != len(tp):
        return None
    out_s: list[Unit] = []
    out_t: list[Unit] = []
    for s, t in zip(sp, tp, strict=True):
        s_form, t_form = s[0].form is not None, t[0].form is not None
        if s_form != t_form:
            return None
        if _kinds(s) == _kinds(t):
            out_s += s
            out_t += t
        elif s_form:
            out_s.append(whole_form(s, source_lines))
            out_t.append(whole_form(t, target_lines))
        else:
            return None
    return out_s, out_t


def whole_forms(source: list[Unit], target: list[Unit], source_lines: list[str],
                target_lines: list[str]) -> list[tuple[Unit, Unit, list[Unit]]]:
    """For lined-up units (as :func:`align_scope` gives them), each form still in per-line units taken whole:
    (source form unit, translation form unit, the source blocks it stands for). ``cmg import`` accepts such
    a unit in place of the form's lines, so a whole form exported when the layouts differed can still be
    imported once the translation's form has the English layout again (reset, or synced)."""
    out = []
    for s, t in zip(_pieces(source), _pieces(target), strict=False):
        if s[0].form is not None and t[0].form is not None and s[0].kind != "form":
            out.append((whole_form(s, source_lines), whole_form(t, target_lines), s))
    return out
