"""The replicated-storage contract, asserted identically on every registered cloud.

Every cloud must: version the data, encrypt it with the stack's own keys (the primary copy with
the key in `region`, the replica with the key in `drRegion`), block public access, put the
replica in `drRegion`, protect and retain every bucket and replication resource, tag them, and
export the same per-bucket outputs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from components.capabilities import Capability
from tests.conftest import clouds_declaring, render_plan


@pytest.fixture(params=clouds_declaring(Capability.STORAGE))
def cloud(request: pytest.FixtureRequest) -> str:
    """Each cloud whose profile declares replicated storage."""
    return str(request.param)


Resource = dict[str, Any]

# The per-cloud facts the suite needs, as data: which resource holds the data, how it states its
# encryption key, versioning and public-access setting. The assertions below never branch on cloud.
STORAGE_TYPES = {
    "aws": {"aws:s3/bucket:Bucket"},
    "gcp": {"gcp:storage/bucket:Bucket"},
    "azure": {"azure-native:storage:StorageAccount", "azure-native:storage:BlobContainer"},
    "oci": {"oci:ObjectStorage/bucket:Bucket"},
    "alicloud": {"alicloud:oss/bucket:Bucket"},
}
REPLICATION_TYPES = {
    "aws": {"aws:s3/bucketReplicationConfig:BucketReplicationConfig"},
    "gcp": {"gcp:storage/transferJob:TransferJob"},
    "azure": {"azure-native:storage:ObjectReplicationPolicy"},
    "oci": {"oci:ObjectStorage/replicationPolicy:ReplicationPolicy"},
    "alicloud": {"alicloud:oss/bucketReplication:BucketReplication"},
}


def _aws_bucket_settings(plan: dict[str, Any], bucket: Resource) -> dict[str, Any]:
    def config(type_: str) -> Resource:
        return next(r for r in plan["resources"] if r["type"] == type_ and r["name"].startswith(bucket["name"] + "-"))

    encryption = config("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
    block = config("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")["inputs"]
    return {
        "key": encryption["inputs"]["rules"][0]["applyServerSideEncryptionByDefault"]["kmsMasterKeyId"],
        "versioned": config("aws:s3/bucketVersioning:BucketVersioning")["inputs"]["versioningConfiguration"]["status"]
        == "Enabled",
        "public_blocked": all(
            block[f] for f in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
        ),
        "region": bucket["inputs"].get("region", plan["region"]),
    }


def _gcp_bucket_settings(plan: dict[str, Any], bucket: Resource) -> dict[str, Any]:
    inputs = bucket["inputs"]
    return {
        "key": inputs["encryption"]["defaultKmsKeyName"],
        "versioned": inputs["versioning"]["enabled"] is True,
        "public_blocked": inputs["publicAccessPrevention"] == "enforced" and inputs["uniformBucketLevelAccess"],
        "region": inputs["location"].lower(),
    }


def _azure_account_settings(plan: dict[str, Any], account: Resource) -> dict[str, Any] | None:
    if account["type"] != "azure-native:storage:StorageAccount":
        return None
    inputs = account["inputs"]
    vault_uri = inputs["encryption"]["keyVaultProperties"]["keyVaultUri"].rstrip("/")
    blob_service = next(
        r
        for r in plan["resources"]
        if r["type"] == "azure-native:storage:BlobServiceProperties" and account["urn"] in r["dependsOn"]
    )
    return {
        "key": f"{vault_uri}/keys/{inputs['encryption']['keyVaultProperties']['keyName']}",
        "versioned": blob_service["inputs"]["isVersioningEnabled"] is True,
        "public_blocked": inputs["allowBlobPublicAccess"] is False,
        "region": inputs["location"],
    }


def _oci_bucket_settings(plan: dict[str, Any], bucket: Resource) -> dict[str, Any]:
    inputs = bucket["inputs"]
    # An OCI resource has no region input: it is in its provider's region.
    provider = next(r for r in plan["resources"] if r["urn"] == bucket["provider"])
    return {
        "key": inputs["kmsKeyId"],
        "versioned": inputs["versioning"] == "Enabled",
        "public_blocked": inputs["accessType"] == "NoPublicAccess",
        "region": provider["inputs"]["region"],
    }


def _alicloud_bucket_settings(plan: dict[str, Any], bucket: Resource) -> dict[str, Any]:
    """An OSS bucket states its key and versioning itself; public access is closed by its own
    BucketPublicAccessBlock and a private BucketAcl (both for the same bucket name). Like OCI, it
    has no region input: it is in its provider's region."""

    def config(type_: str) -> dict[str, Any]:
        (found,) = [r for r in plan["resources"] if r["type"] == type_ and r["inputs"]["bucket"] == inputs["bucket"]]
        return found["inputs"]

    inputs = bucket["inputs"]
    provider = next(r for r in plan["resources"] if r["urn"] == bucket["provider"])
    encryption = inputs["serverSideEncryptionRule"]
    return {
        "key": encryption["kmsMasterKeyId"] if encryption["sseAlgorithm"] == "KMS" else None,
        "versioned": inputs["versioning"]["status"] == "Enabled",
        "public_blocked": config("alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock")["blockPublicAccess"]
        is True
        and config("alicloud:oss/bucketAcl:BucketAcl")["acl"] == "private",
        "region": provider["inputs"]["region"],
    }


SETTINGS: dict[str, Callable[[dict[str, Any], Resource], dict[str, Any] | None]] = {
    "aws": _aws_bucket_settings,
    "gcp": _gcp_bucket_settings,
    "azure": _azure_account_settings,
    "oci": _oci_bucket_settings,
    "alicloud": _alicloud_bucket_settings,
}


def data_holders(plan: dict[str, Any], cloud: str) -> list[dict[str, Any]]:
    """Settings of each resource holding a bucket's data: those the bucket outputs name (`bucket`,
    `account/container`), not the access-log buckets beside them."""
    names = {
        bucket[field]
        for bucket in plan["outputs"]["storage"]["buckets"].values()
        for field in ("primaryName", "replicaName")
        if bucket[field]
    }
    holders = []
    for resource in plan["resources"]:
        physical = next(
            (resource["inputs"].get(k) for k in ("bucket", "name", "accountName") if k in resource["inputs"]), None
        )
        named = any(name == physical or name.startswith(f"{physical}/") for name in names)
        if resource["type"] in STORAGE_TYPES[cloud] and named:
            settings = SETTINGS[cloud](plan, resource)
            if settings is not None:
                holders.append(settings)
    return holders


def test_data_is_versioned_private_and_encrypted_with_the_stacks_keys(cloud: str) -> None:
    """Every data-holding resource is versioned, blocks public access, and uses a stack key
    that lives in its own region (primary key in region, replica key in drRegion)."""
    plan = render_plan(cloud)
    keys = plan["outputs"]["keys"]
    key_for_region = {keys["keyRegion"]: keys["keyId"], keys["replicaKeyRegion"]: keys["replicaKeyId"]}
    holders = data_holders(plan, cloud)
    assert {h["region"] for h in holders} == {plan["region"], plan["drRegion"]}
    for holder in holders:
        assert holder["versioned"], holder
        assert holder["public_blocked"], holder
        assert holder["key"] == key_for_region[holder["region"]], holder


def test_every_bucket_replicates_to_the_dr_region(cloud: str) -> None:
    """Outputs promise a replica in drRegion with a named construction and RPO for each bucket."""
    plan = render_plan(cloud)
    buckets = plan["outputs"]["storage"]["buckets"]
    assert set(buckets) == {"checkpoints", "weights"}
    for bucket in buckets.values():
        assert bucket["primaryRegion"] == plan["region"]
        assert bucket["replicaRegion"] == plan["drRegion"]
        assert bucket["primaryKeyId"] == plan["outputs"]["keys"]["keyId"]
        assert bucket["replicaKeyId"] == plan["outputs"]["keys"]["replicaKeyId"]
        assert bucket["replication"] not in ("", "none")
        assert bucket["rpo"]
        assert all(bucket[field] for field in ("primaryName", "primaryUrl", "replicaName", "replicaUrl"))
    assert [r for r in plan["resources"] if r["type"] in REPLICATION_TYPES[cloud]]


def test_outputs_have_the_same_shape_everywhere(cloud: str) -> None:
    """A DR stack or dashboard reads the same fields on every cloud."""
    bucket = render_plan(cloud)["outputs"]["storage"]["buckets"]["weights"]
    assert set(bucket) == {
        "primaryName", "primaryUrl", "primaryRegion", "primaryKeyId",
        "replicaName", "replicaUrl", "replicaRegion", "replicaKeyId", "primaryAccessLog", "replicaAccessLog",
        "replication", "rpo",
    }  # fmt: skip


def test_buckets_and_replication_are_protected_and_retained(cloud: str) -> None:
    """Data and the replication that copies it cannot be deleted by Pulumi."""
    plan = render_plan(cloud)
    guarded = [r for r in plan["resources"] if r["type"] in STORAGE_TYPES[cloud] | REPLICATION_TYPES[cloud]]
    assert guarded
    for resource in guarded:
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True), resource["name"]


def test_replication_off_leaves_one_copy_and_says_so(cloud: str) -> None:
    """`replication: false` builds no replication resource and reports no replica."""
    plan = render_plan(cloud, {"storage": {"buckets": [{"name": "weights"}], "replication": False}})
    assert not [r for r in plan["resources"] if r["type"] in REPLICATION_TYPES[cloud]]
    bucket = plan["outputs"]["storage"]["buckets"]["weights"]
    assert (bucket["replication"], bucket["replicaRegion"]) == ("none", None)
