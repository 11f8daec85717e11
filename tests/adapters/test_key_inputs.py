"""Exact provider inputs of each cloud's keys: names, enums and bounds a deploy depends on."""

from __future__ import annotations

from tests.conftest import render_plan
from tests.plans import named, resources


def test_aws_primary_is_a_rotating_multi_region_key() -> None:
    """AWS: symmetric multi-Region key, rotation at rotationDays, 30-day window, protected."""
    key = named(render_plan("aws", {"keys": {"rotationDays": 180, "deletionWindowDays": 21}}), "keys-primary")
    assert key["type"] == "aws:kms/key:Key"
    inputs = key["inputs"]
    assert inputs["multiRegion"] is True
    assert inputs["enableKeyRotation"] is True
    assert inputs["rotationPeriodInDays"] == 180
    assert inputs["deletionWindowInDays"] == 21
    assert inputs["keyUsage"] == "ENCRYPT_DECRYPT"
    assert inputs["customerMasterKeySpec"] == "SYMMETRIC_DEFAULT"
    assert "bypassPolicyLockoutSafetyCheck" not in inputs


def test_aws_replica_key_lives_in_dr_region_with_same_alias() -> None:
    """AWS: kms.ReplicaKey of the primary in drRegion, and the same alias name in both regions."""
    plan = render_plan("aws")
    primary, replica = named(plan, "keys-primary"), named(plan, "keys-replica")
    assert replica["type"] == "aws:kms/replicaKey:ReplicaKey"
    assert replica["inputs"]["region"] == "ap-southeast-3"
    assert replica["inputs"]["primaryKeyArn"] == plan["outputs"]["keys"]["keyId"]
    assert primary["urn"] in replica["dependsOn"]
    aliases = {a["name"]: a["inputs"] for a in resources(plan, "aws:kms/alias:Alias")}
    assert aliases["keys-primary-alias"]["name"] == aliases["keys-replica-alias"]["name"]
    assert aliases["keys-primary-alias"]["name"] == "alias/corridor-aws-ap-southeast-1-keys"
    assert aliases["keys-replica-alias"]["region"] == "ap-southeast-3"
    assert "region" not in aliases["keys-primary-alias"]


def test_gcp_key_rings_and_keys_per_region() -> None:
    """GCP: a ring and a GOOGLE_SYMMETRIC_ENCRYPTION key per region, rotation in seconds."""
    plan = render_plan("gcp", {"keys": {"rotationDays": 365, "deletionWindowDays": 14}})
    rings = {r["name"]: r["inputs"] for r in resources(plan, "gcp:kms/keyRing:KeyRing")}
    assert rings["keys-primary-ring"] == {
        "location": "asia-southeast1",
        "name": "corridor-gcp-asia-southeast1-keys",
        "project": "corridor-prod-apac",
    }
    assert rings["keys-replica-ring"]["location"] == "asia-southeast2"
    for name in ("keys-primary", "keys-replica"):
        inputs = named(plan, name)["inputs"]
        assert inputs["purpose"] == "ENCRYPT_DECRYPT"
        assert inputs["rotationPeriod"] == "31536000s"
        assert inputs["destroyScheduledDuration"] == "1209600s"
        assert inputs["versionTemplate"] == {"algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION", "protectionLevel": "SOFTWARE"}
        assert inputs["deletionPolicy"] == "PREVENT"
    assert named(plan, "keys-replica")["inputs"]["keyRing"].startswith(
        "projects/corridor-prod-apac/locations/asia-southeast2/keyRings/"
    )


def test_azure_vaults_are_rbac_purge_protected_and_keys_rotate() -> None:
    """Azure: RBAC vault per region with purge protection; RSA key with a rotate action."""
    plan = render_plan("azure", {"keys": {"rotationDays": 120, "deletionWindowDays": 30}})
    vaults = {v["name"]: v["inputs"] for v in resources(plan, "azure-native:keyvault:Vault")}
    assert vaults["keys-primary-vault"]["location"] == "uaenorth"
    assert vaults["keys-replica-vault"]["location"] == "uaecentral"
    for vault in vaults.values():
        properties = vault["properties"]
        assert properties["enablePurgeProtection"] is True
        assert properties["enableSoftDelete"] is True
        assert properties["enableRbacAuthorization"] is True
        assert properties["softDeleteRetentionInDays"] == 30
        assert properties["tenantId"] == "11111111-1111-1111-1111-111111111111"
        assert properties["sku"] == {"family": "A", "name": "standard"}
        assert properties["networkAcls"] == {"bypass": "AzureServices", "defaultAction": "Allow"}
        assert vault["resourceGroupName"] == "corridor-uaenorth"
    key = named(plan, "keys-primary")["inputs"]["properties"]
    assert key["kty"] == "RSA"
    assert key["keySize"] == 3072
    # wrap/unwrap for storage, encrypt/decrypt for the AKS KMS plugin.
    assert key["keyOps"] == ["wrapKey", "unwrapKey", "encrypt", "decrypt"]
    # Versions never expire: AKS KMS pins one version and must not lose it.
    assert key["rotationPolicy"] == {
        "lifetimeActions": [{"action": {"type": "rotate"}, "trigger": {"timeAfterCreate": "P120D"}}],
    }


def test_azure_resource_group_is_protected() -> None:
    """Deleting a resource group deletes its vaults, so the group is protected and retained."""
    group = named(render_plan("azure"), "region-resource-group")
    assert (group["protect"], group["retainOnDelete"]) == (True, True)
    assert group["inputs"]["resourceGroupName"] == "corridor-uaenorth"
