"""Writing output files so that an interrupted run never leaves one that looks complete.

:func:`write_text_atomic` writes to a temporary file in the same folder (a name starting
with ``.`` and ending in ``.part``), flushes it to disk and renames it over the target:
on POSIX and Windows the rename is atomic, so the target is either the old file or the
complete new one, whatever signal (SIGINT, SIGTERM, SIGKILL) or power cut stops the
process.  A SIGKILL may leave the ``.part`` file behind; nothing reads it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_text_atomic", "PART_SUFFIX"]

PART_SUFFIX = ".part"
"""Suffix of the temporary files (``.plan.json.<random>.part``)."""


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically.

    Parameters
    ----------
    path
        Target file; its folder must exist.
    text
        The whole content.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    OSError
        If the folder is not writable; the target is then untouched and no temporary
        file remains.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX,
                               dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would make the output private
        os.replace(tmp, target)
    except BaseException:  # KeyboardInterrupt included: never leave the .part behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target
