"""Whose names, resource group, tenant and tags an Azure resource carries.

Every resource a stack creates carries its own (`own`). A recovery stack's adopted vault, key,
storage account and containers are the ones its source created in the source's `drRegion`, so
they carry the source's (`source_of`): physical names seeded with the source's scope, the
source's resource group (the source put its DR-region resources in its own group, whose
location is only metadata), the source's tenant and the source's tags. Their ARM ids follow
from those alone, so a recovery stack finds them without any lookup, and a failover that
imports them declares exactly the inputs the source declared (an import with other inputs is
followed by an update, review_dr_policy.md D2).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from components.clouds.azure.handles import AzureBase
from components.clouds.azure.profile import AzurePlacement
from components.clouds.base import RegionContext


@dataclass(frozen=True)
class Owner:
    """The stack a resource belongs to, as its inputs and ARM id spell it."""

    scope: str
    """Seed of the owner's globally unique physical names (`RegionContext.scope`)."""
    subscription_id: str
    tenant_id: str
    """The Entra ID tenant the owner's vaults record."""
    group_name: str
    """The owner's resource group, as ARM ids spell it."""
    group: pulumi.Input[str]
    """The same group as resources take it (`resource_group_name`): the group resource's name
    output for the stack's own group, so its resources wait for the group."""
    tags: dict[str, str]

    def resource_id(self, namespace: str, *path: str) -> str:
        """The ARM id `/subscriptions/<sub>/resourceGroups/<group>/providers/<namespace>/<path...>`,
        the id every azure-native resource type of the owner is read and imported by."""
        return "/".join(
            (f"/subscriptions/{self.subscription_id}/resourceGroups/{self.group_name}/providers/{namespace}", *path)
        )


def own(context: RegionContext, base: AzureBase) -> Owner:
    """The stack itself: its scope, placement, resource group and tags."""
    placement = context.spec.placement_as(AzurePlacement)
    return Owner(
        scope=context.scope,
        subscription_id=placement.azure_subscription_id,
        tenant_id=placement.azure_tenant_id,
        group_name=placement.azure_resource_group,
        group=base.resource_group.name,
        tags=context.tags(),
    )


def source_of(context: RegionContext) -> Owner:
    """A recovery stack's source (`spec.recovery`): its scope, its own placement settings (a
    recovery stack sets its own resource group) and the tags the source's resources carry."""
    recovery = context.spec.recovery
    if recovery is None:
        raise RuntimeError(f"{context.stack} is not a recovery stack")
    placement = AzurePlacement.model_validate(dict(recovery.placement))
    return Owner(
        scope=context.source_scope,
        subscription_id=placement.azure_subscription_id,
        tenant_id=placement.azure_tenant_id,
        group_name=placement.azure_resource_group,
        group=placement.azure_resource_group,
        # The recovery stack's definition is the source's, so the tags differ only in the two
        # keys that name the stack and its home region (`tagging.standard_tags`).
        tags={**context.tags(), "stack": recovery.stack, "region": recovery.region},
    )
