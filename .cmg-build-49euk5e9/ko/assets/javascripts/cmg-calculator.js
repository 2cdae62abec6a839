/* The delay-damages calculator in the browser: the same steps as scripts/cmg/calculator.py, on the
   same data (the page's data-countries), with exact fractions (BigInt), so that the worked examples
   give the guide's numbers here too. No dependency, nothing requested from any host. */
(function () {
  "use strict";

  // ------------------------------------------------------------ exact fractions
  function gcd(a, b) { a = a < 0n ? -a : a; b = b < 0n ? -b : b; while (b) { var t = a % b; a = b; b = t; } return a; }
  function R(n, d) {
    if (d === undefined) d = 1n;
    if (d < 0n) { n = -n; d = -d; }
    var g = gcd(n, d) || 1n;
    return { n: n / g, d: d / g };
  }
  function parse(text) {
    if (text === null || text === undefined) return null;
    text = String(text).trim().replace(/,/g, "");
    if (text === "") return null;
    if (text.indexOf("/") >= 0) {
      var p = text.split("/");
      return R(BigInt(p[0].trim()), BigInt(p[1].trim()));
    }
    if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
    var neg = text[0] === "-"; if (neg) text = text.slice(1);
    var parts = text.split("."), frac = parts[1] || "";
    var r = R(BigInt(parts[0] + frac), 10n ** BigInt(frac.length));
    return neg ? R(-r.n, r.d) : r;
  }
  function add(a, b) { return R(a.n * b.d + b.n * a.d, a.d * b.d); }
  function sub(a, b) { return R(a.n * b.d - b.n * a.d, a.d * b.d); }
  function mul(a, b) { return R(a.n * b.n, a.d * b.d); }
  function div(a, b) { return R(a.n * b.d, a.d * b.n); }
  function cmp(a, b) { var x = a.n * b.d, y = b.n * a.d; return x < y ? -1 : x > y ? 1 : 0; }
  function ceil(a) { var q = a.n / a.d; if (a.n % a.d !== 0n && a.n > 0n) q += 1n; return q; }
  function str(a) { return a === null ? null : (a.d === 1n ? String(a.n) : a.n + "/" + a.d); }
  var ZERO = R(0n), HUNDRED = R(100n);

  // ------------------------------------------------------------ the calculation (calculator.py)
  function pick(variants, law, ctype) {
    for (var i = 0; i < (variants || []).length; i++) {
      var v = variants[i];
      if ((!v.law || !law || v.law === law) && v.types.indexOf(ctype) >= 0) return v;
    }
    return null;
  }
  function governingLaw(country, signed) {
    var day = signed || new Date().toISOString().slice(0, 10);
    var laws = country.laws || [];
    for (var i = 0; i < laws.length; i++) {
      var l = laws[i];
      if ((l.from === null || day >= l.from) && (l.before === null || day < l.before)) return l.id;
    }
    return "";
  }
  function reachDay(tiers, base, amount) {
    if (cmp(amount, ZERO) <= 0) return null;
    var acc = ZERO;
    for (var i = 0; i < tiers.length; i++) {
      var t = tiers[i], daily = div(mul(base, t[2]), HUNDRED);
      if (cmp(daily, ZERO) <= 0) continue;
      var n = ceil(div(sub(amount, acc), daily));
      var day = BigInt(t[0]) + n - 1n;
      if (t[1] === null || day <= BigInt(t[1])) return Number(day);
      acc = add(acc, mul(daily, R(BigInt(t[1] - t[0] + 1))));
    }
    return null;
  }
  function days(a, b) { return Math.round((Date.parse(b) - Date.parse(a)) / 86400000); }

  function compute(inp, data) {
    var problems = [], after;
    if (inp.daysAfterDue !== undefined && inp.daysAfterDue !== null && inp.daysAfterDue !== "") after = parseInt(inp.daysAfterDue, 10);
    else if (inp.due && inp.delivered) after = days(inp.due, inp.delivered);
    else { after = 0; problems.push("dates"); }
    after = Math.max(after, 0);
    var ext = Math.max(parseInt(inp.extensionDays || 0, 10) || 0, 0), exc = Math.max(parseInt(inp.excludedDays || 0, 10) || 0, 0);
    var counted = Math.max(after - ext - exc, 0);
    var country = inp.country ? data[inp.country] : null;
    var law = country ? governingLaw(country, inp.signed || null) : "";
    var params = country ? country.params : {};
    var ctype = inp.contractType || "goods";
    var figures = {};
    function national(pid) { return pick(params[pid], law, ctype); }
    var tiers = [], nat = national("delay-fine-rate"), rate = parse(inp.rate);
    if (rate !== null) { tiers = [[1, null, rate]]; figures.rate = { basis: "", status: "contract" }; }
    else if (nat && nat.tiers) {
      tiers = nat.tiers.map(function (t) { return [t[0], t[1], parse(t[2])]; });
      figures.rate = { basis: nat.basis, status: nat.status, text: nat.text };
    } else {
      problems.push("rate");
      if (nat) figures.rate = { basis: nat.basis, status: nat.status, text: nat.text };
    }
    var value = parse(inp.contractValue) || ZERO, late = parse(inp.lateValue);
    var base = late !== null ? late : value;
    var nb = national("delay-fine-base");
    figures.base = { basis: nb ? nb.basis : "", status: nb ? nb.status : "contract", text: nb ? nb.text : "" };
    var lines = [], uncapped = null;
    for (var i = 0; i < tiers.length; i++) {
      var t = tiers[i];
      if (counted < t[0]) break;
      var last = t[1] === null ? counted : Math.min(t[1], counted), n = last - t[0] + 1;
      var daily = div(mul(base, t[2]), HUNDRED);
      lines.push({ from: t[0], to: last, days: n, percent: t[2], daily: daily, amount: mul(daily, R(BigInt(n))) });
    }
    if (tiers.length) uncapped = lines.reduce(function (s, l) { return add(s, l.amount); }, ZERO);
    function limit(entered, pid, key) {
      var n = national(pid), e = parse(entered);
      if (e !== null) { figures[key] = { basis: "", status: "contract" }; return e; }
      if (n && n.percent) { figures[key] = { basis: n.basis, status: n.status, text: n.text }; return parse(n.percent); }
      if (n) figures[key] = { basis: n.basis, status: n.status, text: n.text };
      return null;
    }
    var cap = limit(inp.cap, "delay-fine-cap", "cap"), thr = limit(inp.threshold, "termination-threshold", "threshold");
    var capAmount = cap === null ? null : div(mul(value, cap), HUNDRED);
    var thrAmount = thr === null ? null : div(mul(value, thr), HUNDRED);
    var total = uncapped;
    if (total !== null && capAmount !== null && cmp(total, capAmount) > 0) total = capAmount;
    return {
      daysAfterDue: after, daysCounted: counted, base: base, lines: lines, uncapped: uncapped, total: total,
      capAmount: capAmount, capDay: capAmount !== null && tiers.length ? reachDay(tiers, base, capAmount) : null,
      thresholdAmount: thrAmount, thresholdDay: thrAmount !== null && tiers.length ? reachDay(tiers, base, thrAmount) : null,
      law: law, figures: figures, problems: problems.sort(), contractValue: value
    };
  }

  // the JSON shape of calculator.result_data (fractions as "p/q")
  function resultData(r) {
    var figs = {};
    Object.keys(r.figures).sort().forEach(function (k) { figs[k] = { basis: r.figures[k].basis, status: r.figures[k].status }; });
    return {
      daysAfterDue: r.daysAfterDue, daysCounted: r.daysCounted, base: str(r.base),
      lines: r.lines.map(function (l) {
        return { from: l.from, to: l.to, days: l.days, percent: str(l.percent), daily: str(l.daily), amount: str(l.amount) };
      }),
      uncapped: str(r.uncapped), total: str(r.total), capAmount: str(r.capAmount), capDay: r.capDay,
      thresholdAmount: str(r.thresholdAmount), thresholdDay: r.thresholdDay, law: r.law, figures: figs, problems: r.problems
    };
  }

  // ------------------------------------------------------------ numbers as the locale writes them (country_text.py)
  function fixed(a, places) { // round half up
    var scale = 10n ** BigInt(places), n = a.n * scale * 2n + a.d, d = a.d * 2n;
    var q = n / d; if (n % d !== 0n && n < 0n) q -= 1n;
    var neg = q < 0n; if (neg) q = -q;
    var s = q.toString().padStart(places + 1, "0");
    return { neg: neg, whole: s.slice(0, s.length - places), frac: places ? s.slice(s.length - places) : "" };
  }
  function group(whole) { return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function number(a, places) {
    var exact = places === undefined;
    if (exact) { // finite decimal: as many places as it needs (at most 6)
      places = 0;
      while (places < 6 && (a.n * 10n ** BigInt(places)) % a.d !== 0n) places++;
    }
    var f = fixed(a, places);
    var frac = f.frac;
    if (exact) frac = frac.replace(/0+$/, "");
    return (f.neg ? "-" : "") + group(f.whole) + (frac ? "." + frac : "");
  }
  function lang(locale) { return (locale || "en").split(/[-_]/)[0]; }
  function percent(a, locale) { return number(a) + (lang(locale) === "ko" ? "%" : " %"); }
  function money(a, currency, locale) {
    var num = number(a, currency === "KRW" ? 0 : 2);
    if (lang(locale) === "ko") {
      var unit = { KRW: "원", USD: "달러", HNL: "렘피라", PAB: "발보아" }[currency];
      if (unit) return num + unit;
    }
    return (currency + " " + num).trim();
  }

  // ------------------------------------------------------------ the form
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
  function fmt(template, values) { return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k] !== undefined ? values[k] : ""; }); }

  function render(form, data, s) {
    var q = function (name) { var f = form.elements[name]; return f ? f.value : ""; };
    var code = q("country");
    var currency = code && data[code] ? data[code].currency : (q("currency") || "USD");
    var inp = {
      contractValue: q("contractValue"), lateValue: q("lateValue"), due: q("due"), delivered: q("delivered"),
      daysAfterDue: q("due") && q("delivered") ? "" : q("daysAfterDue"), extensionDays: q("extensionDays"),
      excludedDays: q("excludedDays"), country: code, contractType: q("contractType"), signed: q("signed"),
      rate: q("rate"), cap: q("cap"), threshold: q("threshold")
    };
    var out = form.querySelector(".cmg-calc__out"), locale = form.getAttribute("data-locale");
    out.textContent = "";
    if (!parse(inp.contractValue)) { out.appendChild(el("p", null, s.need_value)); return; }
    var r = compute(inp, data);
    var list = el("ol", "cmg-calc__steps");
    function step(label, text, fig) {
      var li = el("li");
      li.appendChild(el("strong", null, label + ": "));
      li.appendChild(document.createTextNode(text));
      if (fig) {
        var basis = fig.status === "contract" ? s.from_contract : (fig.basis || "");
        if (basis) li.appendChild(el("span", "cmg-calc__basis", " (" + basis + ")"));
        if (fig.status !== "verified" && fig.status !== "contract") li.appendChild(el("span", "cmg-tbc", s.tbc));
      }
      list.appendChild(li);
    }
    step(s.days, fmt(s.days_formula, { after: r.daysAfterDue, ext: inp.extensionDays || 0, exc: inp.excludedDays || 0, counted: r.daysCounted }));
    step(s.base, money(r.base, currency, locale), r.figures.base);
    if (!r.lines.length && r.problems.indexOf("rate") >= 0) {
      var fr = r.figures.rate;
      step(s.rate, (fr && fr.text ? fr.text + ". " : "") + s.need_rate, fr);
    }
    r.lines.forEach(function (l) {
      step(fmt(s.tier, { from: l.from, to: l.to }),
        money(r.base, currency, locale) + " × " + percent(l.percent, locale) + " = " + money(l.daily, currency, locale) +
        " × " + l.days + " = " + money(l.amount, currency, locale), r.figures.rate);
    });
    if (r.total !== null) step(s.total, money(r.total, currency, locale) + (r.uncapped !== null && cmp(r.uncapped, r.total) > 0 ? " " + s.capped : ""));
    if (r.capAmount !== null) {
      step(s.cap, money(r.capAmount, currency, locale) + "; " + (r.capDay === null ? s.never : fmt(s.reached_on, { day: r.capDay })) +
        (r.capDay !== null && r.capDay <= r.daysCounted ? " " + s.reached : ""), r.figures.cap);
    } else if (r.figures.cap) step(s.cap, r.figures.cap.text || s.unknown, r.figures.cap);
    if (r.thresholdAmount !== null) {
      step(s.threshold, money(r.thresholdAmount, currency, locale) + "; " + (r.thresholdDay === null ? s.never : fmt(s.reached_on, { day: r.thresholdDay })) +
        (r.thresholdDay !== null && r.thresholdDay <= r.daysCounted ? " " + s.reached : ""), r.figures.threshold);
    } else if (r.figures.threshold) step(s.threshold, r.figures.threshold.text || s.unknown, r.figures.threshold);
    out.appendChild(list);
  }

  function init(form) {
    var data = JSON.parse(form.getAttribute("data-countries") || "{}");
    var s = JSON.parse(form.getAttribute("data-strings") || "{}");
    var select = form.elements.country;
    var chosen = window.CMGCountry ? window.CMGCountry.get() : "";
    if (select && chosen && select.querySelector('option[value="' + chosen + '"]')) select.value = chosen;
    var update = function () { render(form, data, s); };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
    document.addEventListener("cmg:country", function (e) {
      if (select && select.querySelector('option[value="' + e.detail + '"]')) { select.value = e.detail; update(); }
    });
    form.hidden = false;
    var nojs = form.parentNode && form.parentNode.querySelector(".cmg-calc__nojs");
    if (nojs) nojs.hidden = true;
    update();
  }

  window.CMGCalc = { compute: compute, resultData: resultData, money: money, percent: percent, parse: parse };
  var start = function () { document.querySelectorAll("form.cmg-calc").forEach(init); };
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
