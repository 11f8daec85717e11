"""Exact S3 inputs: hardened buckets on both sides and CRR with Replication Time Control."""

from __future__ import annotations

import json

from tests.conftest import render_plan
from tests.plans import named, resources


def test_primary_and_replica_buckets_live_in_their_regions() -> None:
    """The primary bucket uses the provider region; the replica names drRegion explicitly."""
    plan = render_plan("aws")
    primary = named(plan, "storage-checkpoints-primary")
    replica = named(plan, "storage-checkpoints-replica")
    assert "region" not in primary["inputs"]
    assert replica["inputs"]["region"] == "ap-southeast-3"
    assert primary["inputs"]["forceDestroy"] is False
    for bucket in (primary, replica):
        assert (bucket["protect"], bucket["retainOnDelete"]) == (True, True)
        assert bucket["inputs"]["bucket"].startswith("corridor-aws-ap-southeast-1-checkpoints-")


def test_buckets_encrypt_with_their_regions_key_and_bucket_keys() -> None:
    """SSE-KMS with the primary key in region and the replica key in drRegion; SSE-C blocked."""
    plan = render_plan("aws")
    keys = plan["outputs"]["keys"]
    for side, key in (("primary", keys["keyId"]), ("replica", keys["replicaKeyId"])):
        rule = named(plan, f"storage-weights-{side}-encryption")["inputs"]["rules"][0]
        assert rule == {
            "applyServerSideEncryptionByDefault": {"kmsMasterKeyId": key, "sseAlgorithm": "aws:kms"},
            "blockedEncryptionTypes": ["SSE-C"],
            "bucketKeyEnabled": True,
        }


def test_every_bucket_blocks_public_access_and_requires_tls() -> None:
    """All four public-access blocks, owner-enforced ownership, and a deny on plain HTTP."""
    plan = render_plan("aws")
    blocks = resources(plan, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
    assert len(blocks) == 4
    for block in blocks:
        flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
        assert all(block["inputs"][flag] is True for flag in flags)
    for ownership in resources(plan, "aws:s3/bucketOwnershipControls:BucketOwnershipControls"):
        assert ownership["inputs"]["rule"] == {"objectOwnership": "BucketOwnerEnforced"}
    policy = json.loads(named(plan, "storage-checkpoints-primary-tls-only")["inputs"]["policy"])
    statement = policy["Statement"][0]
    assert statement["Effect"] == "Deny"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_replication_rule_has_rtc_metrics_delete_markers_and_replica_key() -> None:
    """CRR: RTC 15 min with metrics, delete markers, SSE-KMS objects, replica key, after versioning."""
    plan = render_plan("aws")
    config = named(plan, "storage-checkpoints-replication")
    assert config["type"] == "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
    assert (config["protect"], config["retainOnDelete"]) == (True, True)
    replica_arn = "arn:aws:s3:::" + named(plan, "storage-checkpoints-replica")["inputs"]["bucket"]
    assert config["inputs"]["rules"] == [
        {
            "deleteMarkerReplication": {"status": "Enabled"},
            "destination": {
                "bucket": replica_arn,
                "encryptionConfiguration": {"replicaKmsKeyId": plan["outputs"]["keys"]["replicaKeyId"]},
                "metrics": {"eventThreshold": {"minutes": 15}, "status": "Enabled"},
                "replicationTime": {"status": "Enabled", "time": {"minutes": 15}},
                "storageClass": "STANDARD",
            },
            "filter": {"prefix": ""},
            "id": "all-objects-to-dr",
            "priority": 1,
            "sourceSelectionCriteria": {
                "replicaModifications": {"status": "Enabled"},
                "sseKmsEncryptedObjects": {"status": "Enabled"},
            },
            "status": "Enabled",
        }
    ]
    versionings = {r["urn"] for r in resources(plan, "aws:s3/bucketVersioning:BucketVersioning")}
    assert len(versionings & set(config["dependsOn"])) == 2


def test_replication_role_is_least_privilege() -> None:
    """The role trusts only S3; its policy names one bucket pair and the two keys, with conditions."""
    plan = render_plan("aws")
    role = named(plan, "storage-replication-role")
    trust = json.loads(role["inputs"]["assumeRolePolicy"])
    assert trust["Statement"] == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}}
    ]
    policy = json.loads(named(plan, "storage-weights-replication-policy")["inputs"]["policy"])
    actions = {action for statement in policy["Statement"] for action in statement["Action"]}
    assert "s3:*" not in actions
    assert "kms:*" not in actions
    decrypt = next(s for s in policy["Statement"] if s["Action"] == ["kms:Decrypt"])
    assert decrypt["Resource"] == [plan["outputs"]["keys"]["keyId"]]
    assert decrypt["Condition"]["StringEquals"] == {"kms:ViaService": "s3.ap-southeast-1.amazonaws.com"}
    encrypt = next(s for s in policy["Statement"] if "kms:Encrypt" in s["Action"])
    assert encrypt["Resource"] == [plan["outputs"]["keys"]["replicaKeyId"]]
    assert encrypt["Condition"]["StringEquals"] == {"kms:ViaService": "s3.ap-southeast-3.amazonaws.com"}


def test_noncurrent_versions_expire_after_configured_days() -> None:
    """Lifecycle keeps old versions `noncurrentVersionDays` and aborts stale multipart uploads."""
    storage = {"buckets": [{"name": "weights"}], "noncurrentVersionDays": 90}
    rule = named(render_plan("aws", {"storage": storage}), "storage-weights-primary-lifecycle")["inputs"]["rules"][0]
    assert rule["noncurrentVersionExpiration"] == {"noncurrentDays": 90}
    assert rule["abortIncompleteMultipartUpload"] == {"daysAfterInitiation": 7}
    assert rule["status"] == "Enabled"


def test_replication_off_builds_only_primary_buckets() -> None:
    """With replication off there is no replica, role or replication config, and the outputs say so."""
    plan = render_plan("aws", {"storage": {"buckets": [{"name": "weights"}], "replication": False}})
    assert not resources(plan, "aws:s3/bucketReplicationConfig:BucketReplicationConfig")
    assert not [r for r in resources(plan, "aws:iam/role:Role") if r["name"].startswith("storage-")]
    weights = plan["outputs"]["storage"]["buckets"]["weights"]
    assert (weights["replication"], weights["rpo"], weights["replicaRegion"]) == ("none", "none", None)
