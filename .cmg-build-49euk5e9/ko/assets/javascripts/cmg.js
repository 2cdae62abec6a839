/* Reader features added by the cmg toolkit. No dependencies; nothing is loaded from other hosts. */
(function () {
  "use strict";

  /* Glossary terms: each page lists the definitions it uses once (JSON, in the data-definitions of a
     hidden .cmg-terms) and marks each term <abbr data-cmg-term="N">. Giving each mark its title here,
     before Material sets up the page (on DOMContentLoaded, after this script has run), makes Material
     show it as a tooltip. */
  (function glossaryTooltips() {
    var data = document.querySelector(".cmg-terms[data-definitions]");
    if (!data) return;
    var definitions;
    try { definitions = JSON.parse(data.getAttribute("data-definitions")); } catch (e) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("abbr[data-cmg-term]"), function (mark) {
      var text = definitions[Number(mark.getAttribute("data-cmg-term"))];
      if (text && !mark.hasAttribute("title")) mark.setAttribute("title", text);
    });
  })();

  /* Switching language on a clause keeps the reader on that clause (same ID in every locale). */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link || !location.hash) return;
    var url = new URL(link.getAttribute("href"), location.href);
    if (!url.hash) {
      url.hash = location.hash;
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
        var url = location.href.split("#")[0] + "#" + h.id;
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

  function ready() {
    followMovedClause();
    setUpCitations();
    nameSearchDialog();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
