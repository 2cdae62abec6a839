"""Print every finding and every parsed model of a project, to prove that a change to the parser or the
checks keeps the findings identical: run it before and after, on the bench corpus (``bench.py --work``),
its mid-translation variant and the shipped guides, and ``cmp`` the outputs.

    python scripts/bench/dump_validation.py PROJECT_DIR OUT_FILE

The findings are made four ways (findings cache empty and in several processes, without the cache in one
process and in two, then with the cache just filled); the models are the ``repr`` of each parsed file's
dataclasses (every number, figure, reference and text line, with its position). Not part of `make test`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    root, out = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    os.chdir(root)
    os.environ["CMG_CACHE_DIR"] = tempfile.mkdtemp(prefix="cmg-dump-")  # an empty findings cache
    from cmg.parse import parse_guide_bytes
    from cmg.project import find_config, iter_guide_files, load_project
    from cmg.validate import validate_findings

    project = load_project(find_config(root, None))
    ways = [("cold-cache-parallel", {}), ("nocache-serial", {"cache": False, "workers": 1}),
            ("nocache-parallel", {"cache": False, "workers": 2}), ("warm-cache", {})]
    with out.open("w", encoding="utf-8") as fh:
        for label, kw in ways:
            n, findings = validate_findings(project, **kw)
            fh.write(f"== {label} {n} files {len(findings)} findings\n")
            fh.writelines(repr(f) + "\n" for f in findings)
        fh.write("== models\n")
        for loc in project.locales:
            for gp in iter_guide_files(project, loc):
                gf = parse_guide_bytes(gp.abs.read_bytes(), path=project.rel(gp.abs), locale=loc, guide=gp.guide,
                                       rel=gp.rel)
                fh.write(repr(gf) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
