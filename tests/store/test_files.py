"""Who may read the database files, and where a database may not live."""

from __future__ import annotations

import grp
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from caseload.store import safety
from caseload.store.database import open_database
from caseload.store.safety import filesystem_type

Cli = Callable[..., tuple[int, str, str]]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def wal_files(db: Path) -> list[Path]:
    return [Path(f"{db}-wal"), Path(f"{db}-shm")]


def test_init_creates_owner_only_files(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "new" / "caseload.db"
    code, out, err = cli("init", "--db", db)
    assert code == 0, err
    assert out == ""  # messages go to stderr
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700
    engine = open_database(db)  # an ordinary open, as another process would do it
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT count(*) FROM meta").scalar()
        for path in wal_files(db):
            assert path.exists()
            assert mode(path) == 0o600, path  # SQLite copies the database file's mode
    engine.dispose()


def test_init_does_not_loosen_an_existing_folder(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    assert cli("init", "--db", folder / "caseload.db")[0] == 0
    assert mode(folder) == 0o755  # not ours to change: we only set folders we create


def test_group_makes_files_group_readable(cli: Cli, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    group = grp.getgrgid(os.getgid())
    monkeypatch.setenv("CASELOAD_GROUP", group.gr_name)
    db = tmp_path / "team" / "caseload.db"
    code, _, err = cli("init", "--db", db)
    assert code == 0, err
    assert mode(db) == 0o660
    assert db.stat().st_gid == group.gr_gid
    assert mode(db.parent) == 0o2770  # setgid: files made later belong to the group
    engine = open_database(db)
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
        for path in wal_files(db):
            assert mode(path) == 0o660, path
    engine.dispose()


def test_init_applies_a_newly_set_group_to_an_existing_database(
        cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("init", "--db", db_path)[0] == 0
    assert mode(db_path) == 0o600
    monkeypatch.setenv("CASELOAD_GROUP", grp.getgrgid(os.getgid()).gr_name)
    assert cli("init", "--db", db_path)[0] == 0
    assert mode(db_path) == 0o660


def test_open_does_not_change_permissions(cli: Cli, db_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A colleague without CASELOAD_GROUP must not lock the group out by opening the file:
    the open is refused (a group-readable file needs the group configured), mode unchanged."""
    monkeypatch.setenv("CASELOAD_GROUP", grp.getgrgid(os.getgid()).gr_name)
    assert cli("init", "--db", db_path)[0] == 0
    open_database(db_path).dispose()
    monkeypatch.delenv("CASELOAD_GROUP")
    with pytest.raises(safety.DomainError, match="CASELOAD_GROUP"):
        open_database(db_path)
    assert mode(db_path) == 0o660


def test_missing_group_is_a_clear_error_and_creates_nothing(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASELOAD_GROUP", "no-such-group-caseload")
    db = tmp_path / "new" / "caseload.db"
    code, _, err = cli("init", "--db", db)
    assert code == 1
    assert "group 'no-such-group-caseload'" in err and "does not exist" in err
    assert "Traceback" not in err
    assert not db.parent.exists()


@pytest.mark.parametrize(("path", "expected"), [
    ("caseload.db", "ext4"),
    ("team/caseload.db", "nfs4"),
    ("team", "nfs4"),
    ("teamwork/caseload.db", "ext4"),  # a prefix of the name is not a parent folder
    ("team/local disk/caseload.db", "ext4"),  # escaped space in the mount point
    ("team/local disk/tmp/x/y.db", "tmpfs"),  # missing folders: the nearest existing one
])
def test_filesystem_type_takes_the_longest_mount(tmp_path: Path, path: str,
                                                 expected: str) -> None:
    root = tmp_path.resolve()
    for folder in ("team/local disk/tmp", "teamwork"):
        (root / folder).mkdir(parents=True)
    escaped = str(root).replace(" ", "\\040")
    mounts = (
        "sysfs /sys sysfs rw,nosuid 0 0\n"
        "/dev/sda1 / ext4 rw,relatime 0 0\n"
        f"server:/export {escaped}/team nfs4 rw,relatime 0 0\n"
        f"/dev/sdb1 {escaped}/team/local\\040disk ext4 rw 0 0\n"
        f"tmpfs {escaped}/team/local\\040disk/tmp tmpfs rw 0 0\n"
    )
    assert filesystem_type(root / path, mounts) == expected


def test_filesystem_type_unknown_without_a_mount_table(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.setattr(safety, "MOUNTS", tmp_path / "no-such-mounts")
    assert filesystem_type(tmp_path / "caseload.db") is None


def test_filesystem_type_of_this_machine(tmp_path: Path) -> None:
    assert filesystem_type(tmp_path / "a" / "b.db") is not None  # /proc/mounts is read


@pytest.mark.parametrize("fstype", ["nfs", "cifs", "fuse.sshfs"])
def test_init_refuses_a_network_file_system(cli: Cli, tmp_path: Path, fstype: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\nserver:/x {tmp_path} {fstype} rw 0 0\n")
    monkeypatch.setattr(safety, "MOUNTS", mounts)
    db = tmp_path / "team" / "caseload.db"
    code, out, err = cli("init", "--db", db)
    assert code == 1
    assert f"network file system ({fstype})" in err and "local disk" in err
    assert "Traceback" not in err and out == ""
    assert not db.exists()


def test_open_refuses_a_network_file_system(cli: Cli, db_path: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from caseload.errors import DomainError

    assert cli("init", "--db", db_path)[0] == 0
    mounts = tmp_path / "mounts"
    mounts.write_text(f"server:/x {tmp_path} nfs rw 0 0\n")
    monkeypatch.setattr(safety, "MOUNTS", mounts)
    with pytest.raises(DomainError, match="network file system"):
        open_database(db_path)
