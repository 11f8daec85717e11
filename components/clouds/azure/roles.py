"""Azure role assignments: the one way corridor grants a built-in role to a managed identity.

Storage accounts (key access) and the AKS control plane (key, subnet and capacity reservation
access) get their roles through `assign_role`, so every assignment is named, scoped and typed
the same way. Built-in role ids: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
"""

from __future__ import annotations

import uuid

import pulumi
from pulumi_azure_native import authorization, managedidentity

from components.clouds.azure.profile import AzurePlacement
from components.clouds.base import RegionContext

# Fixed namespace for role assignment names: uuid5 over (scope, role, principal) gives the same
# assignment name on every run, so a re-run updates the one assignment instead of adding another.
ROLE_ASSIGNMENT_NAMESPACE = uuid.UUID("5f0c8f3e-2b7a-5d1e-9c4a-6a3f1e2d7b90")


def role_definition_id(context: RegionContext, role: str) -> str:
    """The subscription-scoped id of built-in role `role` (a role definition GUID)."""
    subscription = context.spec.placement_as(AzurePlacement).azure_subscription_id
    return f"/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{role}"


def assign_role(
    context: RegionContext,
    logical_name: str,
    scope: pulumi.Input[str],
    role: str,
    identity: managedidentity.UserAssignedIdentity,
    opts: pulumi.ResourceOptions,
) -> authorization.RoleAssignment:
    """Grant built-in role `role` on `scope` to `identity`, under a deterministic name."""
    return assign_role_to_principal(context, logical_name, scope, role, identity.principal_id, identity.id, opts)


def assign_role_to_principal(
    context: RegionContext,
    logical_name: str,
    scope: pulumi.Input[str],
    role: str,
    principal_id: pulumi.Input[str],
    holder_id: pulumi.Input[str],
    opts: pulumi.ResourceOptions,
) -> authorization.RoleAssignment:
    """Grant built-in role `role` on `scope` to the service principal `principal_id`, which
    belongs to the resource `holder_id` (a user-assigned identity, or a resource with a
    system-assigned one such as a disk encryption set). The assignment name is derived from
    (scope, role, holder), so it is the same on every run."""
    definition = role_definition_id(context, role)
    return authorization.RoleAssignment(
        logical_name,
        role_assignment_name=pulumi.Output.all(scope, holder_id).apply(
            lambda ids: str(uuid.uuid5(ROLE_ASSIGNMENT_NAMESPACE, f"{ids[0]}|{definition}|{ids[1]}"))
        ),
        scope=scope,
        role_definition_id=definition,
        principal_id=principal_id,
        # ServicePrincipal lets ARM skip the directory lookup that fails for a just-created identity.
        principal_type=authorization.PrincipalType.SERVICE_PRINCIPAL,
        opts=opts,
    )
