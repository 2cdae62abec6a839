"""Compiled theme templates kept on disk between builds (a Jinja bytecode cache).

Every build of every locale makes a new Jinja environment and compiles Material's templates again
(about 40, roughly a tenth of a locale's build). With this cache they are compiled once and then
loaded. A cached template is used only for the same template file with the same source (Jinja's own
key and checksum) and an environment of the same Jinja version, options, extensions, filters and
tests (added here: those change the compiled code), so the pages come out the same byte for byte.

The cache lives where Jinja puts it by default (a private folder in the system's temporary folder).
``CMG_NO_TEMPLATE_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os

import jinja2
from jinja2.bccache import FileSystemBytecodeCache


def _fingerprint(env: jinja2.Environment) -> str:
    parts = [jinja2.__version__, repr(sorted(env.extensions)), repr(sorted(env.filters)), repr(sorted(env.tests))]
    for opt in ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized"):
        parts.append(repr(getattr(env, opt, None)))
    autoescape = env.autoescape
    parts.append(f"{autoescape.__module__}.{autoescape.__qualname__}" if callable(autoescape) else repr(autoescape))
    parts.append(repr(env.finalize is not None))
    return hashlib.sha1("\0".join(parts).encode("utf-8")).hexdigest()


class _Cache(FileSystemBytecodeCache):
    def get_bucket(self, environment, name, filename, source):
        return super().get_bucket(environment, f"{name}\0{_fingerprint(environment)}", filename, source)


def use_template_cache(env: jinja2.Environment) -> None:
    """From the plugin's ``on_env``: compile each theme template once, not once per build and locale."""
    if os.environ.get("CMG_NO_TEMPLATE_CACHE") or env.bytecode_cache is not None:
        return
    try:
        env.bytecode_cache = _Cache(pattern="__cmg_%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder: compile as before
        pass
