"""Azure Cost Management budgets: one per `budget_targets`, at the scope of the stack's resource
group, filtered by a corridor tag, with a notification per threshold.

A budget at resource-group scope takes emails and action groups (`contactGroups`, "only supported
at Subscription or Resource Group scopes"); at most five notifications; it starts on the first of
a month (`timePeriod.startDate`) and, without an end date, runs ten years. Amounts are in the
billing account's currency. The budget type takes no tags.
https://learn.microsoft.com/azure/cost-management-billing/costs/tutorial-acm-create-budgets
https://learn.microsoft.com/rest/api/consumption/budgets/create-or-update
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import consumption

from components.clouds.azure.handles import AzureBase
from components.clouds.azure.profile import AzurePlacement
from components.clouds.base import BudgetResult, RegionContext, budget_result, budget_targets
from components.naming import physical_name

THRESHOLD_TYPE = {"actual": "Actual", "forecast": "Forecasted"}


def build_budgets(
    context: RegionContext, name: str, base: AzureBase, opts: pulumi.ResourceOptions
) -> list[BudgetResult]:
    budgets = context.spec.budgets
    if budgets is None:
        return []
    groups = [budgets.notify.topic] if budgets.notify.topic is not None else None
    notifications = {
        # The key names the notification; `GreaterThan` is the operator Azure recommends.
        f"{THRESHOLD_TYPE[t.basis]}_GreaterThan_{t.percent:g}_Percent".replace(".", "_"): consumption.NotificationArgs(
            enabled=True,
            operator="GreaterThan",
            threshold=t.percent,
            threshold_type=THRESHOLD_TYPE[t.basis],
            contact_emails=list(budgets.notify.emails),
            contact_groups=groups,
        )
        for t in budgets.thresholds
    }
    group = context.spec.placement_as(AzurePlacement).azure_resource_group
    results = []
    for target in budget_targets(context):
        physical = physical_name("azure", "budget", "corridor", context.stack, target.purpose, scope=context.scope)
        consumption.Budget(
            f"{name}-{target.purpose}",
            budget_name=physical,
            scope=base.resource_group.id,
            amount=float(target.monthly_limit),
            category="Cost",
            time_grain="Monthly",
            time_period=consumption.BudgetTimePeriodArgs(start_date=f"{budgets.start_month}-01T00:00:00Z"),
            filter=consumption.BudgetFilterArgs(
                tags=consumption.BudgetComparisonExpressionArgs(
                    name=target.tag_key, operator="In", values=[target.tag_value]
                )
            ),
            notifications=notifications,
            opts=opts,
        )
        results.append(
            budget_result(
                context,
                target,
                physical,
                f"resource group {group} and tag {target.tag_key} In [{target.tag_value}]",
            )
        )
    return results
