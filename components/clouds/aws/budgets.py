"""AWS Budgets: one monthly COST budget per `budget_targets`, filtered by a cost allocation tag.

A budget counts only spend carrying corridor's tag as a cost allocation tag (`TagKeyValue`
`user:<key>$<value>`), which works only once the tag key is activated in Billing (Cost allocation
tags); until then the budget sees nothing. Notifications alert on a percentage of the limit, on
actual or forecasted spend, by email and/or an SNS topic.
https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-create-filters.html
https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/activating-tags.html
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.clouds.base import BudgetResult, RegionContext, budget_result, budget_targets
from components.naming import physical_name

NOTIFICATION_TYPE = {"actual": "ACTUAL", "forecast": "FORECASTED"}


def build_budgets(context: RegionContext, name: str, opts: pulumi.ResourceOptions) -> list[BudgetResult]:
    budgets = context.spec.budgets
    if budgets is None:
        return []
    emails = list(budgets.notify.emails) or None
    topics = [budgets.notify.topic] if budgets.notify.topic is not None else None
    results = []
    for target in budget_targets(context):
        physical = physical_name("aws", "budget", "corridor", context.stack, target.purpose, scope=context.scope)
        tag = f"user:{target.tag_key}${target.tag_value}"
        aws.budgets.Budget(
            f"{name}-{target.purpose}",
            name=physical,
            budget_type="COST",
            limit_amount=str(target.monthly_limit),
            limit_unit=budgets.currency,
            time_unit="MONTHLY",
            time_period_start=f"{budgets.start_month}-01_00:00",
            cost_filters=[aws.budgets.BudgetCostFilterArgs(name="TagKeyValue", values=[tag])],
            notifications=[
                aws.budgets.BudgetNotificationArgs(
                    comparison_operator="GREATER_THAN",
                    threshold=threshold.percent,
                    threshold_type="PERCENTAGE",
                    notification_type=NOTIFICATION_TYPE[threshold.basis],
                    subscriber_email_addresses=emails,
                    subscriber_sns_topic_arns=topics,
                )
                for threshold in budgets.thresholds
            ],
            tags=context.tags(),
            opts=opts,
        )
        results.append(budget_result(context, target, physical, f"cost allocation tag {tag} (activate it in Billing)"))
    return results
