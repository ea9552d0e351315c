"""Atomic text writes: the target is the old file or the complete new one."""

import os

import pytest

from expdesign import files
from expdesign.files import PART_SUFFIX, write_text_atomic


def test_writes_and_replaces(tmp_path):
    p = tmp_path / "a.json"
    write_text_atomic(p, "one\n")
    write_text_atomic(p, "two\n")
    assert p.read_text("utf-8") == "two\n"
    assert oct(p.stat().st_mode & 0o777) == oct(0o644)
    assert [q.name for q in tmp_path.iterdir()] == ["a.json"]


class _Boom(KeyboardInterrupt):
    pass


@pytest.mark.parametrize("fail_at", ["write", "replace"])
def test_interrupted_write_keeps_the_old_file_and_no_part(tmp_path, monkeypatch, fail_at):
    """A SIGINT (KeyboardInterrupt) half-way through the write or at the rename: the
    old content stays, no temporary file remains."""
    p = tmp_path / "plan.json"
    p.write_text("old complete\n", encoding="utf-8")
    if fail_at == "replace":
        def boom(*a, **k):
            raise _Boom("SIGINT at rename")
        monkeypatch.setattr(files.os, "replace", boom)
        text = "new\n"
    else:
        real_fsync = os.fsync

        def fsync(fd):
            real_fsync(fd)
            raise _Boom("SIGINT after half the bytes")
        monkeypatch.setattr(files.os, "fsync", fsync)
        text = "x" * 100000
    with pytest.raises(_Boom, match="SIGINT"):
        write_text_atomic(p, text)
    assert p.read_text("utf-8") == "old complete\n"
    assert not list(tmp_path.glob(f"*{PART_SUFFIX}"))


def test_unwritable_folder_raises_and_leaves_nothing(tmp_path):
    with pytest.raises(OSError, match="No such file"):
        write_text_atomic(tmp_path / "missing" / "plan.json", "x")
    assert list(tmp_path.iterdir()) == []
