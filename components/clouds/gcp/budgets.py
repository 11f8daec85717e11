"""GCP Cloud Billing budgets: one per `budget_targets`, in the stack's billing account, counting
the stack's project and one corridor label; email alerts through Cloud Monitoring channels.

A budget belongs to a billing account (`corridor:gcpBillingAccount`), not to the project, and its
filter takes the project by number (`projects/<number>`) and at most one label pair. It counts
calendar months (`calendarPeriod: MONTH`), so `startMonth` is not sent: GCP budgets have no
recurring start. Emails reach people through monitoring email channels made in the project;
a Pub/Sub topic receives every update (`allUpdatesRule.pubsubTopic`, schema 1.0).
https://cloud.google.com/billing/docs/how-to/budgets
https://cloud.google.com/billing/docs/reference/budget/rest/v1/billingAccounts.budgets
"""

from __future__ import annotations

import re

import pulumi
import pulumi_gcp as gcp

from components.clouds.base import BudgetResult, RegionContext, budget_result, budget_targets
from components.clouds.gcp.profile import GcpPlacement
from components.naming import physical_name

SPEND_BASIS = {"actual": "CURRENT_SPEND", "forecast": "FORECASTED_SPEND"}


def _slug(email: str) -> str:
    """An email address as a logical-name suffix (`gpu-finops-example-com`)."""
    return re.sub(r"[^a-z0-9]+", "-", email.lower()).strip("-")


def build_budgets(context: RegionContext, project: str, name: str, opts: pulumi.ResourceOptions) -> list[BudgetResult]:
    budgets = context.spec.budgets
    billing_account = context.spec.placement_as(GcpPlacement).gcp_billing_account
    if budgets is None:
        return []
    if billing_account is None:  # refused at validation (GcpProfile.validate)
        raise RuntimeError("corridor:gcpBillingAccount is required with corridor:budgets")
    channels = [
        gcp.monitoring.NotificationChannel(
            f"{name}-email-{_slug(email)}",
            project=project,
            type="email",
            display_name=f"corridor {context.stack} budget alerts: {email}",
            labels={"email_address": email},
            user_labels=context.tags(),
            opts=opts,
        )
        for email in budgets.notify.emails
    ]
    invoke_opts = pulumi.InvokeOutputOptions(parent=opts.parent, provider=opts.provider)
    number = gcp.organizations.get_project_output(project_id=project, opts=invoke_opts).number
    topic = budgets.notify.topic
    updates = gcp.billing.BudgetAllUpdatesRuleArgs(
        monitoring_notification_channels=[channel.name for channel in channels],
        pubsub_topic=topic,
        schema_version="1.0" if topic is not None else None,
    )
    results = []
    for target in budget_targets(context):
        physical = physical_name("gcp", "budget", "corridor", context.stack, target.purpose, scope=context.scope)
        gcp.billing.Budget(
            f"{name}-{target.purpose}",
            billing_account=billing_account,
            display_name=physical,
            budget_filter=gcp.billing.BudgetBudgetFilterArgs(
                projects=[number.apply(lambda n: f"projects/{n}")],
                labels={target.tag_key: target.tag_value},
                calendar_period="MONTH",
            ),
            amount=gcp.billing.BudgetAmountArgs(
                specified_amount=gcp.billing.BudgetAmountSpecifiedAmountArgs(
                    currency_code=budgets.currency, units=str(target.monthly_limit)
                )
            ),
            # GCP's threshold is a fraction of the budget (1.0 = 100 %).
            threshold_rules=[
                gcp.billing.BudgetThresholdRuleArgs(
                    threshold_percent=threshold.percent / 100, spend_basis=SPEND_BASIS[threshold.basis]
                )
                for threshold in budgets.thresholds
            ],
            all_updates_rule=updates,
            opts=opts,
        )
        results.append(
            budget_result(
                context,
                target,
                physical,
                f"project {project} and label {target.tag_key}={target.tag_value}, billing account {billing_account}",
            )
        )
    return results
