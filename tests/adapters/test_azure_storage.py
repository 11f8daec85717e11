"""Exact provider inputs of Azure replicated storage: accounts, key access, blob settings, replication."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import render_plan
from tests.plans import named, resources

BUCKETS = {"buckets": [{"name": "checkpoints"}, {"name": "weights"}]}
SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
GROUP_ID = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/corridor-uaenorth"
SUBNET_ID = f"{GROUP_ID}/providers/Microsoft.Network/virtualNetworks/corridor-vnet/subnets/nodes"
WORKSPACE_ID = f"{GROUP_ID}/providers/Microsoft.OperationalInsights/workspaces/corridor-aks-logs"
CRYPTO_USER = (
    f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/"
    "e147488a-f6f5-4113-8e2d-b22465e65bf6"
)


def _plan(**storage: Any) -> dict[str, Any]:
    return render_plan("azure", {"storage": {**BUCKETS, **storage}})


def _vaults(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["name"]: v for v in resources(plan, "azure-native:keyvault:Vault")}


def _account_id(plan: dict[str, Any], role: str) -> str:
    name = named(plan, f"storage-{role}-account")["inputs"]["accountName"]
    return f"{GROUP_ID}/providers/Microsoft.Storage/storageAccounts/{name}"


def test_accounts_are_hardened_storage_v2_with_zone_aware_skus() -> None:
    """Both accounts: StorageV2/Hot, HTTPS + TLS 1.2 only, no public blobs, no shared keys, no
    cross-tenant replication; ZRS in uaenorth (zones), LRS in uaecentral (no zones)."""
    plan = _plan()
    primary = named(plan, "storage-primary-account")["inputs"]
    replica = named(plan, "storage-replica-account")["inputs"]
    assert (primary["location"], primary["sku"]) == ("uaenorth", {"name": "Standard_ZRS"})
    assert (replica["location"], replica["sku"]) == ("uaecentral", {"name": "Standard_LRS"})
    for inputs in (primary, replica):
        assert inputs["kind"] == "StorageV2"
        assert inputs["accessTier"] == "Hot"
        assert inputs["enableHttpsTrafficOnly"] is True
        assert inputs["minimumTlsVersion"] == "TLS1_2"
        assert inputs["allowBlobPublicAccess"] is False
        assert inputs["allowSharedKeyAccess"] is False
        assert inputs["allowCrossTenantReplication"] is False
        assert inputs["publicNetworkAccess"] == "Enabled"
        assert inputs["resourceGroupName"] == "corridor-uaenorth"
        assert inputs["tags"]["managed-by"] == "corridor"
        name = inputs["accountName"]
        assert re.fullmatch(r"[a-z0-9]{3,24}", name), name
    assert primary["accountName"] != replica["accountName"]


def test_accounts_encrypt_with_their_regions_key_through_a_user_assigned_identity() -> None:
    """CMK from the same region's vault, versionless (auto-rotation), infrastructure encryption,
    and the account's one user-assigned identity as the encryption identity."""
    plan = _plan()
    vaults = _vaults(plan)
    for role in ("primary", "replica"):
        inputs = named(plan, f"storage-{role}-account")["inputs"]
        vault_name = vaults[f"keys-{role}-vault"]["inputs"]["vaultName"]
        identity = named(plan, f"storage-{role}-identity")["inputs"]
        identity_id = (
            f"{GROUP_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{identity['resourceName']}"
        )
        assert inputs["encryption"] == {
            "keySource": "Microsoft.Keyvault",
            "requireInfrastructureEncryption": True,
            "keyVaultProperties": {
                "keyName": named(plan, f"keys-{role}")["inputs"]["keyName"],
                "keyVaultUri": f"https://{vault_name}.vault.azure.net/",
            },
            "encryptionIdentity": {"encryptionUserAssignedIdentity": identity_id},
        }
        assert inputs["identity"] == {"type": "UserAssigned", "userAssignedIdentities": [identity_id]}
        assert identity["location"] == inputs["location"]


def test_identities_hold_crypto_service_encryption_user_on_their_vault() -> None:
    """Role e147488a (Key Vault Crypto Service Encryption User), ServicePrincipal, vault scope,
    a deterministic uuid name, and the account waits for the assignment."""
    plan = _plan()
    vaults = _vaults(plan)
    for role in ("primary", "replica"):
        assignment = named(plan, f"storage-{role}-key-access")
        inputs = assignment["inputs"]
        assert inputs["roleDefinitionId"] == CRYPTO_USER
        assert inputs["principalType"] == "ServicePrincipal"
        vault_name = vaults[f"keys-{role}-vault"]["inputs"]["vaultName"]
        assert inputs["scope"] == f"{GROUP_ID}/providers/Microsoft.KeyVault/vaults/{vault_name}"
        assert len(inputs["roleAssignmentName"]) == 36
        assert inputs["principalId"]
        assert assignment["urn"] in named(plan, f"storage-{role}-account")["dependsOn"]
    again = render_plan("azure", {"storage": {**BUCKETS, "softDeleteDays": 8}})
    assert (
        named(again, "storage-primary-key-access")["inputs"]["roleAssignmentName"]
        == (named(plan, "storage-primary-key-access")["inputs"]["roleAssignmentName"])
    )


def test_blob_service_versioning_change_feed_and_soft_delete() -> None:
    """Versioning and change feed on both accounts (replication needs them), soft delete of blobs
    and containers for softDeleteDays."""
    plan = _plan(softDeleteDays=14)
    for role in ("primary", "replica"):
        inputs = named(plan, f"storage-{role}-blob-service")["inputs"]
        assert inputs == {
            "accountName": named(plan, f"storage-{role}-account")["inputs"]["accountName"],
            "resourceGroupName": "corridor-uaenorth",
            "blobServicesName": "default",
            "isVersioningEnabled": True,
            "changeFeed": {"enabled": True, "retentionInDays": 14},
            "deleteRetentionPolicy": {"enabled": True, "days": 14},
            "containerDeleteRetentionPolicy": {"enabled": True, "days": 14},
        }


def test_lifecycle_deletes_previous_versions_after_noncurrent_days() -> None:
    """One lifecycle rule per account deletes block-blob versions older than noncurrentVersionDays."""
    plan = _plan(noncurrentVersionDays=45)
    for role in ("primary", "replica"):
        inputs = named(plan, f"storage-{role}-lifecycle")["inputs"]
        assert inputs["managementPolicyName"] == "default"
        assert inputs["policy"] == {
            "rules": [
                {
                    "name": "expire-previous-versions",
                    "enabled": True,
                    "type": "Lifecycle",
                    "definition": {
                        "filters": {"blobTypes": ["blockBlob"]},
                        "actions": {"version": {"delete": {"daysAfterCreationGreaterThan": 45}}},
                    },
                }
            ]
        }


def test_private_containers_on_both_accounts() -> None:
    """Each bucket is a private container of the same name in the primary and the replica account."""
    plan = _plan()
    for role in ("primary", "replica"):
        account = named(plan, f"storage-{role}-account")["inputs"]["accountName"]
        for bucket in ("checkpoints", "weights"):
            inputs = named(plan, f"storage-{bucket}-{role}")["inputs"]
            assert inputs == {
                "accountName": account,
                "resourceGroupName": "corridor-uaenorth",
                "containerName": bucket,
                "publicAccess": "None",
            }


def test_object_replication_destination_first_then_source_with_its_ids() -> None:
    """Destination policy `default` with full account ids and one rule per container; the source
    policy repeats it with the policy id and rule ids Azure assigned, after the destination's."""
    plan = _plan()
    source_id, destination_id = _account_id(plan, "primary"), _account_id(plan, "replica")
    destination = named(plan, "storage-replication-destination")
    source = named(plan, "storage-replication-source")
    assert destination["inputs"] == {
        "accountName": named(plan, "storage-replica-account")["inputs"]["accountName"],
        "resourceGroupName": "corridor-uaenorth",
        "objectReplicationPolicyId": "default",
        "sourceAccount": source_id,
        "destinationAccount": destination_id,
        "rules": [
            {"sourceContainer": "checkpoints", "destinationContainer": "checkpoints"},
            {"sourceContainer": "weights", "destinationContainer": "weights"},
        ],
    }
    inputs = source["inputs"]
    assert inputs["accountName"] == named(plan, "storage-primary-account")["inputs"]["accountName"]
    assert (inputs["sourceAccount"], inputs["destinationAccount"]) == (source_id, destination_id)
    assert inputs["objectReplicationPolicyId"] not in ("", "default")
    assert [(r["sourceContainer"], r["destinationContainer"]) for r in inputs["rules"]] == [
        ("checkpoints", "checkpoints"),
        ("weights", "weights"),
    ]
    assert all(r["ruleId"] for r in inputs["rules"])
    assert len({r["ruleId"] for r in inputs["rules"]}) == 2
    assert destination["urn"] in source["dependsOn"]
    for policy in (destination, source):
        for role in ("primary", "replica"):
            assert named(plan, f"storage-{role}-blob-service")["urn"] in policy["dependsOn"]
            assert named(plan, f"storage-checkpoints-{role}")["urn"] in policy["dependsOn"]


def test_accounts_containers_and_policies_are_protected_and_retained() -> None:
    """Losing an account, a container or a replication policy loses data or its DR copy."""
    plan = _plan()
    stateful = [
        "storage-primary-account",
        "storage-replica-account",
        "storage-checkpoints-primary",
        "storage-checkpoints-replica",
        "storage-weights-primary",
        "storage-weights-replica",
        "storage-replication-destination",
        "storage-replication-source",
    ]
    for name in stateful:
        resource = named(plan, name)
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True), name


def test_plan_outputs_name_the_construction_and_rpo() -> None:
    """storage.buckets.<name>: both regions, blob URLs, keys, object replication, no documented RPO."""
    plan = _plan()
    buckets = plan["outputs"]["storage"]["buckets"]
    primary = named(plan, "storage-primary-account")["inputs"]["accountName"]
    replica = named(plan, "storage-replica-account")["inputs"]["accountName"]
    for bucket in ("checkpoints", "weights"):
        out = buckets[bucket]
        assert out["replication"] == "azure-object-replication"
        assert out["rpo"] == "none-documented"
        assert (out["primaryRegion"], out["replicaRegion"]) == ("uaenorth", "uaecentral")
        assert out["primaryName"] == f"{primary}/{bucket}"
        assert out["replicaName"] == f"{replica}/{bucket}"
        assert out["primaryUrl"] == f"https://{primary}.blob.core.windows.net/{bucket}"
        assert out["replicaUrl"] == f"https://{replica}.blob.core.windows.net/{bucket}"
        assert out["primaryKeyId"] == plan["outputs"]["keys"]["keyId"]
        assert out["replicaKeyId"] == plan["outputs"]["keys"]["replicaKeyId"]
        assert (out["primaryAccessLog"], out["replicaAccessLog"]) == (WORKSPACE_ID, WORKSPACE_ID)


def test_without_replication_only_the_primary_exists() -> None:
    """storage.replication false: one account, no replica resources, replication and rpo `none`."""
    plan = _plan(replication=False)
    names = {r["name"] for r in plan["resources"]}
    assert "storage-primary-account" in names
    assert not {n for n in names if n.startswith("storage-") and ("replica" in n or "replication" in n)}
    out = plan["outputs"]["storage"]["buckets"]["checkpoints"]
    assert (out["replication"], out["rpo"], out["replicaRegion"]) == ("none", "none", None)
    assert (out["primaryAccessLog"], out["replicaAccessLog"]) == (WORKSPACE_ID, None)


def test_example_stack_renders_storage_and_empty_buckets_render_none() -> None:
    """The example stack (project defaults: checkpoints, weights) gets both accounts; with no
    buckets no storage resource exists at all."""
    assert len(resources(render_plan("azure"), "azure-native:storage:StorageAccount")) == 2
    empty = render_plan("azure", {"storage": {"buckets": []}})
    assert [r for r in empty["resources"] if r["type"].startswith("azure-native:storage:")] == []


def test_accounts_deny_by_default_and_admit_the_cluster_subnet_on_the_primary() -> None:
    """S10: both accounts deny network traffic by default and admit trusted Azure services
    (object replication is a service-side copy); the primary admits the cluster's node subnet,
    the replica (written only by replication) no subnet. publicNetworkAccess stays Enabled so
    these selected-network rules apply."""
    plan = _plan()
    primary = named(plan, "storage-primary-account")["inputs"]
    replica = named(plan, "storage-replica-account")["inputs"]
    assert primary["networkRuleSet"] == {
        "defaultAction": "Deny",
        "bypass": "AzureServices",
        "virtualNetworkRules": [{"virtualNetworkResourceId": SUBNET_ID, "action": "Allow"}],
    }
    assert replica["networkRuleSet"] == {"defaultAction": "Deny", "bypass": "AzureServices", "virtualNetworkRules": []}
    assert (primary["publicNetworkAccess"], replica["publicNetworkAccess"]) == ("Enabled", "Enabled")
    subnet = named(plan, "region-nodes")
    assert subnet["urn"] in named(plan, "storage-primary-account")["dependsOn"]


def test_an_existing_subnet_is_admitted_as_given() -> None:
    """S10: with network.existingSubnetIds the primary account admits that subnet (which must
    already carry the Microsoft.Storage service endpoint)."""
    existing = "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks"
    plan = render_plan("azure", {"network": {"existingSubnetIds": [existing], "apiAccessCidrs": ["192.0.2.0/24"]}})
    rules = named(plan, "storage-primary-account")["inputs"]["networkRuleSet"]["virtualNetworkRules"]
    assert rules == [{"virtualNetworkResourceId": existing, "action": "Allow"}]


def test_every_blob_service_logs_reads_writes_and_deletes_to_the_workspace() -> None:
    """S8: a diagnostic setting on each account's blob service (`<account>/blobServices/default`)
    sends StorageRead, StorageWrite and StorageDelete to the stack's Log Analytics workspace."""
    plan = _plan()
    for role in ("primary", "replica"):
        setting = named(plan, f"storage-{role}-access-log")
        assert setting["type"] == "azure-native:monitor:DiagnosticSetting"
        assert setting["inputs"] == {
            "name": "corridor-access-log",
            "resourceUri": f"{_account_id(plan, role)}/blobServices/default",
            "workspaceId": WORKSPACE_ID,
            "logs": [
                {"category": "StorageRead", "enabled": True},
                {"category": "StorageWrite", "enabled": True},
                {"category": "StorageDelete", "enabled": True},
            ],
        }
