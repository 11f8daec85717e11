"""Cost budgets as code (`corridor:budgets`): a monthly limit for the whole stack, alert
thresholds, who is told, and optional per-team budgets.

Provider-neutral: each cloud's adapter realises the budget with its own budget service
(`components/clouds/<cloud>/budgets.py`), filtered by corridor's own tags (`components/tagging.py`:
the `stack` tag, and `team` for team budgets). What a cloud cannot do (a notification topic, a
budget filtered by a freeform tag) is declared in its profile's `unsupported` under the feature
names below and refused at validation (`components/definition/checks.py`), never silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator

from components.definition.base import SpecModel, satisfies
from components.definition.errors import Problem
from components.definition.identity import TagValue

TEAM_BUDGETS = "corridor:budgets.teams"
"""Feature: per-team budgets filtered by the `team` tag."""

BUDGET_TOPIC = "corridor:budgets.notify.topic"
"""Feature: budget alerts published to the cloud's own notification channel (an SNS topic, a
Pub/Sub topic, an Azure action group)."""

# A pragmatic address check (one `@`, a dotted domain, no spaces): the clouds validate the rest.
EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)

Email = Annotated[
    str,
    satisfies(lambda v: EMAIL.fullmatch(v) is not None, "must be an email address such as finops@example.com"),
]

Month = Annotated[
    str,
    satisfies(
        lambda v: re.fullmatch(r"(20[2-9][0-9])-(0[1-9]|1[0-2])", v) is not None,
        "must be a month as YYYY-MM, such as 2026-12",
    ),
]


def _positive(unit: str) -> AfterValidator:
    """A limit above 0, in whole `unit`s."""

    def check(value: int) -> int:
        if value <= 0:
            raise ValueError(f"must be above 0 {unit} a month; got {value}")
        return value

    return AfterValidator(check)


def _percent(value: float) -> float:
    # Azure: "It is always percent and has to be between 0 and 1000" (consumption Notification
    # threshold), the strictest of the four budget services.
    if not 0 < value <= 1000:
        raise ValueError(f"must be above 0 and at most 1000 percent (Azure budget notifications' bound); got {value:g}")
    return value


def _at_most_five(emails: list[str]) -> list[str]:
    # "A maximum of 5 channels are allowed" (GCP allUpdatesRule.monitoringNotificationChannels).
    if len(emails) > 5:
        raise ValueError(f"lists {len(emails)} addresses; at most 5 (a GCP budget takes at most 5 channels)")
    if len(set(emails)) != len(emails):
        raise ValueError("must not repeat an address")
    return emails


Currency = Annotated[
    str,
    satisfies(lambda v: re.fullmatch(r"[A-Z]{3}", v) is not None, "must be an ISO 4217 currency code such as USD"),
]


class Threshold(SpecModel):
    """One alert: sent when spend (actual or forecast) passes `percent` of the limit."""

    percent: Annotated[float, AfterValidator(_percent)]
    """Percent of the monthly limit, above 0 and at most 1000 (Azure's bound, the strictest of
    the budget services). Required."""

    basis: Literal["actual", "forecast"] = "actual"
    """`actual`: spend so far this month; `forecast`: the cloud's forecast for the month.
    Default `actual`."""


class Notify(SpecModel):
    """Who is told when a threshold is passed. At least one target is required."""

    emails: Annotated[list[Email], AfterValidator(_at_most_five)] = Field(default_factory=list)
    """Email addresses every alert goes to, at most five (a GCP budget takes at most five
    notification channels, the strictest of the budget services). Default none."""

    topic: str | None = None
    """The cloud's own notification channel: an AWS SNS topic ARN, a GCP Pub/Sub topic
    `projects/<project>/topics/<topic>`, or an Azure action group resource id; its shape is
    checked by the cloud's profile, and a cloud without one refuses it. Default none."""


class TeamBudget(SpecModel):
    """A monthly budget for one team's spend, filtered by the `team` tag."""

    team: TagValue
    """The `team` tag value the budget counts (corridor:tags.team of the team's stacks). Required."""

    monthly_limit: Annotated[int, _positive("currency units")]
    """The team's monthly limit, in whole units of `currency`. Required, above 0."""


class Budgets(SpecModel):
    """Monthly cost budgets for the stack. Config key `corridor:budgets`; set per stack."""

    start_month: Month
    """The first month counted, `YYYY-MM` (Azure needs a start date; fixed so renders are
    deterministic). Required."""

    monthly_limit: Annotated[int, _positive("currency units")]
    """The stack's monthly limit, in whole units of `currency`, for everything carrying the stack's `stack`
    tag (on OCI: everything in the stack's compartment). Required, above 0."""

    currency: Currency = "USD"
    """ISO 4217 code of the limits. AWS and GCP budgets state it (GCP's must match the billing
    account's currency); Azure and OCI count in the billing account's own currency, which must be
    this one. Default `USD`."""

    thresholds: list[Threshold] = Field(min_length=1, max_length=5)
    """Alerts, 1 to 5 (Azure takes at most five notifications per budget). Required."""

    notify: Notify
    """Who is told; see `Notify`. Required, with at least one email or a topic."""

    teams: list[TeamBudget] = Field(default_factory=list)
    """Per-team budgets filtered by the `team` tag; refused on clouds whose budgets cannot
    filter by a corridor tag. Default none."""

    @field_validator("notify")
    @classmethod
    def _someone_is_told(cls, notify: Notify) -> Notify:
        if not notify.emails and notify.topic is None:
            raise ValueError("needs at least one notification target: list emails or set a topic")
        return notify

    @field_validator("teams")
    @classmethod
    def _teams_unique(cls, teams: list[TeamBudget]) -> list[TeamBudget]:
        names = [team.team for team in teams]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"team names must be unique; repeated: {', '.join(repeated)}")
        return teams


def topic_problems(values: Mapping[str, Any], pattern: str, shape: str) -> list[Problem]:
    """A problem when `corridor:budgets.notify.topic` is set and does not match `pattern` in
    full; `shape` says in words what the cloud takes. For the clouds' `validate` hooks."""
    budgets = values.get("budgets")
    topic = budgets.notify.topic if budgets is not None else None
    if topic is None or re.fullmatch(pattern, topic):
        return []
    return [Problem(BUDGET_TOPIC, f"must be {shape}; got {topic!r}")]
