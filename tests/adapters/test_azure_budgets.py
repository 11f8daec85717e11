"""Exact Azure inputs: a Cost Management budget per stack and per team at the stack's resource
group scope, filtered by a corridor tag, with one notification per threshold."""

from __future__ import annotations

from tests.conftest import render_plan
from tests.plans import named, resources

SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/corridor-uaenorth"
GROUP = f"{SCOPE}/providers/microsoft.insights/actionGroups/gpu-finops"


def _notification(threshold: float, kind: str, **extra: object) -> dict[str, object]:
    return {
        "enabled": True,
        "operator": "GreaterThan",
        "threshold": threshold,
        "thresholdType": kind,
        "contactEmails": ["gpu-finops@example.com"],
        **extra,
    }


def test_the_stack_budget_counts_the_stack_tag_in_its_resource_group() -> None:
    """Every argument of the stack's budget, exactly: resource-group scope, Cost, Monthly from the
    first of startMonth, `tags stack In [<stack>]`, a notification keyed per threshold."""
    assert named(render_plan("azure"), "budgets-stack")["inputs"] == {
        "budgetName": "corridor-azure-uaenorth-stack",
        "scope": SCOPE,
        "amount": 250000,
        "category": "Cost",
        "timeGrain": "Monthly",
        "timePeriod": {"startDate": "2026-12-01T00:00:00Z"},
        "filter": {"tags": {"name": "stack", "operator": "In", "values": ["azure-uaenorth"]}},
        "notifications": {
            "Actual_GreaterThan_80_Percent": _notification(80, "Actual"),
            "Forecasted_GreaterThan_100_Percent": _notification(100, "Forecasted"),
        },
    }


def test_a_team_budget_counts_the_team_tag() -> None:
    """A `teams` entry is a budget of its own on `tags team In [<team>]` at the team's limit."""
    inputs = named(render_plan("azure"), "budgets-team-ml-platform")["inputs"]
    assert inputs["filter"] == {"tags": {"name": "team", "operator": "In", "values": ["ml-platform"]}}
    assert (inputs["amount"], inputs["scope"]) == (150000, SCOPE)


def test_an_action_group_is_a_contact_group() -> None:
    """`notify.topic` on Azure is an action group id, sent as each notification's contactGroups."""
    budget = {
        "startMonth": "2026-12",
        "monthlyLimit": 100,
        "thresholds": [{"percent": 90.5}],
        "notify": {"emails": ["gpu-finops@example.com"], "topic": GROUP},
    }
    (resource,) = resources(render_plan("azure", {"budgets": budget}), "azure-native:consumption:Budget")
    assert resource["inputs"]["notifications"] == {
        "Actual_GreaterThan_90_5_Percent": _notification(90.5, "Actual", contactGroups=[GROUP])
    }
