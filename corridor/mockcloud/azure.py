"""Mock Azure: the ids and computed attributes Azure returns for corridor's resource types."""

from __future__ import annotations

from typing import Any

from pulumi.runtime.mocks import MockResourceArgs

from corridor.mockcloud.common import AZURE_SUBSCRIPTION, ComputedState, stable_uuid


def _azure_id(provider: str, state: dict[str, Any], kind: str, name: str) -> str:
    group = state.get("resourceGroupName", "")
    return f"/subscriptions/{AZURE_SUBSCRIPTION}/resourceGroups/{group}/providers/{provider}/{kind}/{name}"


def _azure_group(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["resourceGroupName"]
    return {"id": f"/subscriptions/{AZURE_SUBSCRIPTION}/resourceGroups/{name}", "name": name}


def _azure_vault(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["vaultName"]
    properties = dict(state.get("properties") or {})
    properties["vaultUri"] = f"https://{name}.vault.azure.net/"
    return {"id": _azure_id("Microsoft.KeyVault", state, "vaults", name), "name": name, "properties": properties}


def _azure_key(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    vault, key = state["vaultName"], state["keyName"]
    uri = f"https://{vault}.vault.azure.net/keys/{key}"
    version = stable_uuid(args.name).replace("-", "")
    return {
        "id": _azure_id("Microsoft.KeyVault", state, f"vaults/{vault}/keys", key),
        "name": key,
        "keyUri": uri,
        "keyUriWithVersion": f"{uri}/{version}",
    }


def _azure_identity(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["resourceName"]
    return {
        "id": _azure_id("Microsoft.ManagedIdentity", state, "userAssignedIdentities", name),
        "name": name,
        "principalId": stable_uuid("principal", args.name),
        "clientId": stable_uuid("client", args.name),
        "tenantId": "11111111-1111-1111-1111-111111111111",
    }


def _azure_role_assignment(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state.get("roleAssignmentName") or stable_uuid("role-assignment", args.name)
    return {
        "id": f"{state['scope']}/providers/Microsoft.Authorization/roleAssignments/{name}",
        "name": name,
    }


def _azure_storage_account(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["accountName"]
    services = ("blob", "dfs", "file", "queue", "table", "web")
    host = {"web": "z1.web"}
    extra: dict[str, Any] = {}
    identity = state.get("identity")
    if identity:
        # ARM takes user-assigned identities as a list of ids and returns a map keyed by id.
        assigned = identity.get("userAssignedIdentities") or []
        extra["identity"] = {
            **identity,
            "userAssignedIdentities": {
                uai: {"principalId": stable_uuid("principal", uai), "clientId": stable_uuid("client", uai)}
                for uai in assigned
            },
        }
    return {
        **extra,
        "id": _azure_id("Microsoft.Storage", state, "storageAccounts", name),
        "name": name,
        "primaryLocation": region,
        "primaryEndpoints": {
            service: f"https://{name}.{host.get(service, service)}.core.windows.net/" for service in services
        },
        "provisioningState": "Succeeded",
    }


def _storage_child(kind: str, name_key: str) -> ComputedState:
    """Sub-resources of a storage account (`blobServices/default`, `managementPolicies/default`)."""

    def computed(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
        name = state.get(name_key) or "default"
        return {
            "id": _azure_id("Microsoft.Storage", state, f"storageAccounts/{state['accountName']}/{kind}", name),
            "name": name,
        }

    return computed


def _azure_container(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["containerName"]
    path = f"storageAccounts/{state['accountName']}/blobServices/default/containers"
    return {"id": _azure_id("Microsoft.Storage", state, path, name), "name": name}


def _azure_object_replication(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    # On the destination account (`default`) Azure assigns the policy id and one id per rule; the
    # source account's policy repeats them.
    given = state.get("objectReplicationPolicyId") or "default"
    policy_id = stable_uuid("or-policy", args.name) if given == "default" else given
    rules = [
        {**rule, "ruleId": rule.get("ruleId") or stable_uuid("or-rule", policy_id, rule["sourceContainer"])}
        for rule in state.get("rules") or []
    ]
    path = f"storageAccounts/{state['accountName']}/objectReplicationPolicies"
    return {
        "id": _azure_id("Microsoft.Storage", state, path, policy_id),
        "name": policy_id,
        "policyId": policy_id,
        "rules": rules,
        "enabledTime": "2026-01-01T00:00:00Z",
    }


COMPUTED: dict[str, ComputedState] = {
    "azure-native:resources:ResourceGroup": _azure_group,
    "azure-native:keyvault:Vault": _azure_vault,
    "azure-native:keyvault:Key": _azure_key,
    "azure-native:managedidentity:UserAssignedIdentity": _azure_identity,
    "azure-native:authorization:RoleAssignment": _azure_role_assignment,
    "azure-native:storage:StorageAccount": _azure_storage_account,
    "azure-native:storage:BlobServiceProperties": _storage_child("blobServices", "blobServicesName"),
    "azure-native:storage:ManagementPolicy": _storage_child("managementPolicies", "managementPolicyName"),
    "azure-native:storage:BlobContainer": _azure_container,
    "azure-native:storage:ObjectReplicationPolicy": _azure_object_replication,
}

INVOKES: dict[str, Any] = {}
