"""Exact AWS Budgets inputs: a monthly COST budget per stack and per team, filtered by the cost
allocation tag, one PERCENTAGE notification per threshold to the emails and the SNS topic."""

from __future__ import annotations

from tests.conftest import render_plan
from tests.plans import named, resources

TAGS = {
    "cloud": "aws",
    "cost-center": "ai-1234",
    "environment": "prod",
    "managed-by": "corridor",
    "purpose": "training",
    "region": "ap-southeast-1",
    "stack": "aws-ap-southeast-1",
    "team": "ml-platform",
}
SUBSCRIBERS = {
    "subscriberEmailAddresses": ["gpu-finops@example.com"],
    "subscriberSnsTopicArns": ["arn:aws:sns:ap-southeast-1:000000000000:gpu-finops-alerts"],
}
NOTIFICATIONS = [
    {
        "comparisonOperator": "GREATER_THAN",
        "notificationType": "ACTUAL",
        "threshold": 80,
        "thresholdType": "PERCENTAGE",
        **SUBSCRIBERS,
    },
    {
        "comparisonOperator": "GREATER_THAN",
        "notificationType": "FORECASTED",
        "threshold": 100,
        "thresholdType": "PERCENTAGE",
        **SUBSCRIBERS,
    },
]


def test_the_stack_budget_counts_the_stack_cost_allocation_tag() -> None:
    """Every argument of the stack's budget, exactly: COST, the limit in USD, MONTHLY from the
    first of startMonth, `TagKeyValue user:stack$<stack>`, a notification per threshold, tagged."""
    assert named(render_plan("aws"), "budgets-stack")["inputs"] == {
        "name": "corridor-aws-ap-southeast-1-stack-7c58df68",
        "budgetType": "COST",
        "limitAmount": "250000",
        "limitUnit": "USD",
        "timeUnit": "MONTHLY",
        "timePeriodStart": "2026-12-01_00:00",
        "costFilters": [{"name": "TagKeyValue", "values": ["user:stack$aws-ap-southeast-1"]}],
        "notifications": NOTIFICATIONS,
        "tags": TAGS,
    }


def test_a_team_budget_counts_the_team_tag() -> None:
    """A `teams` entry is a budget of its own on `user:team$<team>` at the team's limit."""
    inputs = named(render_plan("aws"), "budgets-team-ml-platform")["inputs"]
    assert inputs["costFilters"] == [{"name": "TagKeyValue", "values": ["user:team$ml-platform"]}]
    assert (inputs["limitAmount"], inputs["notifications"]) == ("150000", NOTIFICATIONS)
    assert inputs["name"].startswith("corridor-aws-ap-southeast-1-team-ml-platform-")


def test_emails_only_send_no_sns_subscriber() -> None:
    """Without a topic, no SNS subscriber list is sent (an empty one is not what AWS stores)."""
    plan = render_plan(
        "aws",
        {
            "budgets": {
                "startMonth": "2027-01",
                "monthlyLimit": 1000,
                "thresholds": [{"percent": 50}],
                "notify": {"emails": ["a@example.com"]},
            }
        },
    )
    (budget,) = resources(plan, "aws:budgets/budget:Budget")
    assert budget["inputs"]["notifications"] == [
        {
            "comparisonOperator": "GREATER_THAN",
            "notificationType": "ACTUAL",
            "threshold": 50,
            "thresholdType": "PERCENTAGE",
            "subscriberEmailAddresses": ["a@example.com"],
        }
    ]
    assert budget["inputs"]["timePeriodStart"] == "2027-01-01_00:00"
