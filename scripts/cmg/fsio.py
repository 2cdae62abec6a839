"""Safe file I/O at the edges: atomic writes that keep a file's encoding, BOM and line endings."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

BOM = b"\xef\xbb\xbf"


class UnsafeFileError(Exception):
    """A file the tools will not rewrite (not UTF-8, unreadable…), with a message naming it."""


class ConcurrentEditError(UnsafeFileError):
    """The file changed on disk after cmg read it: writing would lose that edit."""


class WriteFailedError(UnsafeFileError):
    """The system refused a write (disk full, read-only, permissions): names the file, what was already
    written and what was left as it was."""


def _same_text(a: str, b: str) -> bool:
    norm = lambda s: s.replace("\r\n", "\n").replace("\r", "\n")  # noqa: E731 - the comparison's one rule
    return norm(a) == norm(b)


def unchanged_since(path: Path, before: str | None, display: str = "") -> None:
    """Refuse (ConcurrentEditError) when ``path`` no longer holds ``before`` (the text cmg read; None: the
    file did not exist). Line endings aside, any difference is someone else's edit."""
    display = display or str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        if before is None:
            return
        raise ConcurrentEditError(f"{display}: was removed after cmg read it; nothing written to it (run the command again)") from None
    if before is None:
        raise ConcurrentEditError(f"{display}: was created by someone else while cmg worked; it was left as it is "
                                  "(run the command again)")
    text = data[3:] if data.startswith(BOM) else data
    try:
        current = text.decode("utf-8")
    except UnicodeDecodeError:
        current = None
    if current is None or not _same_text(current, before):
        raise ConcurrentEditError(f"{display}: changed on disk after cmg read it (a save in an editor?); it was "
                                  "left as it is, with that edit (run the command again)")


@dataclass
class TextFile:
    """A text file's content as lines that keep their own endings, plus its BOM."""

    path: Path
    lines: list[str]  # each with its line ending (the last one may have none)
    bom: bool = False

    @property
    def newline(self) -> str:
        counts: dict[str, int] = {}
        for line in self.lines:
            for nl in ("\r\n", "\n", "\r"):
                if line.endswith(nl):
                    counts[nl] = counts.get(nl, 0) + 1
                    break
        return max(counts, key=counts.get) if counts else "\n"

    def text(self) -> str:
        return "".join(self.lines)


def split_keepends(text: str) -> list[str]:
    """Split into lines that keep their endings (only \\r\\n, \\n and \\r count as line endings)."""
    out, start, i, n = [], 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" or ch == "\r":
            end = i + 2 if ch == "\r" and i + 1 < n and text[i + 1] == "\n" else i + 1
            out.append(text[start:end])
            start = i = end
            continue
        i += 1
    if start < n:
        out.append(text[start:])
    return out


def read_text_file(path: Path, display: str = "") -> TextFile:
    display = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnsafeFileError(f"{display}: cannot read: {exc.strerror or exc}") from None
    bom = data.startswith(BOM)
    if bom:
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnsafeFileError(f"{display}:{line}: not valid UTF-8; it was left untouched (re-save it as UTF-8)") from None
    return TextFile(path, split_keepends(text), bom)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True, precondition=None) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over `path`.

    If the process dies at any point, `path` holds either its old content or the new one.
    ``durable=False`` skips the flushes to disk (for caches: a file lost in a power cut is rebuilt).
    """
    path = Path(path)
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    mode = None
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # what open() would give a new file; mkstemp's 0600 would hide it from web servers
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".cmg-tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        _pause_for_tests()
        if precondition is not None:
            precondition()  # as late as can be: just before the rename (refuses a lost update)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not exc.filename:  # a full disk says nothing of which file
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
        raise
    if not durable:
        return
    try:
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def _pause_for_tests() -> None:
    """Tests set CMG_TEST_PAUSE_BEFORE_RENAME to a file path to kill a write midway."""
    marker = os.environ.get("CMG_TEST_PAUSE_BEFORE_RENAME")
    if marker:
        Path(marker).write_text("paused", encoding="utf-8")
        import time

        time.sleep(60)


def write_text_file(tf: TextFile, *, precondition=None) -> None:
    data = tf.text().encode("utf-8")
    atomic_write_bytes(tf.path, (BOM if tf.bom else b"") + data, precondition=precondition)


def keep_newest(folder: str | Path, keep: int, suffix: str) -> None:
    """Remove all but the ``keep`` most recently modified files of ``folder`` whose names end in ``suffix``
    (a cache's trim: files that cannot be read or removed are left alone)."""
    entries = []
    try:
        for entry in os.scandir(folder):
            if entry.name.endswith(suffix) and entry.is_file():
                try:
                    entries.append((entry.stat().st_mtime, entry.path))
                except OSError:
                    pass
    except OSError:
        return
    for _, path in sorted(entries, reverse=True)[keep:]:
        try:
            os.unlink(path)
        except OSError:
            pass
