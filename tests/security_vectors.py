"""Injection vectors for the security tests: those of issue 13 and of the published cheat sheets
(OWASP XSS filter evasion, PortSwigger, mXSS papers), each a piece of Markdown a contributor could
write. Each payload calls alert('cmg-xss-N'), so a dialog names the vector that fired."""

from __future__ import annotations

# (name, markdown); a vector may span lines. `inert` ones are not removed (they are shown as text,
# or escaped) but must not fire either.
VECTORS: list[tuple[str, str]] = [
    # raw HTML
    ("script", "<script>alert('cmg-xss-1')</script>"),
    ("img-onerror", "<img src=x onerror=\"alert('cmg-xss-2')\">"),
    ("svg-slash-onload", "<svg/onload=alert('cmg-xss-3')>"),
    ("svg-script", "<svg><script>alert('cmg-xss-4')</script></svg>"),
    ("body-onload", "<body onload=alert('cmg-xss-5')>"),
    ("iframe-js", "<iframe src=\"javascript:alert('cmg-xss-6')\"></iframe>"),
    ("iframe-srcdoc", "<iframe srcdoc=\"&lt;script&gt;alert('cmg-xss-7')&lt;/script&gt;\"></iframe>"),
    ("object-js", "<object data=\"javascript:alert('cmg-xss-8')\"></object>"),
    ("embed-js", "<embed src=\"javascript:alert('cmg-xss-9')\">"),
    ("a-js", "<a href=\"javascript:alert('cmg-xss-10')\">x</a>"),
    ("a-js-mixed-case", "<a href=\"JaVaScRiPt:alert('cmg-xss-11')\">x</a>"),
    ("a-js-leading-space", "<a href=\" javascript:alert('cmg-xss-12')\">x</a>"),
    ("a-js-tab-entity", "<a href=\"jav&#x09;ascript:alert('cmg-xss-13')\">x</a>"),
    ("a-js-newline-entity", "<a href=\"jav&#x0A;ascript:alert('cmg-xss-14')\">x</a>"),
    ("a-js-decimal-entities", "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert('cmg-xss-15')\">x</a>"),
    ("a-js-colon-entity", "<a href=\"javascript&colon;alert('cmg-xss-16')\">x</a>"),
    ("a-data-html", "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgnY21nLXhzcy0xNycpPC9zY3JpcHQ+\">x</a>"),
    ("a-vbscript", "<a href=\"vbscript:msgbox('cmg-xss-18')\">x</a>"),
    ("div-onclick", "<div onclick=\"alert('cmg-xss-19')\">click</div>"),
    ("div-onmouseover", "<div onmouseover=\"alert('cmg-xss-20')\">hover</div>"),
    ("quote-slash-onclick", "<a href=\"#top\"/onclick=\"alert('cmg-xss-21')\">x</a>"),
    ("tag-split-over-lines", "<img\nsrc=x\nonerror=\"alert('cmg-xss-22')\">"),
    ("details-ontoggle", "<details open ontoggle=\"alert('cmg-xss-23')\"><summary>s</summary>d</details>"),
    ("input-onfocus", "<input autofocus onfocus=\"alert('cmg-xss-24')\">"),
    ("form-action", "<form action=\"javascript:alert('cmg-xss-25')\"><button>send</button></form>"),
    ("button-formaction", "<button formaction=\"javascript:alert('cmg-xss-26')\">x</button>"),
    ("style-import", "<style>@import 'javascript:alert(\"cmg-xss-28\")';</style>"),
    ("link-remote-css", "<link rel=stylesheet href=\"https://evil.example/cmg-xss-29.css\">"),
    ("meta-refresh", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('cmg-xss-30')\">"),
    ("base-href", "<base href=\"javascript:alert('cmg-xss-31')//\">"),
    ("img-remote", "<img src=\"https://evil.example/cmg-xss-32.png\">"),
    ("video-source-onerror", "<video><source onerror=\"alert('cmg-xss-33')\"></video>"),
    ("audio-onerror", "<audio src=x onerror=\"alert('cmg-xss-34')\"></audio>"),
    ("marquee-onstart", "<marquee onstart=\"alert('cmg-xss-35')\">x</marquee>"),
    ("isindex", "<isindex action=\"javascript:alert('cmg-xss-36')\" type=image>"),
    ("noscript-breakout", "<noscript><p title=\"</noscript><img src=x onerror=alert('cmg-xss-37')>\"></noscript>"),
    ("textarea-breakout", "<textarea></textarea><img src=x onerror=\"alert('cmg-xss-38')\"></textarea>"),
    ("svg-xlink", "<svg><a xlink:href=\"javascript:alert('cmg-xss-39')\"><text x=\"20\" y=\"20\">x</text></a></svg>"),
    ("svg-animate-onbegin", "<svg><animate onbegin=\"alert('cmg-xss-40')\" attributeName=x dur=1s></svg>"),
    ("img-eval-src", "<img src=\"x:alert('cmg-xss-41')\" onerror=\"eval(src)\">"),
    ("a-js-padded-entity", "<a href=\"&#0000106avascript:alert('cmg-xss-42')\">x</a>"),
    ("style-url-js", "<div style=\"background:url(javascript:alert('cmg-xss-43'))\">x</div>"),
    ("style-expression", "<div style=\"width: expression(alert('cmg-xss-44'))\">x</div>"),
    ("dom-clobber-config", "<div id=\"__config\">{\"base\": \"javascript:alert('cmg-xss-45')\"}</div>"),
    ("img-js-uppercase", "<IMG SRC=JaVaScRiPt:alert('cmg-xss-46')>"),
    ("img-quotes-breakout", "<img \"\"\"><script>alert('cmg-xss-47')</script>\">"),
    ("double-open", "<<script>alert('cmg-xss-48');//<</script>"),
    ("nested-script", "<scr<script>ipt>alert('cmg-xss-49')</script>"),
    ("attachment-environ", "<a rel=\"attachment\" href=\"file:///proc/self/environ\">env cmg-xss-50</a>"),
    ("object-data-html", "<object data=\"data:text/html,&lt;script&gt;alert('cmg-xss-51')&lt;/script&gt;\"></object>"),
    # Markdown links, images, autolinks
    ("md-link-js", "[x](javascript:alert('cmg-xss-52'))"),
    ("md-link-js-angle", "[x](<javascript:alert('cmg-xss-53')>)"),
    ("md-link-js-upper", "[x](JAVASCRIPT:alert('cmg-xss-54'))"),
    ("md-link-colon-entity", "[x](javascript&colon;alert('cmg-xss-55'))"),
    ("md-link-decimal-entity", "[x](&#106;avascript:alert('cmg-xss-56'))"),
    ("md-link-tab", "[x](java\tscript:alert('cmg-xss-57'))"),
    ("md-reference-js", "[click][cmg-ref-58]\n\n[cmg-ref-58]: javascript:alert('cmg-xss-58')"),
    ("md-image-js", "![x](javascript:alert('cmg-xss-59'))"),
    ("md-image-remote", "![x](https://evil.example/cmg-xss-60.png)"),
    ("md-autolink-js", "<javascript:alert('cmg-xss-61')>"),
    ("md-link-data", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgnY21nLXhzcy02MicpPC9zY3JpcHQ+)"),
    # attribute lists (attr_list) on a paragraph, a link, an image, a heading
    ("attr-paragraph", "A paragraph.\n{: onclick=\"alert('cmg-xss-63')\" }"),
    ("attr-link", "[x](#top){: onclick=\"alert('cmg-xss-64')\" }"),
    ("attr-image", "![x](cmg-missing.png){: onerror=\"alert('cmg-xss-65')\" }"),
    ("attr-heading", "#### Heading 66 {#cmg-h66 onclick=\"alert('cmg-xss-66')\"}"),
    ("attr-link-href", "[x](#ok){: href=\"javascript:alert('cmg-xss-67')\" }"),
    ("attr-heading-class", "#### Heading 68 {: .cmg-x onmouseover=\"alert('cmg-xss-68')\" }"),
    ("attr-overlay", "[x](#){: style=\"position:fixed;top:0;left:0;width:100%;height:100%\" onmouseover=\"alert('cmg-xss-69')\" }"),
    ("md-in-html-onclick", "<div markdown=\"1\" onclick=\"alert('cmg-xss-70')\">x</div>"),
    ("attr-id-breakout", "#### Heading 71 {#cmg-h71\"onmouseover=\"alert('cmg-xss-71')\"}"),
    ("footnote-img", "Footnoted.[^cmgxss72]\n\n[^cmgxss72]: <img src=x onerror=\"alert('cmg-xss-72')\">"),
    ("toc-heading-img", "#### <img src=x onerror=\"alert('cmg-xss-73')\"> Heading 73"),
    ("md-link-title-breakout", "[x](#top \"t\" onmouseover=\"alert('cmg-xss-74')\")"),
    ("entity-in-raw-a", "<a href=\"&#x6A;avascript:alert('cmg-xss-75')\">x</a>"),
    # the same three inside a block of raw HTML, which Python-Markdown passes through as it is
    ("svg-slash-onload-block", "<div>\n<svg/onload=alert('cmg-xss-77')>\n</div>"),
    ("quote-slash-onclick-block", "<p><a href=\"#top\"/onclick=\"alert('cmg-xss-78')\">x</a></p>"),
    ("img-js-uppercase-block", "<div><IMG SRC=JaVaScRiPt:alert('cmg-xss-79') onerror=\"alert('cmg-xss-79')\"></div>"),
    ("mxss-math-style", "<math><mtext><table><mglyph><style><img src=x onerror=\"alert('cmg-xss-27')\">"),
    ("nul-byte", "a\x00<img src=x onerror=\"alert('cmg-xss-76')\">"),
]

# vectors that Python-Markdown escapes or writes as a harmless relative URL (so the sanitiser has
# nothing to remove): they must not fire either, and need no finding
INERT = {"svg-slash-onload", "quote-slash-onclick", "img-js-uppercase", "md-link-tab", "md-autolink-js",
         "md-link-title-breakout"}

# front matter titles (land in every page's navigation and in <title>) and termbase definitions
TITLE_VECTORS = [
    "Demo <img src=x onerror=\"alert('cmg-xss-90')\">",
    "&lt;/title&gt;&lt;script&gt;alert('cmg-xss-91')&lt;/script&gt;",
]
DEFINITION_VECTOR = ("Checking.\n\n<img src=x onerror=\"alert('cmg-xss-92')\">\n\n"
                     "[x](javascript:alert('cmg-xss-93'))\n\n# Injected heading cmg-xss-94")
