"""Writing a file so that it is never half-written: a temporary file in the same directory, renamed over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import Callable, Iterable


class ChangedOnDisk(OSError):
    """The file changed between reading it and writing over it: it is left as it is."""


def write_atomically(path: str, data: str | bytes | Iterable[str], *,
                     unchanged: Callable[[str], bool] | None = None) -> None:
    """Write through a temporary file in the same directory, then rename: never a half-written file.
    A symlink is written through (the link stays); a device or pipe (`-o /dev/stdout`) is written
    directly, as it cannot be replaced. The file gets the mode (and, where allowed, the owner) it had,
    or the usual mode for a new file.
    `unchanged(real_path)`, checked just before the rename, says the file is still what the caller
    read; when it says no, ChangedOnDisk is raised and the file is left alone. On any error the
    temporary file is removed and the original is untouched. `data` may come in pieces (a report
    written as it is made)."""
    pieces = [data] if isinstance(data, (str, bytes)) else data

    def write(handle) -> None:
        for piece in pieces:
            handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)

    if os.path.exists(path) and not os.path.isfile(path):
        with open(path, "wb") as handle:
            write(handle)
        return
    path = os.path.realpath(path)
    try:
        status = os.stat(path)
        mode, owner = status.st_mode & 0o7777, (status.st_uid, status.st_gid)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode, owner = 0o666 & ~umask, None
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".dsqllint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if owner is not None and owner != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # only root may give a file away; others keep their own
                os.chown(tmp, *owner)
        os.chmod(tmp, mode)
        if unchanged is not None and not unchanged(path):
            raise ChangedOnDisk(f"{path} changed while dsqllint worked on it; not overwritten")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
