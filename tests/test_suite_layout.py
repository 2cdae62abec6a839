"""The test suite's own rules: shared helpers live in conftest.py (never imported from another test
file), and the fast lane's marks (conftest.py) find the tests that build, serve or open a browser."""

import ast
from pathlib import Path

import conftest

TESTS = Path(__file__).resolve().parent


def test_no_test_file_imports_another():
    bad = []
    for path in sorted(TESTS.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            bad += [f"{path.name}:{node.lineno}: imports {n}" for n in names if n.split(".")[0].startswith("test_")]
    assert not bad, "shared test helpers belong in conftest.py:\n" + "\n".join(bad)


def test_the_marks_find_builds_serves_and_browsers(tmp_path):
    path = tmp_path / "test_example.py"
    path.write_text(
        "import subprocess, sys\n"
        "from conftest import quick_build as build\n"
        "def helper(root):\n"
        "    return subprocess.run([sys.executable, '-m', 'mkdocs', 'serve'])\n"
        "def test_pure():\n"
        "    assert 1 + 1 == 2\n"
        "def test_cli_validate(mini):\n"
        "    subprocess.run([sys.executable, '-m', 'cmg.cli', 'validate'])\n"
        "def test_build(mini, tmp_path):\n"
        "    build(mini.root, tmp_path)\n"
        "def test_serve(mini):\n"
        "    helper(mini.root)\n"
        "def test_shipped(shipped_site):\n"
        "    assert shipped_site\n"
        "def test_cli_build(mini):\n"
        "    cmg(mini.root, 'build')\n"
        "def test_cli_status(mini):\n"
        "    cmg(mini.root, 'status')\n"
        "def test_preview(mini, tmp_path):\n"
        "    with serve_preview(mini.root, tmp_path / 'log'):\n"
        "        pass\n"
        "def site(tmp_path_factory):\n"
        "    return build(tmp_path_factory.mktemp('x'))\n"
        "def test_uses_a_building_fixture(site):\n"
        "    assert site\n", encoding="utf-8")
    assert conftest._kinds(str(path)) == {"test_pure": "", "test_cli_validate": "", "test_build": "build",
                                           "test_serve": "build", "test_shipped": "build", "test_cli_build": "build",
                                           "test_cli_status": "", "test_preview": "build",
                                           "test_uses_a_building_fixture": "build"}
    printing = tmp_path / "test_print_example.py"
    printing.write_text("from cmg.engine.downloads.pdf import render\n"
                        "def test_pdf(job):\n    render(job)\n"
                        "def test_template(env):\n    env.get_template('x').render()\n", encoding="utf-8")
    assert conftest._kinds(str(printing)) == {"test_pdf": "build", "test_template": ""}
    # a fixture that builds or opens a browser marks the tests that need it, however deep (pytest's closure)
    pure = tmp_path / "test_fixtures_example.py"
    pure.write_text("def test_a(site_url):\n    pass\n", encoding="utf-8")
    assert conftest._kind_of(str(pure), "test_a", ["site_url", "shipped_site", "tmp_path_factory"]) == "build"
    assert conftest._kind_of(str(pure), "test_a", ["browser", "site_url"]) == "browser"
    assert conftest._kind_of(str(pure), "test_a", ["mini", "tmp_path"]) == ""
    browser = tmp_path / "test_browser_example.py"
    browser.write_text("from playwright.sync_api import sync_playwright\ndef test_page():\n    pass\n", encoding="utf-8")
    assert conftest._kinds(str(browser)) == {"test_page": "browser"}
