"""CPU time a PDF page costs, in process: the guides' pages of a built site, each turned into its print
document (the article of the built page: what the build's print document holds, less the links the
build adds) and rendered by WeasyPrint as the build does (``pdf._rendered``), a few rounds.

    python scripts/bench/pdf_pages.py site es/delays ko/delays [--rounds 2] [--profile out.prof]

Prints, per guide, the pages and the CPU seconds of each round, and CPU per page (the minimum).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import re
import time
from pathlib import Path

from pypdf import PdfReader

from cmg.engine.downloads import pdf

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
_TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def job_of(site: Path, page: str) -> pdf.PrintJob:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    content = _ARTICLE.search(html).group(1)
    title = re.sub(r"<[^>]+>", "", _TITLE.search(content).group(1)).strip()
    locale = page.split("/")[0] if page.split("/")[0] in ("en", "ko") else "es"
    document = pdf.print_document(content=content, title=title, site_name="Guides", locale=locale,
                                  page_url=f"https://example.org/{page}/", version="1", css=pdf.pdf_stylesheet())
    return pdf.PrintJob(document, f"https://example.org/{page}/", "", str(site), "https://example.org/")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--profile")
    args = ap.parse_args()
    prof = cProfile.Profile() if args.profile else None
    for page in args.pages:
        job = job_of(Path(args.site), page)
        times, pages = [], 0
        for _ in range(args.rounds):
            t = time.process_time()
            if prof:
                prof.enable()
            data = pdf._rendered(job)
            if prof:
                prof.disable()
            times.append(time.process_time() - t)
            pages = len(PdfReader(io.BytesIO(data)).pages)
        print(f"{page}: {pages} pages, CPU {' / '.join(f'{x:.2f}' for x in times)} s, "
              f"{min(times) / max(pages, 1):.4f} s a page")
    if prof:
        prof.dump_stats(args.profile)


if __name__ == "__main__":
    main()
