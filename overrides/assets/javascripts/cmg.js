/* Reader features added by the cmg toolkit. No dependencies; nothing is loaded from other hosts. */
(function () {
  "use strict";

  /* Glossary terms: each page lists the definitions it uses once (JSON, in the data-definitions of a
     hidden .cmg-terms) and marks each term <abbr data-cmg-term="N">. Giving each mark its title here,
     before Material sets up the page (on DOMContentLoaded, after this script has run), makes Material
     show it as a tooltip. Where the list also gives the glossary page (data-glossary) and the anchor of
     each term's entry there (data-anchors), each mark becomes a link to the entry: a tap on a phone,
     which has no hover, or Enter leads to it. The first use of each term on the page is a stop of the
     Tab key, with its tooltip on focus; the later ones are left out of the Tab order. */
  (function glossaryTooltips() {
    var data = document.querySelector(".cmg-terms[data-definitions]");
    if (!data) return;
    var definitions, anchors = [];
    try {
      definitions = JSON.parse(data.getAttribute("data-definitions"));
      if (data.hasAttribute("data-anchors")) anchors = JSON.parse(data.getAttribute("data-anchors"));
    } catch (e) { return; }
    var glossary = data.getAttribute("data-glossary") || "";
    if (!/^[\w.\/-]*$/.test(glossary)) glossary = "";  // a relative address the build wrote, nothing else
    var reached = {};
    Array.prototype.forEach.call(document.querySelectorAll("abbr[data-cmg-term]"), function (mark) {
      var n = Number(mark.getAttribute("data-cmg-term"));
      var text = definitions[n];
      var anchor = anchors[n];
      var target = mark;
      if (glossary && typeof anchor === "string" && /^term-[\w-]+$/.test(anchor)) {
        target = document.createElement("a");
        target.className = "cmg-term";
        target.href = glossary + "#" + anchor;
        target.setAttribute("data-cmg-term", String(n));
        if (reached[n]) target.tabIndex = -1;
        reached[n] = true;
        target.textContent = mark.textContent;
        mark.parentNode.replaceChild(target, mark);
      }
      if (text && !target.hasAttribute("title")) target.setAttribute("title", text);
    });
  })();

  /* Material fetches "sitemap.xml" under the address of every <link rel="alternate"> (the page in
     each language): three failed requests per page, also offline, for a lookup this site does not
     use (the language links below lead to the same page themselves). The links are taken out of
     the head before Material looks for them (its DOMContentLoaded handler runs before ours) and
     put back after, for browsers and crawlers that read them. */
  (function hideAlternatesFromMaterial() {
    var links = Array.prototype.slice.call(document.querySelectorAll("link[rel=alternate][hreflang]"));
    if (!links.length || document.readyState !== "loading") return;
    var marks = links.map(function (link) {
      var mark = document.createComment("cmg-alternate");
      link.parentNode.replaceChild(mark, link);
      return mark;
    });
    document.addEventListener("DOMContentLoaded", function () {
      marks.forEach(function (mark, i) { mark.parentNode.replaceChild(links[i], mark); });
    });
  })();

  /* Queries as the reader means them. The query goes to Material's search worker as a message; only
     that message is changed. Korean: a word typed with its particle (지체상금을, 발주기관이) is
     searched without it, so that it also finds the word with another particle or none. */
  var PARTICLES = ["에서는", "에게서", "으로는", "으로서", "으로써", "에서", "에게", "으로", "까지", "부터", "보다",
    "처럼", "마다", "이나", "에는", "와의", "과의", "로서", "로써", "을", "를", "이", "가", "은", "는", "의", "에",
    "로", "와", "과", "도", "만"];

  function withoutParticle(word) {
    if (!/^[\uac00-\ud7a3]{3,}$/.test(word)) return word;
    for (var i = 0; i < PARTICLES.length; i++) {
      var p = PARTICLES[i];
      if (word.length - p.length >= 2 && word.slice(-p.length) === p) return word.slice(0, -p.length);
    }
    return word;
  }

  /* Every plain word of a query is sent twice: as typed, boosted (the word itself), and as Material
     sends it (with a trailing wildcard: the word and every longer word it begins). Without the
     first, a rarer longer form outranks the word asked for ("prórroga" found "prórrogas" first:
     a rarer word weighs more). */
  var EXACT_BOOST = 5;
  var PLAIN_WORD = /^[\p{L}\p{N}]+$/u;

  function readerQuery(query, korean) {
    return query.split(/(\s+)/).map(function (part) {
      if (!PLAIN_WORD.test(part)) return part;
      var word = korean ? withoutParticle(part) : part;
      return word + "^" + EXACT_BOOST + " " + word;
    }).join("");
  }
  window.cmgReaderQuery = readerQuery;  /* for the tests */

  (function rewriteSearchQueries() {
    var korean = (document.documentElement.getAttribute("lang") || "").slice(0, 2) === "ko";
    var Worker = window.Worker;
    if (!Worker || !Worker.prototype || !Worker.prototype.postMessage) return;
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      if (message && message.type === 2 && typeof message.data === "string") {  /* Material's QUERY */
        arguments[0] = { type: message.type, data: readerQuery(message.data, korean) };
      }
      return post.apply(this, arguments);
    };
  })();

  /* The clause the reader is reading: the one in the address, else the last clause heading that
     has scrolled to the top of the window. */
  function clauseInView() {
    if (location.hash) return location.hash;
    var headerHeight = (document.querySelector(".md-header") || { offsetHeight: 0 }).offsetHeight;
    var current = null;
    Array.prototype.forEach.call(document.querySelectorAll(".md-content h2[id], .md-content h3[id]"), function (h) {
      if (h.getBoundingClientRect().top <= headerHeight + 8) current = h;
    });
    return current ? "#" + current.id : "";
  }

  /* Switching language keeps the reader on the clause in view (same ID in every locale). */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link) return;
    var hash = clauseInView();
    if (!hash) return;
    var url = new URL(link.getAttribute("href"), location.href);
    if (!url.hash) {
      url.hash = hash;
      link.setAttribute("href", url.toString());
    }
    /* Material would send the reader to the other language's home page instead (it looks the page
       up in a sitemap that mkdocs-static-i18n does not publish per page): follow the link itself. */
    event.stopPropagation();
  }, true);

  /* "Copy citation" next to every clause heading: guide, clause number and title, version, URL. */
  function setUpCitations() {
    var meta = document.querySelector(".cmg-guide-meta[data-cite-format]");
    if (!meta) return;
    var format = meta.getAttribute("data-cite-format");
    var label = meta.getAttribute("data-cite-label");
    var done = meta.getAttribute("data-cite-done");
    var headings = document.querySelectorAll(".md-content h2[id], .md-content h3[id]");
    Array.prototype.forEach.call(headings, function (h) {
      var text = "";
      Array.prototype.forEach.call(h.childNodes, function (node) {
        if (node.nodeType === 1 && (node.classList.contains("headerlink") || node.classList.contains("cmg-cite"))) return;
        text += node.textContent;
      });
      var match = /^(\d+(?:\.\d+)*)\s+(.*)$/.exec(text.replace(/\s+/g, " ").trim());
      if (!match || h.querySelector(".cmg-cite")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cmg-cite";
      button.textContent = label;
      button.setAttribute("aria-label", label + ": " + match[1] + " " + match[2]);
      button.addEventListener("click", function () {
        /* the clause's address as it is published: no "?h=" left by a search result; other parameters
           (the reader's country: ?country=pa) stay, so that the cited link opens as the reader saw it */
        var address = new URL(location.href);
        address.hash = "";
        address.searchParams.delete("h");
        var url = address.toString().replace(/\?$/, "") + "#" + h.id;
        var text = format.replace("{number}", match[1]).replace("{title}", match[2]).replace("{url}", url);
        if (window.CMGCountry) text += window.CMGCountry.citation();  /* names the country whose figures were shown */
        var finish = function () {
          button.textContent = done;
          button.setAttribute("data-citation", text);
          setTimeout(function () { button.textContent = label; }, 2500);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(finish, function () { fallbackCopy(text); finish(); });
        } else {
          fallbackCopy(text);
          finish();
        }
      });
      h.appendChild(button);
    });
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* the button still shows the citation */ }
    document.body.removeChild(area);
  }

  /* The search dialog gets an accessible name (its input's placeholder, already in the reader's language). */
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    var input = document.querySelector(".md-search__input");
    if (dialog && input && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", input.getAttribute("placeholder") || input.getAttribute("aria-label") || "Search");
    }
  }

  /* A page opened from a search result (?h=prorroga) also highlights the accented forms of the
     words (prórroga), as the search found them: Material's highlighter matches the letters as
     typed only. Text Material highlights itself is left to it. */
  function foldChar(c) {
    var f = c.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return f.length === 1 ? f.toLowerCase() : c.toLowerCase();  /* Hangul and others stay as they are */
  }

  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) out += foldChar(text.charAt(i));
    return out;
  }

  function highlightFoldedForms() {
    var query = new URL(location.href).searchParams.get("h");
    var content = document.querySelector(".md-content article");
    if (!query || !content) return;
    var words = query.split(/[\s*+\-:~^·]+/).filter(function (w) { return w.length > 1; });
    if (!words.length) return;
    var folded = words.map(fold);
    var literal = words.map(function (w) { return w.toLowerCase(); });
    var nodes = [];
    var it = document.createNodeIterator(content, NodeFilter.SHOW_TEXT);
    for (var node = it.nextNode(); node; node = it.nextNode()) {
      var parent = node.parentElement;
      if (parent && !parent.closest("mark, script, style, code, pre, .cmg-terms")) nodes.push(node);
    }
    nodes.forEach(function (node) {
      var text = node.textContent;
      var plain = fold(text);
      var lower = text.toLowerCase();
      var ranges = [];
      folded.forEach(function (word, k) {
        var at = plain.indexOf(word);
        while (at >= 0) {
          var startsWord = at === 0 || !/[\p{L}\p{N}]/u.test(text.charAt(at - 1));
          /* Material highlights a word that starts with the query as typed */
          if (startsWord && lower.substr(at, literal[k].length) !== literal[k]) ranges.push([at, at + word.length]);
          at = plain.indexOf(word, at + word.length);
        }
      });
      if (!ranges.length) return;
      ranges.sort(function (a, b) { return a[0] - b[0]; });
      var frag = document.createDocumentFragment();
      var pos = 0;
      ranges.forEach(function (r) {
        if (r[0] < pos) return;
        frag.appendChild(document.createTextNode(text.slice(pos, r[0])));
        var mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.setAttribute("data-cmg-folded", "");
        mark.textContent = text.slice(r[0], r[1]);
        frag.appendChild(mark);
        pos = r[1];
      });
      frag.appendChild(document.createTextNode(text.slice(pos)));
      node.parentNode.replaceChild(frag, node);
    });
  }

  /* "Report an error": an e-mail naming the page, the clause in view and its address (a mailto:
     link, so it works offline too). Filled when the reader opens it, from the clause in view then. */
  function headingText(h) {
    var text = "";
    Array.prototype.forEach.call(h.childNodes, function (node) {
      if (node.nodeType === 1 && (node.classList.contains("headerlink") || node.classList.contains("cmg-cite"))) return;
      text += node.textContent;
    });
    return text.replace(/\s+/g, " ").trim();
  }

  function setUpFeedback() {
    var link = document.querySelector("a.cmg-feedback__link[data-body]");
    if (!link) return;
    /* the clause the reader was reading before scrolling down to the footer to write */
    var footer = document.querySelector(".md-footer") || link;
    var reading = "";
    var track = function () {
      if (footer.getBoundingClientRect().top > window.innerHeight) reading = clauseInView();
    };
    window.addEventListener("scroll", track, { passive: true });
    track();
    var fill = function () {
      var hash = location.hash || reading;
      var heading = hash ? document.getElementById(hash.slice(1)) : null;
      var title = document.querySelector(".md-content h1");
      var page = title ? headingText(title) : document.title;
      var clause = heading ? headingText(heading) : "—";
      var url = location.href.split("#")[0].split("?")[0] + (heading ? "#" + heading.id : "");
      var body = link.getAttribute("data-body").replace("{page}", page).replace("{clause}", clause).replace("{url}", url);
      var subject = link.getAttribute("data-subject") + (heading ? ": " + clause : "");
      var to = link.getAttribute("href").split("?")[0];
      link.setAttribute("href", to + "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(body));
    };
    link.addEventListener("pointerdown", fill);
    link.addEventListener("focus", fill);
    link.addEventListener("click", fill);
  }

  /* A clause moved to another guide (`cmg move`): its old address lands on a notice with a link to the
     clause's new place (it works without scripts); follow that link at once. */
  function followMovedClause() {
    var id = location.hash ? decodeURIComponent(location.hash.slice(1)) : "";
    var mark = id && document.getElementById(id);
    if (!mark || !mark.classList.contains("cmg-moved")) return;
    var notice = mark.nextElementSibling;
    var link = notice && notice.querySelector("a.cmg-moved-link");
    if (link) location.replace(link.href);
  }
  window.addEventListener("hashchange", followMovedClause);

  /* A table wider than the page scrolls inside Material's wrapper: a keyboard user can scroll it only
     if the wrapper takes focus (WCAG 2.1.1; axe: scrollable-region-focusable). Each such wrapper gets
     tabindex=0 and the name of its table's first header row, as a region. */
  function focusableScrollingTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth <= wrap.clientWidth || wrap.hasAttribute("tabindex")) return;
      var head = wrap.querySelector("th");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", head ? head.textContent.trim() : "table");
    });
  }

  function ready() {
    focusableScrollingTables();
    followMovedClause();
    setUpFeedback();
    highlightFoldedForms();
    setUpCitations();
    nameSearchDialog();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
