/* The reader's country: the switch on guide pages (Standard · Honduras · El Salvador · Panamá), the
   chosen country's value at each [[param:]] reference with its basis on hover, tap and focus, and the
   "to be confirmed" mark. The choice lives in localStorage and in the URL (?country=hn), and every link
   of the site carries it, so it persists across pages, languages and the offline copy, and a shared or
   cited link opens with the same country. No dependency, nothing requested from any host. */
(function () {
  "use strict";
  var KEY = "cmg-country", PARAM = "country";
  var CODES = /^[a-z]{2}$/;

  function fromUrl() {
    try {
      var v = new URL(location.href).searchParams.get(PARAM);
      if (v === null) return null;
      return CODES.test(v) ? v : "";
    } catch (e) { return null; }
  }
  function stored() { try { return localStorage.getItem(KEY) || ""; } catch (e) { return ""; } }
  function store(code) { try { if (code) localStorage.setItem(KEY, code); else localStorage.removeItem(KEY); } catch (e) { /* private mode */ } }

  var current = fromUrl();
  if (current === null) current = stored(); else store(current);

  function withCountry(href) {
    var url = new URL(href, location.href);
    if (current) url.searchParams.set(PARAM, current); else url.searchParams.delete(PARAM);
    return url;
  }
  function sameSite(url) {
    if (url.protocol === "file:") return location.protocol === "file:";
    return url.origin === location.origin;
  }
  function syncUrl() {
    if (!history.replaceState) return;
    var url = withCountry(location.href);
    if (url.href !== location.href) history.replaceState(history.state, "", url.href);
  }

  /* every link of the site carries the choice (pages, languages, the offline copy) */
  document.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest("a[href]");
    if (!a || a.getAttribute("href").charAt(0) === "#") return;
    var url;
    try { url = new URL(a.getAttribute("href"), location.href); } catch (e) { return; }
    if (!sameSite(url) || /\.(pdf|docx|zip|json|xml)$/i.test(url.pathname)) return;
    var next = withCountry(url.href);
    if (next.href !== url.href) a.setAttribute("href", next.href);
  }, true);

  function names() {
    var sel = document.getElementById("cmg-country");
    var out = {};
    if (sel) Array.prototype.forEach.call(sel.options, function (o) { out[o.value] = o.textContent; });
    return out;
  }

  function apply() {
    var sel = document.getElementById("cmg-country");
    var tbc = sel ? sel.getAttribute("data-tbc") : "";
    var known = names();
    Array.prototype.forEach.call(document.querySelectorAll(".cmg-param[data-param]"), function (ref, i) {
      if (!ref.hasAttribute("data-standard")) ref.setAttribute("data-standard", ref.textContent);
      var cells = current ? document.querySelectorAll('.cmg-cv[data-cc="' + current + '"][data-param="' + ref.getAttribute("data-param") + '"]') : [];
      if (!current || !cells.length) {
        ref.textContent = ref.getAttribute("data-standard");
        ref.removeAttribute("data-country");
        ref.removeAttribute("tabindex");
        ref.removeAttribute("aria-describedby");
        return;
      }
      ref.textContent = "";
      var basis = [], unconfirmed = false;
      Array.prototype.forEach.call(cells, function (cell, k) {
        if (k) ref.appendChild(document.createTextNode("; "));
        var part = cell.cloneNode(true);
        part.className = "cmg-param__value";
        Array.prototype.forEach.call(part.querySelectorAll(".cmg-tbc"), function (m) { m.parentNode.removeChild(m); });
        ref.appendChild(part);
        if (cell.getAttribute("data-status") !== "verified") unconfirmed = true;
        var b = cell.getAttribute("data-basis");
        if (b && basis.indexOf(b) < 0) basis.push(b);
      });
      if (unconfirmed) {
        var mark = document.createElement("span");
        mark.className = "cmg-tbc";
        mark.textContent = tbc;
        ref.appendChild(mark);
      }
      var tip = document.createElement("span");
      tip.className = "cmg-param__basis";
      tip.id = "cmg-basis-" + i;
      tip.setAttribute("role", "tooltip");
      tip.textContent = (known[current] || current) + (basis.length ? " · " + basis.join("; ") : "") + (unconfirmed ? " · " + tbc : "");
      ref.appendChild(tip);
      ref.setAttribute("data-country", current);
      ref.setAttribute("tabindex", "0");
      ref.setAttribute("aria-describedby", tip.id);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table tr"), function (tr) {
      var cell = tr.querySelector(".cmg-cv[data-cc]");
      if (cell) tr.classList.toggle("cmg-chosen", !!current && cell.getAttribute("data-cc") === current);
    });
    /* the guide's PDF and forms: the chosen country's edition (built beside the standard one) */
    Array.prototype.forEach.call(document.querySelectorAll(".cmg-downloads a[href]"), function (a) {
      if (!/\.(pdf|docx)$/.test(a.getAttribute("data-standard-href") || a.getAttribute("href"))) return;
      if (!a.hasAttribute("data-standard-href")) {
        a.setAttribute("data-standard-href", a.getAttribute("href"));
        a.setAttribute("data-standard-text", a.textContent);
      }
      var href = a.getAttribute("data-standard-href"), text = a.getAttribute("data-standard-text");
      var named = current && known[current];
      a.setAttribute("href", named ? href.replace(/\.(pdf|docx)$/, "-" + current + ".$1") : href);
      a.textContent = named ? text + " — " + known[current] : text;
    });
    if (sel) sel.value = current && sel.querySelector('option[value="' + current + '"]') ? current : "";
  }

  function set(code) {
    current = CODES.test(code || "") ? code : "";
    store(current);
    syncUrl();
    apply();
    document.dispatchEvent(new CustomEvent("cmg:country", { detail: current }));
  }

  window.CMGCountry = {
    get: function () { return current; },
    set: set,
    /* what a copied citation adds: the country whose values the reader was shown */
    citation: function () {
      var sel = document.getElementById("cmg-country");
      if (!current || !sel) return "";
      var n = names()[current];
      return n ? " " + (sel.getAttribute("data-cite") || "({country})").replace("{country}", n) : "";
    }
  };

  /* a reference pinned to one country ([[param:ID@kr]], a worked case's [[param:ID@hn]]): the same value
     for every reader; its basis (the title) becomes a tooltip on hover, tap and keyboard focus, as at the
     chosen country's values */
  function pinnedTips() {
    Array.prototype.forEach.call(document.querySelectorAll(".cmg-pinned[title]"), function (ref, i) {
      var tip = document.createElement("span");
      tip.className = "cmg-param__basis";
      tip.id = "cmg-pinned-basis-" + i;
      tip.setAttribute("role", "tooltip");
      tip.textContent = ref.getAttribute("title");
      ref.removeAttribute("title");
      ref.appendChild(tip);
      ref.setAttribute("tabindex", "0");
      ref.setAttribute("aria-describedby", tip.id);
    });
  }

  function ready() {
    pinnedTips();
    var box = document.querySelector(".cmg-country-switch");
    var sel = document.getElementById("cmg-country");
    if (box) box.hidden = false;
    if (sel) sel.addEventListener("change", function () { set(sel.value); });
    if (current) syncUrl();
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
