"""OCI budgets: one monthly budget of the stack's compartment, with an alert rule per threshold.

An OCI budget targets a compartment or a cost-tracking defined tag only (`target_type`
COMPARTMENT or TAG); corridor's tags are freeform, so the stack's budget counts everything in the
stack's compartment (`corridor:ociCompartmentId`), which holds only this stack when the stack has
one of its own, and team budgets are refused at validation (profile `TEAM_BUDGETS`). Budgets are
created in the tenancy (the root compartment) through the home-region provider, like the stack's
IAM policies (oci/identity.py). Alert rules send email only, to a comma-separated `recipients`.
Amounts are in the tenancy's billing currency; a budget counts calendar months from creation
(`processing_period_type` MONTH), so `startMonth` is not sent.
https://docs.oracle.com/en-us/iaas/Content/Billing/Concepts/budgetsoverview.htm
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pulumi
import pulumi_oci as oci

from components.clouds.base import BudgetResult, RegionContext, budget_result, budget_targets
from components.naming import physical_name

if TYPE_CHECKING:
    from components.clouds.oci.adapter import OciBase

RULE_TYPE = {"actual": "ACTUAL", "forecast": "FORECAST"}


def build_budgets(context: RegionContext, base: OciBase, name: str, opts: pulumi.ResourceOptions) -> list[BudgetResult]:
    budgets = context.spec.budgets
    if budgets is None:
        return []
    in_tenancy = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(provider=base.home_provider))
    results = []
    # Only the stack's own budget: team budgets are refused on OCI at validation.
    for target in budget_targets(context)[:1]:
        physical = physical_name("oci", "budget", "corridor", context.stack, target.purpose, scope=context.scope)
        budget = oci.budget.Budget(
            f"{name}-{target.purpose}",
            compartment_id=base.tenancy_id,
            display_name=physical,
            description=f"corridor {context.stack}: monthly budget of the stack's compartment",
            amount=target.monthly_limit,
            reset_period="MONTHLY",
            processing_period_type="MONTH",
            target_type="COMPARTMENT",
            targets=[base.compartment_id],
            freeform_tags=context.tags(),
            opts=in_tenancy,
        )
        for threshold in budgets.thresholds:
            suffix = f"{threshold.basis}-{threshold.percent:g}".replace(".", "-")
            oci.budget.Rule(
                f"{name}-{target.purpose}-{suffix}",
                budget_id=budget.id,
                display_name=f"{physical}-{suffix}",
                description=f"corridor {context.stack}: {threshold.basis} spend above {threshold.percent:g}%",
                type=RULE_TYPE[threshold.basis],
                threshold=threshold.percent,
                threshold_type="PERCENTAGE",
                recipients=",".join(budgets.notify.emails),
                message=f"corridor {context.stack}: {threshold.basis} spend passed {threshold.percent:g}% of "
                f"{target.monthly_limit} {budgets.currency} this month",
                freeform_tags=context.tags(),
                opts=in_tenancy,
            )
        results.append(budget_result(context, target, physical, f"every resource in compartment {base.compartment_id}"))
    return results
