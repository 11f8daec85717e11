"""Exact GCP inputs: a Cloud Billing budget per stack and per team in the stack's billing account,
counting the project by number and one corridor label, alerting through a monitoring email channel
per address and the Pub/Sub topic."""

from __future__ import annotations

from corridor.mockcloud.gcp import project_number
from tests.conftest import render_plan
from tests.plans import named, resources

PROJECT = "corridor-prod-apac"
LABELS = {
    "cloud": "gcp",
    "cost-center": "ai-1234",
    "environment": "prod",
    "managed-by": "corridor",
    "purpose": "training",
    "region": "asia-southeast1",
    "stack": "gcp-asia-southeast1",
    "team": "ml-platform",
}


def test_one_email_channel_per_address() -> None:
    """Each address becomes a Cloud Monitoring email channel in the stack's project, labelled."""
    plan = render_plan("gcp")
    assert named(plan, "budgets-email-gpu-finops-example-com")["inputs"] == {
        "project": PROJECT,
        "type": "email",
        "displayName": "corridor gcp-asia-southeast1 budget alerts: gpu-finops@example.com",
        "labels": {"email_address": "gpu-finops@example.com"},
        "userLabels": LABELS,
    }


def test_the_stack_budget_counts_the_project_and_the_stack_label() -> None:
    """Every argument of the stack's budget, exactly: the billing account, the project by number
    with the `stack` label, calendar months, the amount in USD units, thresholds as fractions on
    their spend basis, and the channels plus the Pub/Sub topic (schema 1.0)."""
    plan = render_plan("gcp")
    (channel,) = resources(plan, "gcp:monitoring/notificationChannel:NotificationChannel")
    channel_name = f"projects/{PROJECT}/notificationChannels/"
    inputs = named(plan, "budgets-stack")["inputs"]
    (channel_ref,) = inputs["allUpdatesRule"]["monitoringNotificationChannels"]
    assert channel_ref.startswith(channel_name)
    assert channel["name"] == "budgets-email-gpu-finops-example-com"
    assert inputs == {
        "billingAccount": "000000-AAAAAA-111111",
        "displayName": "corridor-gcp-asia-southeast1-stack-cdea92d3",
        "budgetFilter": {
            "projects": [f"projects/{project_number(PROJECT)}"],
            "labels": {"stack": "gcp-asia-southeast1"},
            "calendarPeriod": "MONTH",
        },
        "amount": {"specifiedAmount": {"currencyCode": "USD", "units": "250000"}},
        "thresholdRules": [
            {"thresholdPercent": 0.8, "spendBasis": "CURRENT_SPEND"},
            {"thresholdPercent": 1, "spendBasis": "FORECASTED_SPEND"},
        ],
        "allUpdatesRule": {
            "monitoringNotificationChannels": [channel_ref],
            "pubsubTopic": f"projects/{PROJECT}/topics/gpu-finops-alerts",
            "schemaVersion": "1.0",
        },
    }


def test_a_team_budget_counts_the_team_label() -> None:
    """A `teams` entry counts the `team` label in the same project at the team's limit."""
    inputs = named(render_plan("gcp"), "budgets-team-ml-platform")["inputs"]
    assert inputs["budgetFilter"]["labels"] == {"team": "ml-platform"}
    assert inputs["amount"] == {"specifiedAmount": {"currencyCode": "USD", "units": "150000"}}
