"""Profiles as YAML: model key order, what a fact says before where it comes from, short facts on one line."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import yaml


class _Flow(list[Any]):
    """A list written on one line (``[a, b]``)."""


class _FlowMap(dict[str, Any]):
    """A mapping written on one line (``{value: x, source: [a]}``)."""


class _Dumper(yaml.SafeDumper):
    """Safe YAML with short facts and source lists on one line."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # the loader refuses anchors: a value used twice is written twice


_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))


def _styled(value: Any) -> Any:
    if isinstance(value, dict):
        # What a fact says comes first, where it comes from last.
        last = ("source", "note")
        keys = [k for k in value if k not in last] + [k for k in last if k in value]
        inner = {k: (_Flow(value[k]) if k == "source" else _styled(value[k])) for k in keys}
        # A short fact reads best on one line; anything longer gets its own lines.
        short = (set(inner) <= {"value", "date", "source", "year", "submitted"}
                 and ("value" in inner or "year" in inner) and len(json.dumps(inner)) <= 80)
        return _FlowMap(inner) if short else inner
    if isinstance(value, list):
        return [_styled(v) for v in value]
    return value


def dump_profile(data: Mapping[str, Any]) -> str:
    """Profile data as YAML: model key order, sorted source keys, one line per short fact."""
    text: str = yaml.dump(_styled(dict(data)), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                          width=100, default_flow_style=False)
    return text
