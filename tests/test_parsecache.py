"""The disk cache of parsed files (lapcheck.parsecache): a hit gives exactly a fresh parse, and a
stale, corrupt or unwritable cache never changes what is read."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import lapcheck
from lapcheck import parsecache, yamlsafe
from lapcheck.cli import cli
from lapcheck.errors import ProfileError
from lapcheck.parsecache import ParseCache
from lapcheck.workspace import bundled


@pytest.fixture
def cache_dir(tmp_path: Path) -> Iterator[Path]:
    """The cache on, in a folder of its own; off again afterwards (conftest turns it off)."""
    folder = tmp_path / "cache"
    yamlsafe.enable_cache(folder)
    yield folder
    yamlsafe.enable_cache(None)


def parse(path: Path) -> yamlsafe.Document:
    return yamlsafe.loads(yamlsafe.read_text(path), path)


def fresh(path: Path) -> yamlsafe.Document:
    return yamlsafe._parse(yamlsafe.read_text(path), path, lapcheck.InputError)


def bundled_yaml() -> list[Path]:
    return sorted([*bundled().profiles.rglob("*.yaml"), *bundled().rules.rglob("*.yaml")])


def test_a_cached_parse_is_exactly_a_fresh_one_for_every_bundled_file(cache_dir: Path) -> None:
    """Data and lines from the cache equal a fresh parse, types included (repr tells True from 1)."""
    files = bundled_yaml()
    for path in files:
        parse(path)  # a miss: parsed and stored
    assert len(list(cache_dir.glob("*.json"))) == len(files)
    assert cache_dir.stat().st_mode & 0o777 == 0o700  # made by the cache: the user's alone
    for path in files:
        hit, expected = parse(path), fresh(path)
        assert repr(hit.data) == repr(expected.data), path
        assert repr(hit.lines) == repr(expected.lines), path  # the same keys in the same order


def test_a_hit_does_not_parse_the_file(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second read of an unchanged file comes from the cache: the parser is not called."""
    path = tmp_path / "a.yaml"
    path.write_text("iso3: HRV\nname: Croatia\n", encoding="utf-8")
    parse(path)

    def no_parse(*_args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yamlsafe, "_parse", no_parse)
    assert parse(path).data == {"iso3": "HRV", "name": "Croatia"}


def test_a_changed_file_is_parsed_again_and_replaces_its_entry(cache_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("name: Croatia\n", encoding="utf-8")
    assert parse(path).data == {"name": "Croatia"}
    path.write_text("name: Hrvatska\n", encoding="utf-8")
    assert parse(path).data == {"name": "Hrvatska"}
    assert len(list(cache_dir.glob("*.json"))) == 1


def test_the_same_text_in_another_file_has_its_own_entry(cache_dir: Path, tmp_path: Path) -> None:
    """Entries are per file: errors from a hit name the file that was read."""
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    for path in (one, two):
        path.write_text("name: Croatia\n", encoding="utf-8")
    assert (parse(one).path, parse(two).path) == (one, two)
    assert len(list(cache_dir.glob("*.json"))) == 2


@pytest.mark.parametrize("entry", [
    b"\x00\xff not json",
    b'{"digest": "0000", "data": {"name": "Forged"}, "lines": []}',
    b'{"data": {"name": "Forged"}}',
    b"[1, 2, 3]",
    b"",
])
def test_a_corrupt_stale_or_foreign_entry_is_a_miss(cache_dir: Path, tmp_path: Path, entry: bytes) -> None:
    """An entry that cannot be read, or was written for another text, is ignored and rewritten."""
    path = tmp_path / "a.yaml"
    path.write_text("name: Croatia\n", encoding="utf-8")
    parse(path)
    [stored] = cache_dir.glob("*.json")
    stored.write_bytes(entry)
    assert parse(path).data == {"name": "Croatia"}
    assert parse(path).data == {"name": "Croatia"}
    assert stored.read_bytes() != entry


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    """A cache folder that cannot be made (a file is in the way) is silently not used."""
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    yamlsafe.enable_cache(blocker)
    try:
        path = tmp_path / "a.yaml"
        path.write_text("name: Croatia\n", encoding="utf-8")
        assert parse(path).data == parse(path).data == {"name": "Croatia"}
    finally:
        yamlsafe.enable_cache(None)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_errors_from_a_cached_parse_keep_their_file_line_and_key(cache_dir: Path, tmp_path: Path) -> None:
    """Validation runs on every read: a bad profile is refused with the same line from a hit."""
    path = tmp_path / "HRV.yaml"
    path.write_text("iso3: HRV\nname: Croatia\nrisk_education:\n  reported_years: [2020, twenty]\n",
                    encoding="utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(ProfileError) as caught:
            lapcheck.load_profiles(path)
        messages.append(str(caught.value))
    assert len(list(cache_dir.glob("*.json"))) == 1  # the second read was a hit
    assert messages[0] == messages[1]
    assert f"{path}:4" in messages[0] and "risk_education.reported_years[1]" in messages[0]


def test_yaml_that_does_not_parse_is_never_cached(cache_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(lapcheck.InputError, match="duplicate key 'a'"):
            parse(path)
    assert not cache_dir.exists() or not list(cache_dir.glob("*.json"))


def test_the_command_line_gives_the_same_output_with_a_warm_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`lapcheck check` writes its cache on the first run, and every run prints the same JSON as a
    run without the cache."""
    args = ["check", "--format", "json", "--as-of", "2026-11-28"]
    cold = CliRunner().invoke(cli, args)
    monkeypatch.delenv("LAPCHECK_NO_CACHE")
    monkeypatch.setenv("LAPCHECK_CACHE_DIR", str(tmp_path / "cache"))
    try:
        first, second = CliRunner().invoke(cli, args), CliRunner().invoke(cli, args)
    finally:
        yamlsafe.enable_cache(None)
    assert cold.exit_code == first.exit_code == second.exit_code == 0
    assert cold.output == first.output == second.output
    waivers = bundled().profiles.parent / "waivers.yaml"
    assert len(list((tmp_path / "cache").glob("*.json"))) == len(bundled_yaml()) + waivers.exists()


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """LAPCHECK_NO_CACHE turns it off; LAPCHECK_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache place it."""
    assert parsecache.default_directory() is None  # conftest sets LAPCHECK_NO_CACHE
    monkeypatch.delenv("LAPCHECK_NO_CACHE")
    monkeypatch.delenv("LAPCHECK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert parsecache.default_directory() == tmp_path / "xdg" / "lapcheck"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert parsecache.default_directory() == Path.home() / ".cache" / "lapcheck"
    monkeypatch.setenv("LAPCHECK_CACHE_DIR", str(tmp_path / "mine"))
    assert parsecache.default_directory() == tmp_path / "mine"
    monkeypatch.setenv("LAPCHECK_NO_CACHE", "1")
    assert parsecache.default_directory() is None


def test_entries_of_another_parser_are_not_read(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key includes the parser (yamlsafe's and the cache's source, PyYAML's version): after an
    upgrade, every file is parsed afresh."""
    path = tmp_path / "a.yaml"
    path.write_text("name: Croatia\n", encoding="utf-8")
    parse(path)
    monkeypatch.setattr(yamlsafe.yaml, "__version__", "0.0-other")
    yamlsafe.enable_cache(cache_dir)
    parsed = []
    real = yamlsafe._parse
    monkeypatch.setattr(yamlsafe, "_parse", lambda *args: parsed.append(args) or real(*args))
    assert parse(path).data == {"name": "Croatia"}
    assert len(parsed) == 1


# --- a cache must be the user's own ------------------------------------------------------------
def _stored(folder: Path, tmp_path: Path) -> tuple[ParseCache, Path, str]:
    """A cache in ``folder`` holding one valid entry for a file, as a planted entry would be."""
    cache = ParseCache(folder, b"salt")
    source = tmp_path / "HRV.yaml"
    text = "iso3: HRV\n"
    cache.put(source, text, {"iso3": "HRV"}, {(): 1})
    return cache, source, text


def test_entries_and_folder_are_the_users_alone(tmp_path: Path) -> None:
    """The folder is made 0700 and each entry 0600, whatever the umask."""
    cache, source, text = _stored(tmp_path / "cache", tmp_path)
    entry, _ = cache._entry(source, text)
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert cache.get(source, text) == ({"iso3": "HRV"}, {(): 1})


def test_a_world_writable_folder_is_not_used(tmp_path: Path) -> None:
    """Anyone could plant entries in a 0777 folder: it is neither read nor written."""
    cache, source, text = _stored(tmp_path / "cache", tmp_path)
    (tmp_path / "cache").chmod(0o777)
    assert cache.get(source, text) is None
    other = tmp_path / "other.yaml"
    cache.put(other, text, {"iso3": "HRV"}, {(): 1})
    assert len(list((tmp_path / "cache").iterdir())) == 1


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_folder_or_entry_of_another_user_is_not_used(tmp_path: Path) -> None:
    """A planted entry (another owner), or a folder another user owns, is a miss."""
    cache, source, text = _stored(tmp_path / "cache", tmp_path)
    entry, _ = cache._entry(source, text)
    os.chown(entry, 12345, 12345)
    assert cache.get(source, text) is None
    os.chown(entry, 0, 0)
    assert cache.get(source, text) is not None
    os.chown(tmp_path / "cache", 12345, 12345)
    assert cache.get(source, text) is None
