"""Article 5 (victim assistance), Article 6 (international cooperation and assistance) and the
LAP's cross-cutting actions (1-9): facts the profile records as they are."""

from __future__ import annotations

from lapcheck.facts.context import Context, Value, fact


@fact("article5.victims", "bool", "Has cluster munition victims in areas under its jurisdiction.")
def _victims(c: Context) -> Value:
    return c.plain(c.profile.victim_assistance.victims)


@fact("article5.obligations_reported", "bool", "Reports obligations under Article 5 (the ISU's count).")
def _obligations_reported(c: Context) -> Value:
    return c.plain(c.profile.victim_assistance.obligations_reported)


@fact("article5.focal_point", "bool", "Has named a government focal point for victim assistance.")
def _focal_point(c: Context) -> Value:
    return c.plain(c.profile.victim_assistance.focal_point)


@fact("article5.national_plan", "bool", "Has a national plan or disability framework covering victims.")
def _va_plan(c: Context) -> Value:
    return c.plain(c.profile.victim_assistance.national_plan)


@fact("article5.data_collection", "bool", "Collects data on cluster munition victims.")
def _data_collection(c: Context) -> Value:
    return c.plain(c.profile.victim_assistance.data_collection)


@fact("article5.survivor_involvement", "bool", "Involves survivors in decisions that affect them.")
def _survivor_involvement(c: Context) -> Value:
    return c.plain(c.profile.victim_assistance.survivor_involvement)


@fact("article6.national_resources_reported", "bool", "Reports national resources for implementation (Art 7 Form I).")
def _national_resources(c: Context) -> Value:
    return c.plain(c.profile.cooperation.national_resources_reported)


@fact("article6.provides_assistance", "bool", "Provides assistance to other States.")
def _provides(c: Context) -> Value:
    return c.plain(c.profile.cooperation.provides_assistance)


@fact("article6.assistance_reported", "bool", "Reports the assistance it provides.")
def _assistance_reported(c: Context) -> Value:
    return c.plain(c.profile.cooperation.assistance_reported)


@fact("cross_cutting.gender_in_national_plans", "bool",
      "Gender and diversity considered in its national plans (LAP action 8).")
def _gender(c: Context) -> Value:
    return c.plain(c.profile.cross_cutting.gender_in_national_plans)


@fact("cross_cutting.disaggregated_data", "bool", "Reports data disaggregated by sex, age and disability.")
def _disaggregated(c: Context) -> Value:
    return c.plain(c.profile.cross_cutting.disaggregated_data)
