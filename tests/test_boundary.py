"""The toolkit's model and checks import nothing from MkDocs: only the plugin adapts them."""

import subprocess
import sys


def test_model_and_checks_do_not_import_mkdocs():
    code = (
        "import sys\n"
        "import cmg.cli, cmg.validate, cmg.workflow, cmg.site, cmg.freshness, cmg.edits, cmg.parse, cmg.checks\n"
        "bad = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith(('mkdocs.', 'material', 'mkdocs_static_i18n')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
