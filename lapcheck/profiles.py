"""Find, read and validate State profiles (one YAML file per State); every error names file:line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from lapcheck import yamlsafe
from lapcheck.dates import PartialDate
from lapcheck.deadlines import Calendar, Duty, bundled_calendar
from lapcheck.errors import InputError, MultipleErrors, ProfileError
from lapcheck.model import Event, Extension, Fact, Profile


@cache
def iso3166() -> dict[str, str]:
    """ISO 3166-1 alpha-3 codes and short names."""
    text = resources.files("lapcheck").joinpath("data/iso3166.tsv").read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines() if line)


def known_code(code: str) -> bool:
    """An assigned ISO 3166-1 code, or one of the user-assigned ``X..`` codes used for tests."""
    return code in iso3166() or (len(code) == 3 and code.startswith("X") and code.isalpha() and code.isupper())


def profile_files(path: Path) -> list[Path]:
    """The profile files at ``path`` (a file, or a folder searched recursively), sorted."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if path.exists():  # a file, or a pipe or device the reader refuses by name
        return [path]
    raise ProfileError("no such file or folder", path=path)


def parse_profile(data: Any, doc: yamlsafe.Document, calendar: Calendar | None = None) -> Profile:
    """Validate plain data read from ``doc`` into a :class:`Profile`, checking its consistency with
    the treaty ``calendar`` (default: the bundled one)."""
    if not isinstance(data, dict):
        raise doc.error(f"expected a mapping of profile keys, got a {type(data).__name__}", (), ProfileError)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise yamlsafe.validation_error(doc, exc, (), ProfileError) from None
    for message, key_path in _inconsistencies(profile, calendar or bundled_calendar()):
        raise doc.error(message, key_path, ProfileError)
    return profile


def _when(fact: Event | Fact[Any] | None) -> PartialDate | None:
    return fact.value if fact is not None and isinstance(fact.value, PartialDate) else None


def _inconsistencies(p: Profile, calendar: Calendar) -> Iterable[tuple[str, tuple[Any, ...]]]:
    if not known_code(p.iso3):
        yield f"{p.iso3!r} is not an ISO 3166-1 alpha-3 code", ("iso3",)
    earliest, latest = calendar.years
    # One walk over the profile's models for both: it is most of what loading a profile costs.
    for path, model in _models(p):
        for cite in model.__dict__.get("source", ()):
            if _looks_like_key(cite) and cite not in p.sources:
                yield (f"source {cite!r} is not a key of 'sources' (nor a URL or document symbol)",
                       (*path, "source"))
        for at, year in _years(path, model):
            if not earliest <= year <= latest:
                yield f"year {year} is outside the years the Convention's calendar covers ({earliest}-{latest})", at
    part = p.participation
    signed, deposited = _when(part.signature), _when(part.deposit)
    if signed and deposited and deposited.lt(signed):
        yield f"deposit {deposited} is before signature {signed}", ("participation", "deposit")
    never_deposited = part.deposit is not None and part.deposit.value is False
    for key in ("withdrawal_notified", "withdrawal_effective"):
        withdrawn = _when(getattr(part, key))
        if withdrawn and never_deposited:
            yield f"withdrawal {withdrawn} is recorded, but the deposit is recorded as not made", ("participation", key)
        elif withdrawn and deposited and withdrawn.le(deposited):
            yield f"withdrawal {withdrawn} is before the deposit {deposited}", ("participation", key)
    eif = calendar.entry_into_force(deposited) if deposited else None
    duties: tuple[tuple[str, Duty], ...] = (("stockpiles", "article3"), ("clearance", "article4"))
    for section, duty in duties:
        sec = getattr(p, section)
        done, declared = _when(sec.completed), _when(sec.compliance_declared)
        if done and declared and declared.lt(done):
            yield f"compliance declared {declared} before completion {done}", (section, "compliance_declared")
        original = _when(sec.original_deadline) or (calendar.original_deadline(duty, eif) if eif else None)
        yield from _extension_problems(section, sec.extensions, original)


def _extension_problems(
    section: str, extensions: list[Extension], original: PartialDate | None
) -> Iterable[tuple[str, tuple[Any, ...]]]:
    for i, ext in enumerate(extensions):
        at = (section, "extensions", i)
        if ext.new_deadline and original and ext.new_deadline.le(original):
            yield f"new deadline {ext.new_deadline} does not extend the deadline {original}", (*at, "new_deadline")
        if ext.submitted and ext.decided and ext.decided.lt(ext.submitted):
            yield f"decided {ext.decided} before it was submitted {ext.submitted}", (*at, "decided")


def _models(p: Profile) -> list[tuple[tuple[Any, ...], BaseModel]]:
    # A profile's models sit in fields and in lists of them, never deeper; a model's __dict__ holds
    # its fields' values in their declared order.
    found: list[tuple[tuple[Any, ...], BaseModel]] = []

    def visit(model: BaseModel, path: tuple[Any, ...]) -> None:
        found.append((path, model))
        for name, value in model.__dict__.items():
            if isinstance(value, BaseModel):
                visit(value, (*path, name))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, BaseModel):
                        visit(item, (*path, name, i))

    visit(p, ())
    return found


_YEAR_FIELDS = frozenset({"year", "reported_years"})


def _years(path: tuple[Any, ...], model: BaseModel) -> Iterable[tuple[tuple[Any, ...], int]]:
    """Every year one model of a profile names: the years of its dates (an open start ``..`` names
    none) and of its year fields, each with the path it is at."""
    for name, value in model.__dict__.items():
        if isinstance(value, PartialDate):
            yield from (((*path, name), day.year) for day in (value.first, value.last) if day != date.min)
        elif isinstance(value, int) and not isinstance(value, bool) and (
                name in _YEAR_FIELDS or (name == "value" and path and path[-1] in _YEAR_FIELDS)):
            yield (*path, name), value
        elif isinstance(value, list) and name in _YEAR_FIELDS:
            yield from (((*path, name, i), year) for i, year in enumerate(value) if isinstance(year, int))


def _looks_like_key(cite: str) -> bool:
    # URLs and document symbols (CCM/MSP/2025/3) are citations in themselves; a bare word is a key.
    return not any(ch in cite for ch in ":/ ")


@dataclass
class Loaded:
    """Profiles read from files, and the errors of the files that could not be used."""

    profiles: list[Profile] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)


def read_profiles(paths: Iterable[Path | str], calendar: Calendar | None = None) -> Loaded:
    """Read every profile under ``paths``, collecting errors instead of stopping at the first."""
    out = Loaded()
    for path in sorted({Path(p) for p in paths}):
        try:
            files = profile_files(path)
        except ProfileError as exc:
            out.errors.append(exc)
            continue
        if not files:
            out.errors.append(ProfileError("no profile files (*.yaml) here; expected one YAML file per State",
                                           path=path))
            continue
        for file in files:
            try:
                doc = yamlsafe.load(file, cls=ProfileError)
                profile = parse_profile(doc.data, doc, calendar)
            except InputError as exc:
                out.errors.append(exc)
                continue
            first = out.files.get(profile.iso3)
            if first is not None:
                out.errors.append(ProfileError(
                    f"duplicate ISO code {profile.iso3!r} (also in {first})", path=file,
                    line=doc.line_of(("iso3",)), key="iso3",
                ))
                continue
            out.files[profile.iso3] = str(file)
            out.profiles.append(profile)
    out.profiles.sort(key=lambda p: p.iso3)
    return out


def load_profiles(
    path: Path | str | Iterable[Path | str] | None = None, calendar: Calendar | None = None
) -> list[Profile]:
    """Load and validate the profiles at ``path`` (default: the bundled snapshot), sorted by ISO code,
    against the treaty ``calendar`` (default: the bundled one).

    Raises :class:`ProfileError` for a single bad file, :class:`MultipleErrors` for several.
    """
    from lapcheck.workspace import bundled

    if path is None:
        paths: list[Path | str] = [bundled().profiles]
    elif isinstance(path, (str, Path)):
        paths = [path]
    else:
        paths = list(path)
    loaded = read_profiles(paths, calendar)
    if len(loaded.errors) == 1:
        raise loaded.errors[0]
    if loaded.errors:
        raise MultipleErrors(loaded.errors)
    return loaded.profiles


def select(profiles: Iterable[Profile], wanted: Iterable[str]) -> list[Profile]:
    """The profiles named in ``wanted``, each by ISO code or name, any case, in ISO order.

    Raises :class:`ProfileError` for a name no profile has, suggesting the closest ones.
    """
    import difflib

    profiles = list(profiles)
    by_key = {key: p for p in profiles for key in (p.iso3.casefold(), p.name.casefold())}
    chosen: dict[str, Profile] = {}
    for name in wanted:
        found = by_key.get(name.strip().casefold())
        if found is None:
            close = difflib.get_close_matches(name.strip().casefold(), by_key, n=3, cutoff=0.6)
            hint = "; did you mean " + " or ".join(
                sorted({f"{by_key[c].name} ({by_key[c].iso3})" for c in close})) + "?" if close else ""
            raise ProfileError(f"no profile for {name!r}{hint}", key="--state")
        chosen[found.iso3] = found
    return [chosen[iso3] for iso3 in sorted(chosen)]
