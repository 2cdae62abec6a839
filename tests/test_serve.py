"""`mkdocs serve` keeps running on bad input, reports it with file and line, and recovers when fixed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

ES = "translations/es/demo/index.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def _wait(pred, timeout=60.0) -> bool:
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.3)
    return False


def test_serve_survives_bad_input_and_recovers(mini, tmp_path):
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                            cwd=mini.root, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/demo/"
    try:
        assert _wait(lambda: _get(url) is not None), open(tmp_path / "serve.log").read()[-3000:]
        good = mini.path(ES).read_bytes()
        mini.path(ES).write_bytes(good.replace("Inspección".encode(), b"Inspecci\xf3n"))
        assert _wait(lambda: "CMG001" in open(tmp_path / "serve.log", encoding="utf-8").read()), \
            open(tmp_path / "serve.log").read()[-3000:]
        text = open(tmp_path / "serve.log", encoding="utf-8").read()
        assert f"{ES}:" in text and "Traceback" not in text
        assert proc.poll() is None and _get(url) is not None  # still serving (the English text, with a notice)
        mini.path(ES).write_bytes(good.replace("Una guía mínima".encode(), "Una guía corregida".encode()))
        assert _wait(lambda: "Una guía corregida" in (_get(url) or "")), open(tmp_path / "serve.log").read()[-3000:]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
