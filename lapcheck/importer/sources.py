"""Source keys: the short names a profile's ``sources`` table gives the citations of its facts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from lapcheck.importer.closedlists import CITATION

HOSTS = {
    "treaties.un.org": "untc",
    "hrw.org": "hrw",
    "the-monitor.org": "monitor",
    "clusterconvention.org": "isu",
    "ccm3.pronk.se": "isu",
    "mineactionreview.org": "mar",
    "stopclustermunitions.org": "cmc",
    "victim-assistance.org": "monitor-va",
}
"""Short key names for the publishers cited most; others are named after their domain."""


def key_base(citation: str) -> str:
    """A readable key stem for a citation: ``untc``, ``monitor``, ``bhmac``; a closed list's id;
    ``doc`` for other non-URLs."""
    named = CITATION.match(citation)
    if named is not None:
        return named["id"]
    try:
        host = (urlsplit(citation).hostname or "") if "://" in citation else ""
    except ValueError:  # not a well-formed URL after all
        host = ""
    if not host:
        return "doc"
    labels = host.removeprefix("www.").split(".")
    for i in range(len(labels)):
        if ".".join(labels[i:]) in HOSTS:
            return HOSTS[".".join(labels[i:])]
    # The registrable name: drop the TLD and a generic second level (gov.iq, go.jp, rs.ba).
    core = labels[:-1]
    if len(core) > 1 and core[-1] in ("ac", "co", "com", "edu", "go", "gov", "net", "org", "rs"):
        core = core[:-1]
    name = re.sub(r"[^a-z0-9-]", "", core[-1].lower()) if core else ""
    return name or "doc"


def assign_keys(citations: Iterable[str], existing: Mapping[str, str]) -> dict[str, str]:
    """Citation → key: reuse the profile's keys, name new ones ``base``, ``base2``… in sorted order."""
    keys = {value: key for key, value in sorted(existing.items(), reverse=True)}
    used = set(existing)
    for citation in sorted(set(citations) - set(keys)):
        base = key_base(citation)
        key, n = base, 2
        while key in used:
            key = f"{base}-{n}" if base[-1].isdigit() else f"{base}{n}"
            n += 1
        used.add(key)
        keys[citation] = key
    return keys


def with_keys(value: Any, keys: Mapping[str, str]) -> Any:
    """Replace every ``source`` list of citations by their keys."""
    if isinstance(value, list):
        return [with_keys(v, keys) for v in value]
    if isinstance(value, dict):
        return {k: ([keys[c] for c in v] if k == "source" else with_keys(v, keys)) for k, v in value.items()}
    return value


def citations(value: Any) -> Iterator[str]:
    """Every citation of every ``source`` list in ``value``."""
    if isinstance(value, list):
        for v in value:
            yield from citations(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from (v if k == "source" else citations(v))
