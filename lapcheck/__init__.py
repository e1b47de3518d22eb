"""lapcheck: where each State stands on the Lausanne Action Plan of the Convention on Cluster Munitions.

Five lines to a report::

    import lapcheck
    profiles = lapcheck.load_profiles()          # the bundled snapshot
    report = lapcheck.evaluate(profiles)          # bundled rules, as of today
    for finding in report.findings:
        print(finding.state, finding.check, finding.status)
"""

from lapcheck.duedates import due_dates
from lapcheck.engine import decide, evaluate
from lapcheck.errors import (
    EngineUnavailable,
    InputError,
    LapcheckError,
    MultipleErrors,
    ProfileError,
    RuleError,
)
from lapcheck.explain import explain
from lapcheck.indicators import summarize, trend
from lapcheck.model import Decisions, Evidence, Finding, IndicatorValue, Profile, Report, Status, Summary
from lapcheck.profiles import load_profiles
from lapcheck.rules import Check, Rules, load_rules

__version__ = "0.1.0"

__all__ = [
    "Check",
    "Decisions",
    "EngineUnavailable",
    "Evidence",
    "Finding",
    "IndicatorValue",
    "InputError",
    "LapcheckError",
    "MultipleErrors",
    "Profile",
    "ProfileError",
    "Report",
    "RuleError",
    "Rules",
    "Status",
    "Summary",
    "__version__",
    "decide",
    "due_dates",
    "evaluate",
    "explain",
    "load_profiles",
    "load_rules",
    "summarize",
    "trend",
]
