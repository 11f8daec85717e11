"""Azure recovery stack (`azure-uaecentral-dr`, from `azure-uaenorth`): the source's DR-region
vault, key, storage account and containers adopted by their ARM ids, read in a drill, imported
with the source's inputs in a failover, and replicated onward to a third region."""

from __future__ import annotations

from typing import Any

import pytest

from corridor.mockcloud import azure as mock_azure
from corridor.mockcloud.common import Graph, Registration
from tests.conftest import render_plan, render_recovery
from tests.plans import named, resources

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
SOURCE_GROUP_ID = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/corridor-uaenorth"
OWN_GROUP_ID = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/corridor-uaenorth-dr"

# The source's DR-region (uaecentral) vault and account, named with the source's scope
# (`corridor/azure-uaenorth`): the names `azure-uaenorth`'s own plan gives its replica side.
VAULT = "kv-uaecentral-1bcb527d"
ACCOUNT = "stuaecentral993d4523"
VAULT_ID = f"{SOURCE_GROUP_ID}/providers/Microsoft.KeyVault/vaults/{VAULT}"
KEY_ID = f"{VAULT_ID}/keys/corridor-data"
KEY_URI = f"https://{VAULT}.vault.azure.net/keys/corridor-data"
ACCOUNT_ID = f"{SOURCE_GROUP_ID}/providers/Microsoft.Storage/storageAccounts/{ACCOUNT}"
BLOB_SERVICE_ID = f"{ACCOUNT_ID}/blobServices/default"
IDENTITY_ID = (
    f"{SOURCE_GROUP_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/corridor-storage-uaecentral"
)
OWN_SUBNET_ID = f"{OWN_GROUP_ID}/providers/Microsoft.Network/virtualNetworks/corridor-vnet/subnets/nodes"
SOURCE_WORKSPACE_ID = f"{SOURCE_GROUP_ID}/providers/Microsoft.OperationalInsights/workspaces/corridor-aks-logs"
OWN_WORKSPACE_ID = f"{OWN_GROUP_ID}/providers/Microsoft.OperationalInsights/workspaces/corridor-aks-logs"

BUCKETS = ("checkpoints", "weights")
THIRD_REGION = "qatarcentral"
"""Onward replication target: neither the lost region (uaenorth) nor this stack's (uaecentral);
`azure-uaenorth` sets no `corridor:residency`, so any catalog region is allowed."""

FAILOVER = {"recoveryMode": "failover"}
ONWARD = {"recoveryMode": "failover", "drRegion": THIRD_REGION}

ADOPTED_IDS = {
    "keys-primary-vault": VAULT_ID,
    "keys-primary": KEY_ID,
    "storage-primary-account": ACCOUNT_ID,
    **{f"storage-{bucket}-primary": f"{BLOB_SERVICE_ID}/containers/{bucket}" for bucket in BUCKETS},
}
"""Every resource a drill reads: this stack's logical name -> the source resource's ARM id."""

SOURCE_NAME = {
    "keys-primary-vault": "keys-replica-vault",
    "keys-primary": "keys-replica",
    "storage-primary-account": "storage-replica-account",
    "storage-primary-blob-service": "storage-replica-blob-service",
    "storage-primary-lifecycle": "storage-replica-lifecycle",
    **{f"storage-{bucket}-primary": f"storage-{bucket}-replica" for bucket in BUCKETS},
}
"""This stack's logical name of an adopted resource -> the source's logical name of it."""

DATA_TYPES = (
    "azure-native:keyvault:Vault",
    "azure-native:keyvault:Key",
    "azure-native:storage:StorageAccount",
    "azure-native:storage:BlobContainer",
    "azure-native:storage:BlobServiceProperties",
    "azure-native:storage:ManagementPolicy",
    "azure-native:storage:ObjectReplicationPolicy",
)


def _strings(value: Any) -> list[str]:
    """Every string anywhere in `value`."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _referencing(plan: dict[str, Any], resource_id: str) -> set[str]:
    """Logical names of the resources this stack registers itself (not adopted) whose inputs
    name `resource_id` or anything under it."""
    return {
        r["name"]
        for r in plan["resources"]
        if "adopted" not in r and any(s.startswith(resource_id) for s in _strings(r["inputs"]))
    }


def test_drill_reads_the_sources_dr_vault_key_account_and_containers_by_arm_id() -> None:
    """Every adopted resource is a `get` of the ARM id spelled from the names the source's own
    plan gives its uaecentral vault, key, account and containers, in the source's group."""
    plan = render_recovery("azure")
    source = render_plan("azure")
    assert named(source, "keys-replica-vault")["inputs"]["vaultName"] == VAULT
    assert named(source, "keys-replica")["inputs"]["keyName"] == "corridor-data"
    assert named(source, "storage-replica-account")["inputs"]["accountName"] == ACCOUNT
    assert named(source, "storage-replica-account")["inputs"]["resourceGroupName"] == "corridor-uaenorth"
    for bucket in BUCKETS:
        assert named(source, f"storage-{bucket}-replica")["inputs"]["containerName"] == bucket
    adopted = {r["name"]: r for r in plan["resources"] if "adopted" in r}
    assert {name: (r["adopted"], r["adoptedId"]) for name, r in adopted.items()} == {
        name: ("read", resource_id) for name, resource_id in ADOPTED_IDS.items()
    }
    for resource in adopted.values():
        # A read is recorded as external: no option of this stack applies to it.
        assert (resource["protect"], resource["retainOnDelete"], resource["inputs"]) == (False, False, {})


def test_drill_creates_no_key_or_data_resource_and_touches_no_account() -> None:
    """No registration of a key, vault or storage type that is not a read, and nothing of this
    stack names the adopted account (no setting, role, policy or log on data a drill does not
    own). The only resources of this stack naming the adopted vault are the cluster's own:
    its KMS grant, and the node disk encryption set and that set's grant."""
    plan = render_recovery("azure")
    created = [r["name"] for r in plan["resources"] if r["type"] in DATA_TYPES and "adopted" not in r]
    assert created == []
    assert _referencing(plan, ACCOUNT_ID) == set()
    assert not [
        r for r in resources(plan, "azure-native:managedidentity:UserAssignedIdentity") if "storage" in r["name"]
    ]
    assert _referencing(plan, VAULT_ID) == {
        "cluster-key-access",
        "cluster-disk-encryption",
        "cluster-disk-encryption-key-access",
    }


def test_drill_outputs_the_adopted_copy_with_nothing_replicated() -> None:
    """Primary = the adopted container in uaecentral, encrypted with the adopted key, logged by
    the source's diagnostic setting to the source's workspace; no replica, replication `none`;
    the replica key is the adopted key itself."""
    plan = render_recovery("azure")
    for bucket in BUCKETS:
        assert plan["outputs"]["storage"]["buckets"][bucket] == {
            "primaryName": f"{ACCOUNT}/{bucket}",
            "primaryUrl": f"https://{ACCOUNT}.blob.core.windows.net/{bucket}",
            "primaryRegion": "uaecentral",
            "primaryKeyId": KEY_URI,
            "replicaName": None,
            "replicaUrl": None,
            "replicaRegion": None,
            "replicaKeyId": None,
            "primaryAccessLog": SOURCE_WORKSPACE_ID,
            "replicaAccessLog": None,
            "replication": "none",
            "rpo": "none",
        }
    keys = plan["outputs"]["keys"]
    assert (keys["keyId"], keys["keyRegion"]) == (KEY_URI, "uaecentral")
    assert (keys["replicaKeyId"], keys["replicaKeyRegion"]) == (KEY_URI, "uaecentral")


@pytest.mark.parametrize("edits", [{}, FAILOVER], ids=["drill", "failover"])
def test_cluster_secrets_and_node_disks_use_the_adopted_key(edits: dict[str, Any]) -> None:
    """AKS KMS encrypts Secrets with a version of the adopted key, the disk encryption set is
    built on it in the adopted vault, and the cluster's grants are on that vault."""
    plan = render_recovery("azure", edits)
    kms = named(plan, "cluster-aks")["inputs"]["securityProfile"]["azureKeyVaultKms"]
    assert kms["enabled"] is True
    # `<versionless key URI>/<version>`: AKS KMS names one version of the adopted key.
    assert kms["keyId"].rpartition("/")[0] == KEY_URI
    assert kms["keyId"].rpartition("/")[2]
    active = named(plan, "cluster-disk-encryption")["inputs"]["activeKey"]
    assert active["sourceVault"] == {"id": VAULT_ID}
    assert active["keyUrl"] == kms["keyId"]
    for grant in ("cluster-key-access", "cluster-disk-encryption-key-access"):
        assert named(plan, grant)["inputs"]["scope"] == VAULT_ID
    assert plan["outputs"]["cluster"]["secretsKeyId"] == KEY_URI
    assert plan["outputs"]["cluster"]["nodeDisks"]["keyId"] == KEY_URI


def test_failover_imports_under_the_drills_urns_protected_with_the_sources_inputs() -> None:
    """Same URNs as the drill's reads (drill to failover is an import of an external resource,
    never a delete), `adopted: import` of the same ids, protect and retainOnDelete, and the
    inputs the source declared, so the import shows no update; the one deliberate difference is
    the account's network rules, which also admit this stack's node subnet."""
    drill = render_recovery("azure")
    plan = render_recovery("azure", FAILOVER)
    source = render_plan("azure")
    for name, resource_id in ADOPTED_IDS.items():
        resource = named(plan, name)
        assert resource["urn"] == named(drill, name)["urn"], name
        assert (resource["adopted"], resource["adoptedId"]) == ("import", resource_id), name
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True), name
    for name, source_name in SOURCE_NAME.items():
        inputs, declared = named(plan, name)["inputs"], named(source, source_name)["inputs"]
        if name == "storage-primary-account":
            assert declared["networkRuleSet"]["virtualNetworkRules"] == []
            assert inputs["networkRuleSet"] == {
                **declared["networkRuleSet"],
                "virtualNetworkRules": [{"virtualNetworkResourceId": OWN_SUBNET_ID, "action": "Allow"}],
            }
            inputs, declared = (
                {k: v for k, v in inputs.items() if k != "networkRuleSet"},
                {k: v for k, v in declared.items() if k != "networkRuleSet"},
            )
        assert inputs == declared, name
    account = named(plan, "storage-primary-account")["inputs"]
    assert account["encryption"]["encryptionIdentity"] == {"encryptionUserAssignedIdentity": IDENTITY_ID}
    assert account["encryption"]["keyVaultProperties"] == {
        "keyName": "corridor-data",
        "keyVaultUri": f"https://{VAULT}.vault.azure.net/",
    }
    assert account["tags"]["stack"] == "azure-uaenorth"


def test_failover_imports_the_account_settings_and_logs_access_to_this_stacks_workspace() -> None:
    """Blob service settings and lifecycle policy are imported from their fixed ids (protected
    and retained, so destroying this stack resets nothing); a diagnostic setting of this stack's
    own, beside the source's, sends blob access logs to this stack's workspace."""
    plan = render_recovery("azure", FAILOVER)
    settings = {
        "storage-primary-blob-service": BLOB_SERVICE_ID,
        "storage-primary-lifecycle": f"{ACCOUNT_ID}/managementPolicies/default",
    }
    for name, resource_id in settings.items():
        resource = named(plan, name)
        assert (resource["adopted"], resource["adoptedId"]) == ("import", resource_id)
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True)
    log = named(plan, "storage-primary-access-log")
    assert "adopted" not in log
    assert log["inputs"] == {
        "name": "corridor-access-log-azure-uaecentral-dr",
        "resourceUri": BLOB_SERVICE_ID,
        "workspaceId": OWN_WORKSPACE_ID,
        "logs": [
            {"category": "StorageRead", "enabled": True},
            {"category": "StorageWrite", "enabled": True},
            {"category": "StorageDelete", "enabled": True},
        ],
    }
    for bucket in BUCKETS:
        out = plan["outputs"]["storage"]["buckets"][bucket]
        assert out["primaryAccessLog"] == OWN_WORKSPACE_ID


def test_failover_without_onward_replicates_nowhere() -> None:
    """Without its own drRegion the stack makes no replica key, account or policy: its drRegion
    is the lost region, where failback goes."""
    plan = render_recovery("azure", FAILOVER)
    names = {r["name"] for r in plan["resources"]}
    assert not {n for n in names if n.startswith(("keys-replica", "storage-replica"))}
    assert resources(plan, "azure-native:storage:ObjectReplicationPolicy") == []
    out = plan["outputs"]["storage"]["buckets"]["weights"]
    assert (out["replication"], out["rpo"], out["replicaName"]) == ("none", "none", None)
    assert plan["outputs"]["keys"]["replicaKeyId"] == KEY_URI


def test_drill_to_failover_removes_nothing() -> None:
    """Every URN of the drill is still there in failover: the switch deletes nothing."""
    drill = {r["urn"] for r in render_recovery("azure")["resources"]}
    failover = {r["urn"] for r in render_recovery("azure", FAILOVER)["resources"]}
    assert drill <= failover


def test_onward_failover_replicates_the_adopted_account_to_a_third_region() -> None:
    """With its own drRegion, failover builds a protected vault, key and account of this stack's
    own in the third region (this stack's group and names), and object replication from the
    adopted account: the destination policy on the new account, the source policy on the
    adopted one in the source's group."""
    plan = render_recovery("azure", ONWARD)
    vault = named(plan, "keys-replica-vault")
    assert "adopted" not in vault
    assert (vault["protect"], vault["retainOnDelete"]) == (True, True)
    assert vault["inputs"]["location"] == THIRD_REGION
    assert vault["inputs"]["resourceGroupName"] == "corridor-uaenorth-dr"
    assert vault["inputs"]["tags"]["stack"] == "azure-uaecentral-dr"
    # Named with this stack's scope (`corridor/azure-uaecentral-dr`), not the source's.
    replica_vault = vault["inputs"]["vaultName"]
    assert replica_vault == "kv-qatarcentral-a1e35c11"
    account = named(plan, "storage-replica-account")
    assert "adopted" not in account
    assert (account["protect"], account["retainOnDelete"]) == (True, True)
    inputs = account["inputs"]
    assert (inputs["location"], inputs["resourceGroupName"]) == (THIRD_REGION, "corridor-uaenorth-dr")
    assert inputs["sku"] == {"name": "Standard_ZRS"}
    assert inputs["encryption"]["keyVaultProperties"]["keyVaultUri"] == f"https://{replica_vault}.vault.azure.net/"
    replica_id = f"{OWN_GROUP_ID}/providers/Microsoft.Storage/storageAccounts/{inputs['accountName']}"
    destination = named(plan, "storage-replication-destination")["inputs"]
    assert destination == {
        "accountName": inputs["accountName"],
        "resourceGroupName": "corridor-uaenorth-dr",
        "objectReplicationPolicyId": "default",
        "sourceAccount": ACCOUNT_ID,
        "destinationAccount": replica_id,
        "rules": [{"sourceContainer": bucket, "destinationContainer": bucket} for bucket in BUCKETS],
    }
    source_policy = named(plan, "storage-replication-source")
    assert (source_policy["protect"], source_policy["retainOnDelete"]) == (True, True)
    assert source_policy["inputs"]["accountName"] == ACCOUNT
    assert source_policy["inputs"]["resourceGroupName"] == "corridor-uaenorth"
    assert (source_policy["inputs"]["sourceAccount"], source_policy["inputs"]["destinationAccount"]) == (
        ACCOUNT_ID,
        replica_id,
    )
    # Replication waits for the adopted account's imported settings and containers.
    for name in ("storage-primary-blob-service", "storage-checkpoints-primary", "storage-weights-replica"):
        assert named(plan, name)["urn"] in source_policy["dependsOn"]
    out = plan["outputs"]["storage"]["buckets"]["checkpoints"]
    assert (out["primaryName"], out["primaryRegion"]) == (f"{ACCOUNT}/checkpoints", "uaecentral")
    assert (out["replicaName"], out["replicaRegion"]) == (f"{inputs['accountName']}/checkpoints", THIRD_REGION)
    assert (out["replication"], out["rpo"]) == ("azure-object-replication", "none-documented")
    keys = plan["outputs"]["keys"]
    assert (keys["keyId"], keys["replicaKeyRegion"]) == (KEY_URI, THIRD_REGION)
    assert keys["replicaKeyId"] == f"https://{replica_vault}.vault.azure.net/keys/corridor-data"
    assert out["replicaKeyId"] == keys["replicaKeyId"]


def test_onward_drill_still_replicates_nowhere() -> None:
    """A drill with its own drRegion reads the same resources and creates no replica."""
    plan = render_recovery("azure", {"drRegion": THIRD_REGION})
    assert {r["name"]: r.get("adoptedId") for r in plan["resources"] if "adopted" in r} == ADOPTED_IDS
    assert [r["name"] for r in plan["resources"] if r["type"] in DATA_TYPES and "adopted" not in r] == []


def test_mock_refuses_an_import_whose_id_is_not_the_resource_its_inputs_name() -> None:
    """The mock cloud reads an existing resource's names from its ARM id, and an import whose id
    and inputs disagree fails, so an adopted id in a plan names exactly what its inputs declare."""
    from pulumi.runtime.mocks import MockResourceArgs

    answer = mock_azure.COMPUTED["azure-native:storage:StorageAccount"]
    provider = {"subscriptionId": SUBSCRIPTION, "location": "uaecentral"}

    def registration(inputs: dict[str, Any], resource_id: str) -> Registration:
        args = MockResourceArgs(
            typ="azure-native:storage:StorageAccount", name="a", inputs=inputs, provider="", resource_id=resource_id
        )
        return Registration(args, "uaecentral", provider, Graph())

    read = answer(registration({}, ACCOUNT_ID), {})
    assert (read["id"], read["name"]) == (ACCOUNT_ID, ACCOUNT)
    assert read["primaryEndpoints"]["blob"] == f"https://{ACCOUNT}.blob.core.windows.net/"
    inputs = {"accountName": "stother", "resourceGroupName": "corridor-uaenorth"}
    with pytest.raises(LookupError, match="is not the resource its inputs name"):
        answer(registration(inputs, ACCOUNT_ID), dict(inputs))
