"""`cmg facts`: the facts register for the partner agencies, as text, JSON and CSV; sign-off lives
in the profile; the site's page of what is still to be confirmed."""

from __future__ import annotations

import csv
import io
import json

from cmg.countries import load_profiles
from cmg.facts import register, unconfirmed_markdown
from conftest import ROOT, cmg


def test_csv_for_dgcp_lists_panama_with_basis_status_and_use():
    r = cmg(ROOT, "facts", "--country", "pa", "--format", "csv", "--locale", "es")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows and {row["country"] for row in rows} == {"pa"}
    rate = next(row for row in rows if row["parameter"] == "delay-fine-rate")
    assert rate["value"].startswith("1/30 % por día") and rate["status"] == "unconfirmed"
    assert rate["basis"] == "Ley 22, el artículo sobre la multa" and rate["profile"] == "countries/pa.yml"
    assert "delays#dl-delay-damages (es, en, ko)" in rate["used_in"]
    # a worked case pinned to Panama is a use of Panama's figure, not of the other countries'
    assert "closure#cl-case-pa (es, en, ko)" in rate["used_in"] and "cl-case-hn" not in rate["used_in"]
    assert rate["verified_by"] == "" and int(rate["line"]) > 0
    assert any(row["parameter"] == "law:ley22" for row in rows)
    # every parameter a pilot profile answers is listed, and every guide reference is traced
    profiles = load_profiles(ROOT, "countries", ["es", "en", "ko"])
    assert {row["parameter"] for row in rows if not row["parameter"].startswith("law:")} == \
        set(profiles.countries["pa"].parameters)


def test_json_and_text_agree():
    data = json.loads(cmg(ROOT, "facts", "--format", "json").stdout)
    assert {d["country"] for d in data} == {"hn", "kr", "pa", "sv"}
    text = cmg(ROOT, "facts", "--country", "sv").stdout
    n_sv = sum(1 for d in data if d["country"] == "sv")
    verified = sum(1 for d in data if d["country"] == "sv" and d["status"] == "verified")
    assert text.rstrip().endswith(f"{n_sv} facts, {verified} verified, {n_sv - verified} to be confirmed")
    assert "El Salvador (sv) — countries/sv.yml" in text


def test_unconfirmed_only_and_bad_arguments():
    rows = json.loads(cmg(ROOT, "facts", "--unconfirmed", "--format", "json").stdout)
    assert rows and all(r["status"] != "verified" for r in rows)
    r = cmg(ROOT, "facts", "--country", "xx", check=False)
    assert r.returncode == 2 and "no country profile 'xx'" in r.stderr and "Traceback" not in r.stderr


def test_a_sign_off_is_recorded_in_the_profile_and_read_back(mini):
    assert "aa" in cmg(mini.root, "facts", "--format", "json").stdout
    before = [d for d in json.loads(cmg(mini.root, "facts", "--format", "json").stdout)
              if d["country"] == "aa" and d["parameter"] == "delay-rate"]
    assert before and before[-1]["status"] == "unconfirmed"
    # the partner agency signs a variant off: verified, by whom, when, with the official source
    mini.replace("countries/aa.yml", 'basis: {law: new, article: "12"}\n      status: unconfirmed',
                 'basis: {law: new, article: "12"}\n      source: https://example.org/gazette\n      status: verified\n'
                 '      verified_by: Agency of Arcadia\n      verified_on: 2026-12-02')
    after = [d for d in json.loads(cmg(mini.root, "facts", "--format", "json").stdout)
             if d["country"] == "aa" and d["parameter"] == "delay-rate"]
    signed = [d for d in after if d["status"] == "verified" and d["verified_by"] == "Agency of Arcadia"]
    assert signed and signed[0]["source"] == ["https://example.org/gazette"] and signed[0]["verified_on"] == "2026-12-02"
    # a sign-off without its source is refused, with file and line
    mini.replace("countries/aa.yml", "      source: https://example.org/gazette\n", "")
    r = cmg(mini.root, "facts", check=False)
    assert r.returncode == 1 and "CMG706" in r.stderr and "countries/aa.yml:" in r.stderr


def test_unconfirmed_page_lists_each_country_with_links():
    profiles = load_profiles(ROOT, "countries", ["es", "en", "ko"])
    rows = register(profiles, [], "ko", ["es", "en", "ko"])
    for r in rows:
        r.used_in = ["delays#dl-delay-damages (en)"] if r.parameter == "delay-fine-rate" else []
    md = unconfirmed_markdown(rows, "ko", {("delays", "dl-delay-damages"): "지침 2, 8 지체상금"})
    assert md.startswith("# 확인이 필요한 수치") and "## 온두라스 {#hn}" in md and "## 파나마 {#pa}" in md
    sections = dict(part.split("\n", 1) for part in md.split("\n## ")[1:])
    hn = sections["온두라스 {#hn}"]
    assert "| 1일당 지체상금률 | 1일당 0.36%" in hn and "[지침 2, 8 지체상금](delays/index.md#dl-delay-damages)" in hn
    assert "| 규제기관 |" not in hn  # ONCAE is verified: not on the page
    assert "<script" not in md
