"""The calculator's form, in the reader's language (pure: HTML for a page's Markdown).

The same form is the ``calculator/`` page of each locale and sits in the delays guide after the
worked examples (clause ``dl-ld-examples``). Every control has a label; the figures of the
countries travel in the form's ``data-countries`` attribute (JSON, HTML-escaped), so the page works
offline and asks no other host for anything. Without JavaScript the form stays hidden and a note says
how to compute by hand.
"""

from __future__ import annotations

import html
import json

from .calculator import country_data
from .countries import Profiles
from .country_render import pilots_in_order
from .country_text import strings as country_strings

AFTER_CLAUSE = "dl-ld-examples"  # the delays guide shows the calculator after this clause

STRINGS = {
    "en": {
        "title": "Delay-damages calculator",
        "intro": "Computes delay damages step by step as the delays guide does: the days counted (clause 8.2), "
                 "the daily rate of each tier, the base, the amount and the cap (8.1, 8.3), and the day on which "
                 "the cap or the termination threshold is reached. Each figure shows where it comes from and "
                 "whether it is confirmed. Nothing you enter leaves this page.",
        "nojs": "This calculator needs JavaScript. By hand: days counted = calendar days after the date in force − "
                "days of extension − days that do not count; damages = base × daily rate × days counted, up to the cap.",
        "country": "Country", "standard": "Standard (the contract's figures)", "korea": "Korean practice",
        "contract_type": "Type of contract", "goods": "Goods", "works": "Works", "services": "Services",
        "contract_value": "Contract value", "late_value": "Value of the late part (leave empty if the base is the whole contract)",
        "currency": "Currency", "signed": "Date the contract was signed", "due": "Completion or delivery date in force",
        "delivered": "Actual or expected delivery date", "days_after_due": "Or: calendar days after that date",
        "extension_days": "Days of extension granted", "excluded_days": "Days that do not count (inspection, excusable delay)",
        "rate": "Daily rate in the contract (%), if it sets one", "cap": "Cap in the contract (% of the contract value)",
        "threshold": "Termination is considered at (% of the contract value; Korea: the contract security)",
        "compute": "Compute", "result": "Result",
        "days": "Days counted", "days_formula": "{after} − {ext} − {exc} = {counted}", "base": "Base",
        "rate_label": "Daily rate", "tier": "Days {from} to {to}", "total": "Delay damages",
        "capped": "(limited to the cap)", "cap_label": "Cap", "threshold_label": "Termination threshold",
        "reached_on": "reached on counted day {day}", "reached": "— reached", "never": "not reached",
        "from_contract": "the contract", "need_value": "Enter the contract value.",
        "need_rate": "Enter the daily rate of the contract.", "unknown": "not confirmed",
    },
    "es": {
        "title": "Calculadora de multas por retraso",
        "intro": "Calcula la multa por retraso paso a paso, como la guía de retrasos: los días computados (cláusula 8.2), "
                 "el porcentaje diario de cada tramo, la base, el monto y el tope (8.1, 8.3), y el día en que se alcanza "
                 "el tope o el umbral de resolución. Cada cifra indica de dónde proviene y si está confirmada. Nada de lo "
                 "que ingrese sale de esta página.",
        "nojs": "Esta calculadora necesita JavaScript. A mano: días computados = días calendario después de la fecha "
                "vigente − días de prórroga − días que no se computan; multa = base × porcentaje diario × días "
                "computados, hasta el tope.",
        "country": "País", "standard": "Estándar (cifras del contrato)", "korea": "Práctica coreana",
        "contract_type": "Tipo de contrato", "goods": "Bienes", "works": "Obras", "services": "Servicios",
        "contract_value": "Valor del contrato", "late_value": "Valor de la parte atrasada (vacío si la base es todo el contrato)",
        "currency": "Moneda", "signed": "Fecha de firma del contrato", "due": "Fecha de terminación o entrega vigente",
        "delivered": "Fecha de entrega real o prevista", "days_after_due": "O bien: días calendario después de esa fecha",
        "extension_days": "Días de prórroga concedidos", "excluded_days": "Días que no se computan (inspección, retraso no imputable)",
        "rate": "Porcentaje diario del contrato (%), si lo fija", "cap": "Tope del contrato (% del valor del contrato)",
        "threshold": "Se evalúa la resolución al llegar a (% del valor del contrato; Corea: la garantía de cumplimiento)",
        "compute": "Calcular", "result": "Resultado",
        "days": "Días computados", "days_formula": "{after} − {ext} − {exc} = {counted}", "base": "Base",
        "rate_label": "Porcentaje diario", "tier": "Días {from} a {to}", "total": "Multa por retraso",
        "capped": "(limitada al tope)", "cap_label": "Tope", "threshold_label": "Umbral de resolución",
        "reached_on": "se alcanza el día computado {day}", "reached": "— alcanzado", "never": "no se alcanza",
        "from_contract": "el contrato", "need_value": "Ingrese el valor del contrato.",
        "need_rate": "Ingrese el porcentaje diario del contrato.", "unknown": "sin confirmar",
    },
    "ko": {
        "title": "지체상금 계산기",
        "intro": "지체 관리 지침과 같은 순서로 지체상금을 계산한다. 지체일수(8.2), 구간별 1일당 요율, 기준금액, 지체상금과 "
                 "상한(8.1, 8.3), 상한이나 계약해제 검토 기준에 이르는 날을 보여 주며, 각 수치의 근거와 확인 여부를 함께 "
                 "표시한다. 입력한 내용은 이 페이지 밖으로 전송되지 않는다.",
        "nojs": "이 계산기는 JavaScript가 필요하다. 직접 계산하는 방법: 지체일수 = 유효한 기한 다음 날부터의 일수(역일) − "
                "연장일수 − 산입하지 않는 일수, 지체상금 = 기준금액 × 1일당 요율 × 지체일수(상한 이내).",
        "country": "국가", "standard": "표준(계약서의 수치)", "korea": "한국 실무",
        "contract_type": "계약 유형", "goods": "물품", "works": "공사", "services": "용역",
        "contract_value": "계약금액", "late_value": "지체된 부분의 금액(계약금액 전체가 기준이면 비워 둔다)",
        "currency": "통화", "signed": "계약 체결일", "due": "유효한 준공·납품기한",
        "delivered": "실제 또는 예상 납품일", "days_after_due": "또는: 기한 다음 날부터의 일수(역일)",
        "extension_days": "인정된 연장일수", "excluded_days": "산입하지 않는 일수(검사기간, 책임 없는 지체)",
        "rate": "계약서의 1일당 요율(%), 정한 경우", "cap": "계약서의 상한(계약금액 대비 %)",
        "threshold": "계약해제를 검토하는 기준(계약금액 대비 %, 한국: 계약보증금)",
        "compute": "계산", "result": "결과",
        "days": "지체일수", "days_formula": "{after} − {ext} − {exc} = {counted}", "base": "기준금액",
        "rate_label": "1일당 요율", "tier": "{from}일~{to}일", "total": "지체상금",
        "capped": "(상한으로 제한)", "cap_label": "상한", "threshold_label": "계약해제 검토 기준",
        "reached_on": "산입 지체일수 {day}일에 도달", "reached": "— 도달함", "never": "도달하지 않음",
        "from_contract": "계약서", "need_value": "계약금액을 입력한다.",
        "need_rate": "계약서의 1일당 요율을 입력한다.", "unknown": "미확인",
    },
}


def strings(locale: str) -> dict[str, str]:
    out = dict(STRINGS["en"])
    out.update(STRINGS.get(locale) or STRINGS.get(locale.split("-")[0], {}) or {})
    return out


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def form_html(profiles: Profiles, locale: str) -> str:
    """The calculator form as one raw-HTML block (no blank lines: Markdown leaves it whole)."""
    s = strings(locale)
    data = country_data(profiles, locale)
    out_strings = {
        "days": s["days"], "days_formula": s["days_formula"], "base": s["base"], "rate": s["rate_label"],
        "tier": s["tier"], "total": s["total"], "capped": s["capped"], "cap": s["cap_label"],
        "threshold": s["threshold_label"], "reached_on": s["reached_on"], "reached": s["reached"], "never": s["never"],
        "from_contract": s["from_contract"], "need_value": s["need_value"], "need_rate": s["need_rate"],
        "unknown": s["unknown"], "tbc": country_strings(locale)["tbc"],
    }
    options = [f'<option value="">{_attr(s["standard"])}</option>']
    options += [f'<option value="{p.code}">{_attr(p.name.get(locale))}</option>' for p in pilots_in_order(profiles)]
    if "kr" in profiles.countries:
        options.append(f'<option value="kr">{_attr(s["korea"])}</option>')

    def field(name: str, label: str, kind: str = "number", extra: str = "") -> str:
        attrs = ' inputmode="decimal" min="0" step="any"' if kind == "number" else ""
        return (f'<div class="cmg-calc__field"><label for="cmg-calc-{name}">{_attr(label)}</label>'
                f'<input id="cmg-calc-{name}" name="{name}" type="{kind}"{attrs}{extra}></div>')

    types = "".join(f'<option value="{t}">{_attr(s[t])}</option>' for t in ("goods", "works", "services"))
    currencies = "".join(f'<option value="{c}">{c}</option>' for c in ("USD", "HNL", "KRW"))
    parts = [
        f'<div class="cmg-calc-wrap"><p class="cmg-calc__nojs">{_attr(s["nojs"])}</p>',
        f'<form class="cmg-calc" hidden data-locale="{_attr(locale)}" data-countries="{_attr(json.dumps(data, ensure_ascii=False))}" '
        f'data-strings="{_attr(json.dumps(out_strings, ensure_ascii=False))}">',
        f'<div class="cmg-calc__field"><label for="cmg-calc-country">{_attr(s["country"])}</label>'
        f'<select id="cmg-calc-country" name="country">{"".join(options)}</select></div>',
        f'<div class="cmg-calc__field"><label for="cmg-calc-contractType">{_attr(s["contract_type"])}</label>'
        f'<select id="cmg-calc-contractType" name="contractType">{types}</select></div>',
        field("contractValue", s["contract_value"], extra=" required"),
        f'<div class="cmg-calc__field"><label for="cmg-calc-currency">{_attr(s["currency"])}</label>'
        f'<select id="cmg-calc-currency" name="currency">{currencies}</select></div>',
        field("lateValue", s["late_value"]),
        field("signed", s["signed"], "date"),
        field("due", s["due"], "date"),
        field("delivered", s["delivered"], "date"),
        field("daysAfterDue", s["days_after_due"]),
        field("extensionDays", s["extension_days"]),
        field("excludedDays", s["excluded_days"]),
        field("rate", s["rate"]),
        field("cap", s["cap"]),
        field("threshold", s["threshold"]),
        f'<button type="submit" class="md-button md-button--primary">{_attr(s["compute"])}</button>',
        f'<p class="cmg-calc__result"><strong>{_attr(s["result"])}</strong></p><div class="cmg-calc__out" aria-live="polite"></div>',
        "</form></div>",
    ]
    return "".join(parts)


PAGE = "calculator.md"
FORM_MARK = "<!-- cmg: calculator form -->"


def page_markdown(profiles: Profiles, locale: str) -> str:
    """The calculator page; the form takes the place of FORM_MARK after the page's raw HTML has been made
    inert (:func:`fill`), since a form is raw HTML that content is not allowed to carry."""
    s = strings(locale)
    from .country_render import switch_html

    return f"# {s['title']}\n\n{switch_html(profiles, locale)}\n\n{s['intro']}\n\n{FORM_MARK}\n"


def fill(markdown: str, profiles: Profiles, locale: str) -> str:
    return markdown.replace(FORM_MARK, form_html(profiles, locale), 1)


def insert_in_guide(markdown: str, profiles: Profiles, locale: str) -> str:
    """The delays guide with the calculator at the end of the worked examples' clause."""
    import re

    m = re.search(r"^#{2,6}[^\n]*\{#" + AFTER_CLAUSE + r"\}[^\n]*$", markdown, re.M)
    if not m:
        return markdown
    nxt = re.search(r"^#{1,6} ", markdown[m.end():], re.M)
    at = m.end() + (nxt.start() if nxt else len(markdown) - m.end())
    block = f"\n\n<h4 class=\"cmg-calc__title\">{_attr(strings(locale)['title'])}</h4>\n\n{form_html(profiles, locale)}\n\n"
    return markdown[:at].rstrip("\n") + block + markdown[at:]
