"""Exact OCI inputs: the stack's compartment budget, created in the tenancy through the home
region's provider, with one alert rule per threshold emailing the recipients."""

from __future__ import annotations

from typing import Any

from tests.conftest import base_config, render_plan
from tests.plans import named, resources

TENANCY = base_config("oci").values["corridor:ociTenancyId"]
COMPARTMENT = base_config("oci").values["corridor:ociCompartmentId"]
TAGS = {
    "cloud": "oracle_cloud",
    "cost-center": "ai-1234",
    "environment": "prod",
    "managed-by": "corridor",
    "purpose": "training",
    "region": "me-jeddah-1",
    "stack": "oci-me-jeddah-1",
    "team": "ml-platform",
}


def test_the_stack_budget_targets_its_compartment_from_the_tenancy() -> None:
    """Every argument of the budget, exactly: in the tenancy (root compartment), MONTHLY, targeting
    the stack's compartment (OCI budgets cannot count freeform tags), tagged."""
    assert named(render_plan("oci"), "budgets-stack")["inputs"] == {
        "compartmentId": TENANCY,
        "displayName": "corridor-oci-me-jeddah-1-stack-a387297a",
        "description": "corridor oci-me-jeddah-1: monthly budget of the stack's compartment",
        "amount": 250000,
        "resetPeriod": "MONTHLY",
        "processingPeriodType": "MONTH",
        "targetType": "COMPARTMENT",
        "targets": [COMPARTMENT],
        "freeformTags": TAGS,
    }


def test_one_alert_rule_per_threshold() -> None:
    """Each threshold is a PERCENTAGE rule of the budget, ACTUAL or FORECAST, to the emails."""
    plan = render_plan("oci")
    rules = {r["name"]: r["inputs"] for r in resources(plan, "oci:Budget/rule:Rule")}
    assert set(rules) == {"budgets-stack-actual-80", "budgets-stack-forecast-100"}
    actual = rules["budgets-stack-actual-80"]
    assert actual == {
        "budgetId": actual["budgetId"],
        "displayName": "corridor-oci-me-jeddah-1-stack-a387297a-actual-80",
        "description": "corridor oci-me-jeddah-1: actual spend above 80%",
        "type": "ACTUAL",
        "threshold": 80,
        "thresholdType": "PERCENTAGE",
        "recipients": "gpu-finops@example.com",
        "message": "corridor oci-me-jeddah-1: actual spend passed 80% of 250000 USD this month",
        "freeformTags": TAGS,
    }
    assert actual["budgetId"].startswith("ocid1.budget.oc1.")
    assert (rules["budgets-stack-forecast-100"]["type"], rules["budgets-stack-forecast-100"]["threshold"]) == (
        "FORECAST",
        100,
    )


def _provider_region(plan: dict[str, Any], resource: dict[str, Any]) -> str:
    provider = next(r for r in plan["resources"] if r["urn"] == resource["provider"])
    return str(provider["inputs"]["region"])


def test_budgets_go_through_the_home_region_provider() -> None:
    """A tenancy-level budget is written where the tenancy's IAM lives, like the stack's policies:
    with a home region other than the stack's, through the home region's provider."""
    plan = render_plan("oci", {"ociHomeRegion": "ap-singapore-1"})
    for resource in [*resources(plan, "oci:Budget/budget:Budget"), *resources(plan, "oci:Budget/rule:Rule")]:
        assert _provider_region(plan, resource) == "ap-singapore-1", resource["name"]
