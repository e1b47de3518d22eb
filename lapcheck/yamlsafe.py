"""Read YAML files as plain data, with the line of every key, and nothing that can run code.

Profiles and rule files may come from outside the ISU. PyYAML's composer gives a node tree with
positions; this module turns it into dicts, lists and scalars itself, so that:

* any explicit tag (``!!python/object``, ``!foo``, even ``!!str``) is an error, never an object;
* anchors are refused, so no alias can be written, which makes alias bombs ("billion laughs")
  impossible;
* duplicate keys are errors naming both lines (PyYAML silently keeps the last one);
* timestamps stay text, so partial dates keep their precision and one parser handles all dates;
* size, nesting depth and encoding are checked before anything is built.

The command line reuses parses from a disk cache while a file's text is unchanged
(:mod:`lapcheck.parsecache`); what is read is validated on every run either way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import ValidationError

from lapcheck import parsecache, reading
from lapcheck.errors import InputError
from lapcheck.parsecache import ParseCache

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64

try:  # the C parser is several times faster and gives the same nodes and marks
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_CORE = "tag:yaml.org,2002:"
_SCALARS = {
    f"{_CORE}str": "str",
    f"{_CORE}int": "int",
    f"{_CORE}float": "float",
    f"{_CORE}bool": "bool",
    f"{_CORE}null": "null",
    f"{_CORE}timestamp": "str",
}
_constructor = yaml.SafeLoader("")

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """Plain data read from one file, and the line where each key path starts."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, key_path: Path_) -> int | None:
        """The line of ``key_path``, or of its nearest ancestor that has one."""
        probe = tuple(key_path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get(())

    def error(self, message: str, key_path: Path_ = (), cls: type[InputError] = InputError) -> InputError:
        """An error located at ``key_path`` in this document."""
        return cls(message, path=self.path, line=self.line_of(key_path), key=dotted(key_path) or None)


def dotted(key_path: Path_) -> str:
    """``("a", 0, "b")`` → ``a[0].b``."""
    text = ""
    for part in key_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_text(path: Path, max_bytes: int = MAX_BYTES, cls: type[InputError] = InputError) -> str:
    """Read a UTF-8 text file, refusing binary, non-UTF-8, oversized and special files (pipes,
    devices) with a clear error."""
    raw = reading.read_bytes(path, max_bytes, cls)
    if b"\x00" in raw:
        raise cls("binary file (contains NUL bytes); expected UTF-8 text", path=path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise cls(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", path=path, line=line) from None


def load(path: Path, max_bytes: int = MAX_BYTES, cls: type[InputError] = InputError) -> Document:
    """Read one YAML file into a :class:`Document`; errors are ``cls`` with file and line."""
    text = read_text(path, max_bytes, cls)
    return loads(text, path, cls)


_cache: ParseCache | None = None


def enable_cache(directory: Path | None) -> None:
    """Reuse parses kept in ``directory`` (see :mod:`lapcheck.parsecache`); ``None`` turns that off.
    The command line does this; library calls parse every file unless asked."""
    global _cache
    if directory is None:
        _cache = None
        return
    # The key includes the source of this module and of the cache, and PyYAML's version: a change to
    # any of them may change a parse or how it is stored.
    sources = Path(__file__).read_bytes() + Path(parsecache.__file__).read_bytes()
    _cache = ParseCache(directory, hashlib.sha256(sources + yaml.__version__.encode()).digest())


def loads(text: str, path: Path, cls: type[InputError] = InputError) -> Document:
    """Parse YAML text that came from ``path`` (or take its parse from the cache, when enabled)."""
    cache = _cache
    if cache is not None:
        hit = cache.get(path, text)
        if hit is not None:
            return Document(path, *hit)
    doc = _parse(text, path, cls)
    if cache is not None:
        cache.put(path, text, doc.data, doc.lines)
    return doc


def _parse(text: str, path: Path, cls: type[InputError]) -> Document:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise cls(f"invalid YAML: {problem}", path=path, line=mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:
        # The reader counts characters, not lines: say which line, and the character by its code.
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise cls(f"invalid YAML: character U+{code:04X} (only printable characters, tabs and line breaks "
                  "are allowed)", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise cls(f"invalid YAML: {' '.join(str(exc).split())}", path=path) from None
    if node is None:
        raise cls("file is empty; expected a YAML mapping", path=path)
    doc = Document(path=path, data=None)
    doc.data = _Builder(doc, cls, text).build(node, (), 0)
    return doc


class _Builder:
    def __init__(self, doc: Document, cls: type[InputError], text: str) -> None:
        self.doc = doc
        self.cls = cls
        self.text = text

    def refuse_marks(self, node: yaml.Node, key_path: Path_) -> None:
        """Refuse a node written with a tag or an anchor. The composer keeps neither on the node,
        but a node starts where its tag or anchor is written, and nothing else starts with ``!`` or
        ``&``. Refusing every anchor makes aliases, and so alias bombs, impossible; refusing core
        tags too (``!!str``) keeps the file to what its text says."""
        at = node.start_mark.index
        mark = self.text[at:at + 1]
        if mark not in ("!", "&"):
            return
        written = self.text[at:].split(maxsplit=1)[0]
        if mark == "&":
            raise self.fail(f"anchors ({written}) are not allowed", node, key_path, True)
        if node.tag not in (*_SCALARS, f"{_CORE}map", f"{_CORE}seq"):
            raise self.fail(f"YAML tag {node.tag!r} is not allowed", node, key_path)
        raise self.fail(f"YAML tag {written!r} is not allowed (no tags, not even the core schema's)", node,
                        key_path, True)

    def fail(self, message: str, node: yaml.Node, key_path: Path_, at_node: bool = False) -> InputError:
        # A value is reported on its key's line (a tagged block mapping starts on the next one).
        line = node.start_mark.line + 1 if at_node else self.doc.lines.get(key_path, node.start_mark.line + 1)
        return self.cls(message, path=self.doc.path, line=line, key=dotted(key_path) or None)

    def build(self, node: yaml.Node, key_path: Path_, depth: int) -> Any:
        self.doc.lines.setdefault(key_path, node.start_mark.line + 1)
        if depth > MAX_DEPTH:
            raise self.fail(f"nested more than {MAX_DEPTH} levels deep", node, key_path)
        self.refuse_marks(node, key_path)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, key_path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*key_path, i), depth + 1) for i, item in enumerate(node.value)]
        # The composer makes only scalar, sequence and mapping nodes.
        return dict(self.mapping(cast(yaml.MappingNode, node), key_path, depth))

    def mapping(self, node: yaml.MappingNode, key_path: Path_, depth: int) -> Iterator[tuple[str, Any]]:
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail("mapping keys must be plain text", key_node, key_path)
            key = key_node.value
            if key_node.tag == f"{_CORE}merge":
                raise self.fail("merge keys (<<) are not allowed", key_node, key_path)
            self.refuse_marks(key_node, key_path)
            line = key_node.start_mark.line + 1
            if key in first_line:
                raise self.fail(
                    f"duplicate key {key!r} (first on line {first_line[key]})", key_node, (*key_path, key), True
                )
            first_line[key] = line
            self.doc.lines[(*key_path, key)] = line
            yield key, self.build(value_node, (*key_path, key), depth + 1)

    def scalar(self, node: yaml.ScalarNode, key_path: Path_) -> Any:
        kind = _SCALARS.get(node.tag)
        if kind is None:
            raise self.fail(f"YAML tag {node.tag!r} is not allowed", node, key_path)
        if kind == "str":
            return node.value
        if kind == "null":
            return None
        if kind == "bool":
            return _constructor.construct_yaml_bool(node)
        if kind == "int":
            try:
                return _constructor.construct_yaml_int(node)
            except ValueError:  # Python refuses to convert integers of more than 4,300 digits
                raise self.fail(f"integer of {len(node.value)} digits is too large", node, key_path) from None
        value = _constructor.construct_yaml_float(node)
        if value != value or value in (float("inf"), float("-inf")):
            raise self.fail(f"{node.value!r} is not a finite number", node, key_path)
        return value


def validation_error(
    doc: Document, exc: ValidationError, base: Path_ = (), cls: type[InputError] = InputError,
) -> InputError:
    """Turn pydantic's first error into one located line, naming the key path as written."""
    first = _most_relevant(exc.errors())
    key_path = _data_path(doc.data, (*base, *first["loc"]))
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = f"unknown key {key_path[-1]!r}"
    elif first["type"] == "missing":
        message = f"missing required key {first['loc'][-1]!r}"
        key_path = _data_path(doc.data, (*base, *first["loc"][:-1]))
    elif message.startswith("Value error, "):
        message = message[len("Value error, "):]
    else:
        message = f"{message} (got {first['input']!r})" if not isinstance(first["input"], (dict, list)) else message
    return doc.error(message, key_path, cls)


def _most_relevant(errors: list[Any]) -> Any:
    # A union reports one error per branch; our own ValueErrors say more than "not a bool".
    for err in errors:
        if err["type"] in ("value_error", "extra_forbidden", "missing"):
            return err
    return errors[0]


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """The part of pydantic's ``loc`` that indexes the data (drops union branch labels)."""
    path: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            continue  # pydantic's own label for a union branch or validator
        path.append(part)
    return tuple(path)
