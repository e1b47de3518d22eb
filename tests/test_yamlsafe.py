"""yamlsafe: YAML read as plain data with line numbers; every hostile file refused with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from lapcheck import yamlsafe
from lapcheck.errors import InputError, ProfileError


def write(tmp_path: Path, content: str | bytes, name: str = "doc.yaml") -> Path:
    """Write ``content`` to a file in ``tmp_path`` and return its path."""
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def load_error(path: Path, **kwargs: object) -> InputError:
    """The InputError raised while loading ``path``."""
    with pytest.raises(InputError) as info:
        yamlsafe.load(path, **kwargs)
    assert info.value.path == str(path)
    return info.value


# --- plain data and lines ----------------------------------------------------------------
DOC = """\
iso3: HRV
name: Croatia
participation:
  deposit: 2009-08-17
  signature: 2008
  withdrawal_notified: false
clearance:
  extensions:
    - decision: granted
      new_deadline: 2020-08
    - decision: pending
notes: [~, 1.5, "2013-07-01"]
"""


def test_plain_data_with_the_line_of_every_key(tmp_path: Path) -> None:
    """A document becomes dicts, lists and scalars, and each key path knows the line it starts on."""
    doc = yamlsafe.load(write(tmp_path, DOC))
    assert doc.data == {
        "iso3": "HRV",
        "name": "Croatia",
        "participation": {"deposit": "2009-08-17", "signature": 2008, "withdrawal_notified": False},
        "clearance": {
            "extensions": [{"decision": "granted", "new_deadline": "2020-08"}, {"decision": "pending"}]
        },
        "notes": [None, 1.5, "2013-07-01"],
    }
    assert doc.lines[()] == 1
    assert doc.lines[("iso3",)] == 1
    assert doc.lines[("participation",)] == 3
    assert doc.lines[("participation", "deposit")] == 4
    assert doc.lines[("participation", "withdrawal_notified")] == 6
    assert doc.lines[("clearance", "extensions")] == 8
    assert doc.lines[("clearance", "extensions", 0)] == 9
    assert doc.lines[("clearance", "extensions", 0, "new_deadline")] == 10
    assert doc.lines[("clearance", "extensions", 1, "decision")] == 11
    assert doc.lines[("notes",)] == 12


def test_timestamps_stay_text_and_keep_their_precision(tmp_path: Path) -> None:
    """Dates are not turned into datetime objects: a day, a month and a full timestamp stay as written."""
    doc = yamlsafe.load(write(tmp_path, "a: 2013-07-01\nb: 2013-07\nc: 2001-12-14 21:59:43.10 -5\n"))
    assert doc.data == {"a": "2013-07-01", "b": "2013-07", "c": "2001-12-14 21:59:43.10 -5"}


def test_line_of_falls_back_to_the_nearest_ancestor(tmp_path: Path) -> None:
    """A key path with no line of its own (a missing key) is located at its closest recorded parent."""
    doc = yamlsafe.load(write(tmp_path, DOC))
    assert doc.line_of(("participation", "instrument")) == 3
    assert doc.line_of(("clearance", "extensions", 1, "new_deadline")) == 11
    assert doc.line_of(("nowhere", "at", "all")) == 1


def test_document_error_is_located(tmp_path: Path) -> None:
    """Document.error builds an error of the requested class carrying file, line and dotted key path."""
    path = write(tmp_path, DOC)
    error = yamlsafe.load(path).error("bad", ("clearance", "extensions", 0, "new_deadline"), ProfileError)
    assert isinstance(error, ProfileError)
    assert (error.path, error.line, error.key) == (str(path), 10, "clearance.extensions[0].new_deadline")
    assert str(error) == f"{path}:10: clearance.extensions[0].new_deadline: bad"


@pytest.mark.parametrize(
    ("key_path", "text"), [(("a", 0, "b"), "a[0].b"), (("a",), "a"), ((), ""), (("x", 2, 3), "x[2][3]")]
)
def test_dotted(key_path: tuple[str | int, ...], text: str) -> None:
    """Key paths are written with dots between keys and brackets around list indexes."""
    assert yamlsafe.dotted(key_path) == text


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    """A UTF-8 byte order mark (as some Windows editors write) is not part of the first key."""
    assert yamlsafe.load(write(tmp_path, "\ufeffname: Côte d'Ivoire\n".encode())).data == {
        "name": "Côte d'Ivoire"
    }


def test_errors_use_the_class_asked_for(tmp_path: Path) -> None:
    """With cls=ProfileError every error is a ProfileError, so profile loaders report profile errors."""
    error = load_error(write(tmp_path, ""), cls=ProfileError)
    assert isinstance(error, ProfileError)


# --- broken files ------------------------------------------------------------------------
def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    """A syntax error is reported as invalid YAML at the line where the parser stopped."""
    error = load_error(write(tmp_path, "a: 1\n  b: 2\n"))
    assert error.line == 2
    assert error.message.startswith("invalid YAML: mapping values are not allowed")


def test_a_tab_indent_is_invalid_yaml(tmp_path: Path) -> None:
    """A tab used for indentation is a YAML error on its line."""
    error = load_error(write(tmp_path, "a:\n\tb: 1\n"))
    assert error.line == 2 and error.message.startswith("invalid YAML")


def test_several_documents_are_refused(tmp_path: Path) -> None:
    """A file holds one document; a second one after --- is an error at the separator."""
    error = load_error(write(tmp_path, "a: 1\n---\nb: 2\n"))
    assert error.line == 2 and "another document" in error.message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    """A file with no document says it is empty and that a mapping was expected."""
    error = load_error(write(tmp_path, text))
    assert error.message == "file is empty; expected a YAML mapping"
    assert error.line is None


def test_binary_file(tmp_path: Path) -> None:
    """A NUL byte marks a binary file, refused before parsing."""
    error = load_error(write(tmp_path, b"iso3: HRV\nname: \x00\x01\x02\n"))
    assert error.message == "binary file (contains NUL bytes); expected UTF-8 text"


def test_non_utf8_bytes_name_the_line(tmp_path: Path) -> None:
    """A Latin-1 byte is refused as not UTF-8, with the line it is on and the byte's value."""
    error = load_error(write(tmp_path, b"iso3: CIV\nname: C\xf4te d'Ivoire\n"))
    assert error.line == 2
    assert error.message == "not UTF-8 text (byte 0xf4)"


def test_missing_file(tmp_path: Path) -> None:
    """A file that does not exist is an InputError naming it, not an OSError."""
    error = load_error(tmp_path / "absent.yaml")
    assert error.message.startswith("cannot read file")


# --- duplicate keys -------------------------------------------------------------------------
def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    """A repeated key is an error at its second line that names the first."""
    error = load_error(write(tmp_path, "iso3: HRV\nname: Croatia\nname: Hrvatska\n"))
    assert (error.line, error.key) == (3, "name")
    assert error.message == "duplicate key 'name' (first on line 2)"


def test_nested_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    """A key repeated inside a nested mapping is located by its full key path."""
    text = "iso3: HRV\nclearance:\n  obligation: true\n  completed: false\n  obligation: false\n"
    error = load_error(write(tmp_path, text))
    assert (error.line, error.key) == (5, "clearance.obligation")
    assert error.message == "duplicate key 'obligation' (first on line 3)"


def test_same_key_in_different_mappings_is_fine(tmp_path: Path) -> None:
    """Keys only need to be unique within their own mapping."""
    doc = yamlsafe.load(write(tmp_path, "a: {x: 1}\nb: {x: 2}\nc:\n  - x: 3\n  - x: 4\n"))
    assert doc.data == {"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 3}, {"x": 4}]}


# --- tags: nothing runs ---------------------------------------------------------------------
def test_python_tag_runs_nothing_and_is_refused(tmp_path: Path) -> None:
    """!!python/object/apply:os.system is an error naming the tag, and the command never runs."""
    marker = tmp_path / "pwned"
    path = write(tmp_path, f'iso3: HRV\nname: !!python/object/apply:os.system ["echo hi > {marker}"]\n')
    error = load_error(path)
    assert not marker.exists()
    assert (error.line, error.key) == (2, "name")
    assert error.message == "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"


def test_python_tag_at_the_top_runs_nothing(tmp_path: Path) -> None:
    """A whole document tagged as a Python call is refused at line 1 and runs nothing."""
    marker = tmp_path / "pwned"
    error = load_error(write(tmp_path, f'!!python/object/apply:os.system ["echo hi > {marker}"]\n'))
    assert not marker.exists()
    assert error.line == 1 and "python/object/apply:os.system" in error.message


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !foo bar\n", "!foo"),
        ("a: !!binary aGVsbG8=\n", "tag:yaml.org,2002:binary"),
        ("a: !!set {x, y}\n", "tag:yaml.org,2002:set"),
        ("a: !!omap [x: 1]\n", "tag:yaml.org,2002:omap"),
        ("a: !!python/name:os.system\n", "tag:yaml.org,2002:python/name:os.system"),
    ],
)
def test_other_tags_are_refused(tmp_path: Path, text: str, tag: str) -> None:
    """Local tags and tags outside the core schema are errors, on scalars, mappings and sequences alike."""
    error = load_error(write(tmp_path, text))
    assert (error.line, error.key) == (1, "a")
    assert error.message == f"YAML tag {tag!r} is not allowed"


def test_a_tag_on_a_key_is_refused(tmp_path: Path) -> None:
    """Any explicit tag is an error, on a key as on a value."""
    load_error(write(tmp_path, "!!python/name:os.system : 1\n"))
    assert load_error(write(tmp_path, "a: 1\n!!str b: 2\n")).line == 2


@pytest.mark.parametrize(("text", "line", "tag"), [
    ("a: !!str 1\n", 1, "!!str"),
    ("a: 1\nb: [x, !!bool yes]\n", 2, "!!bool"),
    ("a: !!map\n  k: 1\n", 1, "!!map"),
    ("a: !!int '7'\n", 1, "!!int"),
    ("a: ! x\n", 1, "!"),
])
def test_core_tags_are_refused_too(tmp_path: Path, text: str, line: int, tag: str) -> None:
    """!!str and !!bool would be harmless, but the rule and profile formats have no tags at all."""
    error = load_error(write(tmp_path, text))
    assert error.line == line
    assert error.message == f"YAML tag {tag!r} is not allowed (no tags, not even the core schema's)"


# --- anchors and aliases ----------------------------------------------------------------------
@pytest.mark.parametrize(("text", "line", "key", "anchor"), [
    ("a: &x {k: 1}\nb: *x\n", 1, "a", "&x"),
    ("a: &x [1, 2]\nb: 3\n", 1, "a", "&x"),
    ("a: 1\nb:\n  - 0\n  - &y lol\n", 4, "b[1]", "&y"),
    ("a: 1\n&k b: 2\n", 2, None, "&k"),
    ("a: &m\n  k: 1\n", 1, "a", "&m"),
])
def test_every_anchor_is_refused(tmp_path: Path, text: str, line: int, key: str | None, anchor: str) -> None:
    """An anchor is refused where it is written, used or not: no alias can ever follow it."""
    error = load_error(write(tmp_path, text))
    assert (error.line, error.key, error.message) == (line, key, f"anchors ({anchor}) are not allowed")


def test_merge_key_is_refused(tmp_path: Path) -> None:
    """The << merge key is refused, located at the mapping that holds it."""
    error = load_error(write(tmp_path, "a: {k: 1}\nb:\n  <<: {k: 2}\n"))
    assert (error.line, error.key) == (2, "b")
    assert error.message == "merge keys (<<) are not allowed"


BILLION_LAUGHS = "".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(f"{k}: &{k} [{','.join([f'*{j}'] * 9)}]\n" for j, k in zip("abcdefgh", "bcdefghi", strict=True)),
    ]
)


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    """Nine levels of nine aliases (a billion strings if expanded) fail at the first anchor, quickly."""
    assert BILLION_LAUGHS.count("\n") == 9 and BILLION_LAUGHS.splitlines()[8].startswith("i: &i [*h,")
    error = load_error(write(tmp_path, BILLION_LAUGHS))
    assert (error.line, error.key, error.message) == (1, "a", "anchors (&a) are not allowed")


# --- limits -----------------------------------------------------------------------------------
def test_nesting_up_to_max_depth_is_accepted(tmp_path: Path) -> None:
    """A value inside MAX_DEPTH nested lists is read."""
    depth = yamlsafe.MAX_DEPTH
    data = yamlsafe.load(write(tmp_path, "[" * depth + "1" + "]" * depth + "\n")).data
    for _ in range(depth):
        assert isinstance(data, list) and len(data) == 1
        data = data[0]
    assert data == 1


def test_nesting_beyond_max_depth_is_refused(tmp_path: Path) -> None:
    """One list more than MAX_DEPTH is an error saying how deep is allowed."""
    depth = yamlsafe.MAX_DEPTH + 1
    error = load_error(write(tmp_path, "[" * depth + "1" + "]" * depth + "\n"))
    assert error.line == 1
    assert error.message == f"nested more than {yamlsafe.MAX_DEPTH} levels deep"


def test_deep_block_mappings_are_refused_at_the_line_too_deep(tmp_path: Path) -> None:
    """In block style the error points at the first line past the limit."""
    levels = yamlsafe.MAX_DEPTH + 5
    text = "".join("  " * i + "k:\n" for i in range(levels)) + "  " * levels + "v\n"
    error = load_error(write(tmp_path, text))
    # the value of the 64th key (on line 64) is at depth 64; the 65th key's value is too deep
    assert error.line == yamlsafe.MAX_DEPTH + 1
    assert error.message == f"nested more than {yamlsafe.MAX_DEPTH} levels deep"


def test_absurd_nesting_is_an_input_error(tmp_path: Path) -> None:
    """A hundred thousand nested brackets give a located InputError, not a RecursionError or a crash."""
    error = load_error(write(tmp_path, "[" * 100_000 + "]" * 100_000 + "\n"))
    assert error.message.startswith("invalid YAML") or "nested more than" in error.message


def test_file_larger_than_max_bytes_is_refused_before_reading(tmp_path: Path) -> None:
    """A sparse file one byte over MAX_BYTES is refused by its size."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"iso3: HRV\nnotes:\n")
        handle.truncate(yamlsafe.MAX_BYTES + 1)
    error = load_error(path)
    assert error.message == "file is 8.0 MiB; the limit is 8 MiB"


def test_max_bytes_parameter_is_inclusive(tmp_path: Path) -> None:
    """A file of exactly max_bytes is read; one byte more is refused."""
    path = write(tmp_path, "a: 123456\n")  # 10 bytes
    assert yamlsafe.load(path, max_bytes=10).data == {"a": 123456}
    assert "the limit is" in load_error(path, max_bytes=9).message


@pytest.mark.parametrize("number", [".nan", ".NaN", ".inf", "-.inf", "+.Inf", "1.0e+400", "-1.5e+999"])
def test_nan_and_infinity_are_refused(tmp_path: Path, number: str) -> None:
    """Not-a-number and infinite floats are errors on their line, naming the text written."""
    error = load_error(write(tmp_path, f"a: 1\nb: {number}\n"))
    assert (error.line, error.key) == (2, "b")
    assert error.message == f"{number!r} is not a finite number"


def test_finite_floats_are_read(tmp_path: Path) -> None:
    """Ordinary floats, including large finite ones, are plain numbers."""
    assert yamlsafe.load(write(tmp_path, "a: 1.5\nb: -2.0e+300\n")).data == {"a": 1.5, "b": -2.0e300}


def test_an_absurdly_long_integer_is_an_input_error(tmp_path: Path) -> None:
    """A 5000-digit integer gives a located InputError, not an uncaught ValueError."""
    error = load_error(write(tmp_path, "a: 1\nb: " + "9" * 5000 + "\n"))
    assert error.line == 2
