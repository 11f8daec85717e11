"""The budget contract (`corridor:budgets`), asserted identically on every cloud with a budget service.

A cloud passes by realising the same promise: one monthly budget of the stack counting only the
stack's own tag (or, where the budget service cannot filter by a freeform tag, the stack's
compartment), with the limit, every threshold on its basis, and every notification target; not
protected (a budget holds no data); a budget per team counting the team tag where supported;
and the same neutral `budgets` output. What differs by cloud is only where each fact sits in the
provider's inputs, kept below as data so the assertions stay identical.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from components.capabilities import Capability
from components.clouds.registry import profile_for
from components.definition import SpecError, load_spec
from components.definition.budgets import TEAM_BUDGETS
from corridor.review import knowledge
from corridor.review.plans import compare
from tests.conftest import BASELINE, base_config, clouds_declaring, edited_config, render_plan
from tests.plans import children_of, resources

BUDGETS_COMPONENT = "corridor:index:Budgets"

BUDGET_TYPE = {
    "aws": "aws:budgets/budget:Budget",
    "gcp": "gcp:billing/budget:Budget",
    "azure": "azure-native:consumption:Budget",
    "oci": "oci:Budget/budget:Budget",
}

Neutral = dict[str, Any]


def _aws(plan: dict[str, Any], budget: dict[str, Any]) -> Neutral:
    inputs = budget["inputs"]
    (tag_filter,) = inputs["costFilters"]
    assert tag_filter["name"] == "TagKeyValue"
    key, _, value = tag_filter["values"][0].removeprefix("user:").partition("$")
    notes = inputs["notifications"]
    return {
        "filter": (key, value),
        "limit": float(inputs["limitAmount"]),
        "thresholds": {
            (n["threshold"], {"ACTUAL": "actual", "FORECASTED": "forecast"}[n["notificationType"]]) for n in notes
        },
        "emails": {tuple(n.get("subscriberEmailAddresses") or ()) for n in notes},
        "topics": {tuple(n.get("subscriberSnsTopicArns") or ()) for n in notes},
    }


def _gcp(plan: dict[str, Any], budget: dict[str, Any]) -> Neutral:
    inputs = budget["inputs"]
    ((key, value),) = inputs["budgetFilter"]["labels"].items()
    channels = {
        r["inputs"]["labels"]["email_address"]
        for r in resources(plan, "gcp:monitoring/notificationChannel:NotificationChannel")
    }
    rule = inputs["allUpdatesRule"]
    assert len(rule["monitoringNotificationChannels"]) == len(channels)
    basis = {"CURRENT_SPEND": "actual", "FORECASTED_SPEND": "forecast"}
    return {
        "filter": (key, value),
        "limit": float(inputs["amount"]["specifiedAmount"]["units"]),
        "thresholds": {
            (round(t["thresholdPercent"] * 100, 6), basis[t["spendBasis"]]) for t in inputs["thresholdRules"]
        },
        "emails": {tuple(sorted(channels))},
        "topics": {(rule["pubsubTopic"],) if rule.get("pubsubTopic") else ()},
    }


def _azure(plan: dict[str, Any], budget: dict[str, Any]) -> Neutral:
    inputs = budget["inputs"]
    tags = inputs["filter"]["tags"]
    assert (tags["operator"], len(tags["values"])) == ("In", 1)
    notes = inputs["notifications"].values()
    return {
        "filter": (tags["name"], tags["values"][0]),
        "limit": float(inputs["amount"]),
        "thresholds": {
            (n["threshold"], {"Actual": "actual", "Forecasted": "forecast"}[n["thresholdType"]]) for n in notes
        },
        "emails": {tuple(n["contactEmails"]) for n in notes},
        "topics": {tuple(n.get("contactGroups") or ()) for n in notes},
    }


def _oci(plan: dict[str, Any], budget: dict[str, Any]) -> Neutral:
    inputs = budget["inputs"]
    assert inputs["targetType"] == "COMPARTMENT"
    rules = [r for r in resources(plan, "oci:Budget/rule:Rule") if r["name"].startswith(f"{budget['name']}-")]
    return {
        "filter": ("compartment", inputs["targets"][0]),
        "limit": float(inputs["amount"]),
        "thresholds": {
            (r["inputs"]["threshold"], {"ACTUAL": "actual", "FORECAST": "forecast"}[r["inputs"]["type"]]) for r in rules
        },
        "emails": {tuple(r["inputs"]["recipients"].split(",")) for r in rules},
        "topics": {()},
    }


NEUTRAL = {"aws": _aws, "gcp": _gcp, "azure": _azure, "oci": _oci}
"""Each cloud's budget inputs, read back into one neutral shape."""


def stack_filter(cloud: str, stack: str) -> tuple[str, str]:
    """What the stack's own budget must count: the `stack` tag, or the stack's compartment on OCI."""
    if cloud == "oci":
        return ("compartment", base_config("oci").values["corridor:ociCompartmentId"])
    return ("stack", stack)


@pytest.fixture(params=clouds_declaring(Capability.BUDGETS))
def cloud(request: pytest.FixtureRequest) -> str:
    """Each cloud whose profile declares budgets."""
    return str(request.param)


def _budgets(plan: dict[str, Any], cloud: str) -> dict[str, Neutral]:
    return {r["name"]: NEUTRAL[cloud](plan, r) for r in resources(plan, BUDGET_TYPE[cloud])}


def test_the_suite_covers_every_cloud_with_budgets() -> None:
    """A cloud cannot declare budgets without telling this suite where its inputs sit."""
    assert set(clouds_declaring(Capability.BUDGETS)) == set(BUDGET_TYPE) == set(NEUTRAL)


def test_one_budget_counts_the_stack_with_its_limit_thresholds_and_targets(cloud: str) -> None:
    """The stack's budget counts only the stack (its tag, or its compartment), at its monthly
    limit, alerting at every threshold on its basis to every notification target."""
    plan = render_plan(cloud)
    spec = base_config(cloud).values
    budgets = _budgets(plan, cloud)
    stack_budgets = [b for b in budgets.values() if b["filter"] == stack_filter(cloud, plan["stack"])]
    assert len(stack_budgets) == 1
    (budget,) = stack_budgets
    expected = _configured(spec)
    assert budget["limit"] == expected["monthlyLimit"]
    assert budget["thresholds"] == {(t["percent"], t["basis"]) for t in expected["thresholds"]}
    assert budget["emails"] == {tuple(expected["notify"]["emails"])}
    topic = expected["notify"].get("topic")
    assert budget["topics"] == {(topic,) if topic else ()}


def test_budgets_are_not_protected_and_use_the_stacks_providers(cloud: str) -> None:
    """A budget holds no data: neither `protect` nor `retainOnDelete`, so removing it from the
    definition removes it. Every budget resource is a child of the one `Budgets` component and on an
    explicit provider of the stack."""
    plan = render_plan(cloud)
    children = children_of(plan, BUDGETS_COMPONENT)
    assert {r["type"] for r in children} >= {BUDGET_TYPE[cloud]}
    assert len([r for r in plan["resources"] if r["type"] == BUDGETS_COMPONENT]) == 1
    for resource in children:
        assert (resource["protect"], resource["retainOnDelete"]) == (False, False), resource["name"]
        assert resource["provider"], resource["name"]


def test_team_budgets_count_the_team_tag(cloud: str) -> None:
    """Each `teams` entry gets its own budget counting the `team` tag at the team's limit; a
    cloud that cannot filter by a corridor tag refuses teams at validation instead
    (tests/unit/test_bad_input.py)."""
    team = {"team": "ml-platform", "monthlyLimit": 150000}
    configured = _configured(base_config(cloud).values)
    edits = {"budgets": {**configured, "teams": [team]}}
    if TEAM_BUDGETS in profile_for(cloud).unsupported:
        with pytest.raises(SpecError) as caught:
            load_spec(edited_config(cloud, edits).values, BASELINE)
        assert [p.path for p in caught.value.problems] == [TEAM_BUDGETS]
        return
    plan = render_plan(cloud, edits)
    teams = [b for b in _budgets(plan, cloud).values() if b["filter"] == ("team", "ml-platform")]
    assert len(teams) == 1
    assert teams[0]["limit"] == 150000


def test_the_budgets_output_has_the_same_shape_everywhere(cloud: str) -> None:
    """The `budgets` export lists each budget with name, limit, currency, a filter a human can
    read, the thresholds with their basis and the notification targets, the stack's first."""
    plan = render_plan(cloud)
    configured = _configured(base_config(cloud).values)
    exported = plan["outputs"]["budgets"]
    assert len(exported) == 1 + len(configured.get("teams", []))
    for entry in exported:
        assert set(entry) == {"name", "monthlyLimit", "currency", "filter", "thresholds", "notify"}
        assert entry["currency"] == "USD"
        assert entry["thresholds"] == [{"percent": t["percent"], "basis": t["basis"]} for t in configured["thresholds"]]
        assert entry["notify"] == {"emails": configured["notify"]["emails"], "topic": configured["notify"].get("topic")}
    assert exported[0]["monthlyLimit"] == configured["monthlyLimit"]
    _, value = stack_filter(cloud, plan["stack"])
    assert value in exported[0]["filter"]


def test_no_budget_without_corridor_budgets(cloud: str) -> None:
    """A stack that sets no `corridor:budgets` registers no budget resource and exports none."""
    plan = render_plan(cloud, {"budgets": None})
    assert not [r for r in plan["resources"] if r["type"] in (BUDGETS_COMPONENT, BUDGET_TYPE[cloud])]
    assert "budgets" not in plan["outputs"]


def _configured(values: dict[str, str]) -> dict[str, Any]:
    return json.loads(values["corridor:budgets"])


def test_removing_budgets_is_a_reviewed_delete_that_loses_no_data(cloud: str) -> None:
    """`corridor diff` lists every budget resource of a dropped `corridor:budgets` as a delete
    (so a reviewer sees alerts going away), without flagging it as data loss: a budget is in the
    replacement list's `budget` category, which is not dangerous."""
    before, after = render_plan(cloud), render_plan(cloud, {"budgets": None})
    review = compare(before, after, before["stack"])
    deleted = {change.name: change for change in review.changes if change.op == "delete"}
    budget_resources = {r["name"] for r in children_of(before, BUDGETS_COMPONENT)}
    assert set(deleted) == budget_resources
    for change in deleted.values():
        assert change.dangers == [], change.name
        facts = knowledge.facts(change.type)
        assert facts is not None, change.type
        assert facts.category == "budget"
        assert "budget" not in knowledge.DANGEROUS_CATEGORIES
