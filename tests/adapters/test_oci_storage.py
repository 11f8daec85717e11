"""Exact OCI inputs of keys and Object Storage (oci-me-jeddah-1, DR me-riyadh-1): a protected
virtual private vault and rotating AES-256 HSM key per region, protected versioned private
buckets encrypted with their region's key, one replication policy per bucket after its replica
exists, the IAM grants Object Storage needs scoped to the compartment and the keys, lifecycle
rules, and read and write access logs of every copy in its region's log group."""

from __future__ import annotations

import re
from typing import Any

from corridor.mockcloud.oci import vault_answer, vault_segment
from tests.conftest import render_plan
from tests.plans import named, resources

REGION, DR_REGION = "me-jeddah-1", "me-riyadh-1"
COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaa1111111111111111111111111111111111111111111111111111"
NAMESPACE = "ax6f7ae5554b"
"""The mock cloud's Object Storage namespace of the stack's compartment (`getNamespace`)."""
TAGS = {
    "cloud": "oracle_cloud",
    "cost-center": "ai-1234",
    "environment": "prod",
    "managed-by": "corridor",
    "purpose": "training",
    "region": REGION,
    "stack": "oci-me-jeddah-1",
    "team": "ml-platform",
}
BUCKETS = {
    ("checkpoints", "primary"): "corridor-oci-me-jeddah-1-checkpoints-primary-2bf0a0aa",
    ("checkpoints", "replica"): "corridor-oci-me-jeddah-1-checkpoints-replica-e9c03c7b",
    ("weights", "primary"): "corridor-oci-me-jeddah-1-weights-primary-d8d536f6",
    ("weights", "replica"): "corridor-oci-me-jeddah-1-weights-replica-6e3c803f",
}
"""Each copy's physical name: unique per tenancy namespace, hence the stack-scoped suffix."""
SIDES = {"primary": REGION, "replica": DR_REGION}
LOG_GROUPS = {
    "primary": ("storage-access-logs", "corridor-oci-me-jeddah-1-access-logs-me-jeddah-1-6b4cf7ed"),
    "replica": ("storage-access-logs-dr", "corridor-oci-me-jeddah-1-access-logs-me-riyadh-1-58eae256"),
}
"""Each side's access-log group: logical name and display name."""

VAULT = "oci:Kms/vault:Vault"
KEY = "oci:Kms/key:Key"
BUCKET = "oci:ObjectStorage/bucket:Bucket"
REPLICATION = "oci:ObjectStorage/replicationPolicy:ReplicationPolicy"
LIFECYCLE = "oci:ObjectStorage/objectLifecyclePolicy:ObjectLifecyclePolicy"
POLICY = "oci:Identity/policy:Policy"
LOG = "oci:Logging/log:Log"


def provider_region(resource: dict[str, Any]) -> str:
    """The region of the provider a resource is registered with: OCI resources have no region
    input, so the provider (named after its region by the adapter) is where it lives."""
    return str(resource["provider"]).rsplit("::", 1)[1].removeprefix("oci-")


def keys_of(plan: dict[str, Any]) -> dict[str, str]:
    """The key OCID of each side, as the stack exports them."""
    return {"primary": plan["outputs"]["keys"]["keyId"], "replica": plan["outputs"]["keys"]["replicaKeyId"]}


def test_each_region_has_a_protected_virtual_private_vault() -> None:
    """A VIRTUAL_PRIVATE vault per region (the only type whose keys rotate automatically), in the
    stack's compartment, created through that region's provider, protect and retainOnDelete."""
    plan = render_plan("oci")
    for side, region in SIDES.items():
        vault = named(plan, f"keys-{side}-vault")
        assert vault["type"] == VAULT
        assert vault["inputs"] == {
            "compartmentId": COMPARTMENT,
            "displayName": f"corridor-oci-me-jeddah-1-keys-{region}",
            "vaultType": "VIRTUAL_PRIVATE",
            "freeformTags": TAGS,
        }
        assert provider_region(vault) == region
        assert (vault["protect"], vault["retainOnDelete"]) == (True, True)
    assert len(resources(plan, VAULT)) == 2


def test_each_vault_holds_a_rotating_aes256_hsm_key() -> None:
    """AES, 32 bytes, HSM, rotating every keys.rotationDays, created through its vault's
    management endpoint; no timeOfDeletion, so a deletion would wait OCI's longest window."""
    plan = render_plan("oci", {"keys": {"rotationDays": 180}})
    for side, region in SIDES.items():
        key = named(plan, f"keys-{side}")
        assert key["type"] == KEY
        segment = vault_segment(COMPARTMENT, region, f"corridor-oci-me-jeddah-1-keys-{region}")
        endpoint = vault_answer(segment, region)["managementEndpoint"]
        assert re.fullmatch(rf"https://b[0-9a-f]{{12}}-management\.kms\.{region}\.oraclecloud\.com", endpoint)
        assert key["inputs"] == {
            "compartmentId": COMPARTMENT,
            "displayName": "corridor-oci-me-jeddah-1-data",
            "managementEndpoint": endpoint,
            "keyShape": {"algorithm": "AES", "length": 32},
            "protectionMode": "HSM",
            "isAutoRotationEnabled": True,
            "autoKeyRotationDetails": {"rotationIntervalInDays": 180},
            "freeformTags": TAGS,
        }
        assert named(plan, f"keys-{side}-vault")["urn"] in key["dependsOn"]
        assert provider_region(key) == region
        assert (key["protect"], key["retainOnDelete"]) == (True, True)
        assert keys_of(plan)[side].startswith(f"ocid1.key.oc1.{region}.")
    keys = plan["outputs"]["keys"]
    assert (keys["keyRegion"], keys["replicaKeyRegion"], keys["rotationDays"]) == (REGION, DR_REGION, 180)


def test_buckets_are_private_versioned_and_encrypted_with_their_regions_key() -> None:
    """NoPublicAccess, Enabled versioning, Standard tier, the key of the bucket's own region, the
    tenancy namespace; protected; created after Object Storage may use the key."""
    plan = render_plan("oci")
    keys = keys_of(plan)
    key_policy = named(plan, "storage-key-policy")["urn"]
    for (bucket, side), physical in BUCKETS.items():
        resource = named(plan, f"storage-{bucket}-{side}")
        assert resource["type"] == BUCKET
        assert resource["inputs"] == {
            "compartmentId": COMPARTMENT,
            "namespace": NAMESPACE,
            "name": physical,
            "accessType": "NoPublicAccess",
            "storageTier": "Standard",
            "versioning": "Enabled",
            "kmsKeyId": keys[side],
            "freeformTags": TAGS,
        }
        assert provider_region(resource) == SIDES[side]
        assert key_policy in resource["dependsOn"]
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True)


def test_object_storage_may_use_only_the_stack_keys_of_its_own_region() -> None:
    """One policy in the stack's compartment: each region's Object Storage service may use that
    region's stack key only (`target.key.id`), in that compartment only."""
    plan = render_plan("oci")
    keys = keys_of(plan)
    policy = named(plan, "storage-key-policy")
    assert policy["type"] == POLICY
    assert policy["inputs"] == {
        "compartmentId": COMPARTMENT,
        "name": "corridor-oci-me-jeddah-1-object-storage-keys-596f8bd9",
        "description": "corridor oci-me-jeddah-1: Object Storage may use the stack's Vault key of its own region "
        "for the stack's buckets",
        "statements": [
            f"Allow service objectstorage-{region} to use keys in compartment id {COMPARTMENT} "
            f"where target.key.id = '{keys[side]}'"
            for side, region in SIDES.items()
        ],
        "freeformTags": TAGS,
    }


def test_object_storage_may_replicate_and_expire_objects_in_the_compartment() -> None:
    """Replication (the source region's service) and lifecycle rules (each region's service)
    need object management, granted in the compartment only."""
    plan = render_plan("oci")
    policy = named(plan, "storage-service-policy")
    assert policy["inputs"] == {
        "compartmentId": COMPARTMENT,
        "name": "corridor-oci-me-jeddah-1-object-storage-objects-e07230ff",
        "description": "corridor oci-me-jeddah-1: Object Storage may replicate the stack's buckets and apply their "
        "lifecycle policies",
        "statements": [
            f"Allow service objectstorage-{region} to manage object-family in compartment id {COMPARTMENT}"
            for region in SIDES.values()
        ],
        "freeformTags": TAGS,
    }


def test_one_protected_replication_policy_per_bucket_after_its_replica_exists() -> None:
    """Each primary bucket replicates to its replica in drRegion; the policy is created through
    the primary's provider once the replica bucket and the service grant exist, and is protected
    (deleting it would make the replica writable and stop protection silently)."""
    plan = render_plan("oci")
    assert len(resources(plan, REPLICATION)) == 2
    for bucket in ("checkpoints", "weights"):
        policy = named(plan, f"storage-{bucket}-replication")
        assert policy["type"] == REPLICATION
        assert policy["inputs"] == {
            "namespace": NAMESPACE,
            "bucket": BUCKETS[(bucket, "primary")],
            "name": f"{bucket}-to-{DR_REGION}",
            "destinationBucketName": BUCKETS[(bucket, "replica")],
            "destinationRegionName": DR_REGION,
        }
        assert provider_region(policy) == REGION
        assert {named(plan, f"storage-{bucket}-replica")["urn"], named(plan, "storage-service-policy")["urn"]} <= set(
            policy["dependsOn"]
        )
        assert (policy["protect"], policy["retainOnDelete"]) == (True, True)


def test_lifecycle_expires_previous_versions_and_aborts_stale_uploads() -> None:
    """Every copy: previous object versions deleted after storage.noncurrentVersionDays (a string,
    as OCI's API takes it), uncommitted multipart uploads aborted after 7 days; after the grant."""
    plan = render_plan("oci", {"storage": {"buckets": [{"name": "weights"}], "noncurrentVersionDays": 90}})
    for side, region in SIDES.items():
        policy = named(plan, f"storage-weights-{side}-lifecycle")
        assert policy["type"] == LIFECYCLE
        assert policy["inputs"] == {
            "namespace": NAMESPACE,
            "bucket": BUCKETS[("weights", side)],
            "rules": [
                {
                    "name": "expire-previous-versions",
                    "action": "DELETE",
                    "target": "previous-object-versions",
                    "timeAmount": "90",
                    "timeUnit": "DAYS",
                    "isEnabled": True,
                },
                {
                    "name": "abort-incomplete-uploads",
                    "action": "ABORT",
                    "target": "multipart-uploads",
                    "timeAmount": "7",
                    "timeUnit": "DAYS",
                    "isEnabled": True,
                },
            ],
        }
        assert provider_region(policy) == region
        assert named(plan, "storage-service-policy")["urn"] in policy["dependsOn"]


def test_every_copy_logs_reads_and_writes_to_its_regions_log_group() -> None:
    """S8: an Object Storage service log per copy and category (read, write) in a protected log
    group of the copy's region, kept logging.retentionDays; the outputs name the log group."""
    plan = render_plan("oci")
    outputs = plan["outputs"]["storage"]["buckets"]
    assert len([r for r in resources(plan, LOG) if r["name"].startswith("storage-")]) == 8
    for side, (logical, display) in LOG_GROUPS.items():
        group = named(plan, logical)
        assert group["inputs"] == {
            "compartmentId": COMPARTMENT,
            "displayName": display,
            "description": "corridor oci-me-jeddah-1: Object Storage access logs of the stack's buckets in "
            + SIDES[side],
            "freeformTags": TAGS,
        }
        assert provider_region(group) == SIDES[side]
        assert (group["protect"], group["retainOnDelete"]) == (True, True)
        for bucket in ("checkpoints", "weights"):
            group_ids = set()
            for category in ("read", "write"):
                log = named(plan, f"storage-{bucket}-{side}-{category}-log")
                group_ids.add(log["inputs"]["logGroupId"])
                assert {k: v for k, v in log["inputs"].items() if k != "logGroupId"} == {
                    "displayName": f"{BUCKETS[(bucket, side)]}-{category}",
                    "logType": "SERVICE",
                    "configuration": {
                        "compartmentId": COMPARTMENT,
                        "source": {
                            "service": "objectstorage",
                            "category": category,
                            "resource": BUCKETS[(bucket, side)],
                            "sourceType": "OCISERVICE",
                        },
                    },
                    "isEnabled": True,
                    "retentionDuration": 180,
                    "freeformTags": TAGS,
                }
                assert {group["urn"], named(plan, f"storage-{bucket}-{side}")["urn"]} <= set(log["dependsOn"])
                assert provider_region(log) == SIDES[side]
                assert (log["protect"], log["retainOnDelete"]) == (True, True)
            assert group_ids == {outputs[bucket][f"{side}AccessLog"]}
            assert outputs[bucket][f"{side}AccessLog"].startswith(f"ocid1.loggroup.oc1.{SIDES[side]}.")


def test_outputs_name_both_copies_their_keys_and_no_documented_rpo() -> None:
    """The neutral bucket outputs: both copies by name and API URL, their regions and keys, the
    construction `oci-object-replication`, and `none-documented`: Oracle states no RPO."""
    plan = render_plan("oci")
    keys = keys_of(plan)
    weights = plan["outputs"]["storage"]["buckets"]["weights"]
    primary, replica = BUCKETS[("weights", "primary")], BUCKETS[("weights", "replica")]
    assert {k: v for k, v in weights.items() if not k.endswith("AccessLog")} == {
        "primaryName": primary,
        "primaryUrl": f"https://objectstorage.{REGION}.oraclecloud.com/n/{NAMESPACE}/b/{primary}",
        "primaryRegion": REGION,
        "primaryKeyId": keys["primary"],
        "replicaName": replica,
        "replicaUrl": f"https://objectstorage.{DR_REGION}.oraclecloud.com/n/{NAMESPACE}/b/{replica}",
        "replicaRegion": DR_REGION,
        "replicaKeyId": keys["replica"],
        "replication": "oci-object-replication",
        "rpo": "none-documented",
    }


def test_replication_off_builds_only_primary_copies() -> None:
    """With replication off: no replica bucket, replication policy or DR log group; the grants
    name the primary region only; the outputs say nothing replicates. The DR key stays (the keys
    contract gives every stack a key usable in drRegion)."""
    plan = render_plan("oci", {"storage": {"buckets": [{"name": "weights"}], "replication": False}})
    assert [r["name"] for r in resources(plan, BUCKET)] == ["storage-weights-primary"]
    assert not resources(plan, REPLICATION)
    groups = resources(plan, "oci:Logging/logGroup:LogGroup")
    assert [r["name"] for r in groups if r["name"].startswith("storage-")] == ["storage-access-logs"]
    keys = keys_of(plan)
    assert named(plan, "storage-key-policy")["inputs"]["statements"] == [
        f"Allow service objectstorage-{REGION} to use keys in compartment id {COMPARTMENT} "
        f"where target.key.id = '{keys['primary']}'"
    ]
    assert named(plan, "storage-service-policy")["inputs"]["statements"] == [
        f"Allow service objectstorage-{REGION} to manage object-family in compartment id {COMPARTMENT}"
    ]
    assert len(resources(plan, VAULT)) == 2
    weights = plan["outputs"]["storage"]["buckets"]["weights"]
    assert (weights["replication"], weights["rpo"], weights["replicaRegion"], weights["replicaAccessLog"]) == (
        "none",
        "none",
        None,
        None,
    )


def test_versioning_off_is_disabled_at_creation() -> None:
    """OCI takes `Disabled` (not `Suspended`) when a bucket is created unversioned."""
    storage = {"buckets": [{"name": "weights"}], "replication": False, "versioning": False}
    plan = render_plan("oci", {"storage": storage})
    assert named(plan, "storage-weights-primary")["inputs"]["versioning"] == "Disabled"
