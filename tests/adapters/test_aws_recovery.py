"""A recovery stack on AWS (aws-ap-southeast-3-dr, from aws-ap-southeast-1): the source's replica
key, its alias and its replica buckets in ap-southeast-3, found by the names the source gave them,
are only read in a drill and imported, protected and retained, in a failover, with the source's
own inputs; an onward drRegion gets a new key and new replicas; the cluster runs on the adopted key.
"""

from __future__ import annotations

import fnmatch
import json
from typing import Any

from tests.conftest import render_plan, render_recovery
from tests.plans import named, resources

ACCOUNT = "000000000000"  # the mock's placeholder account
SOURCE_REGION, REGION, ONWARD = "ap-southeast-1", "ap-southeast-3", "ap-southeast-2"
ALIAS = "alias/corridor-aws-ap-southeast-1-keys"
"""The source's alias, the same name in both its regions."""
KEY_ID = "mrk-7684e2c6b75cf78a105a9a3fb7f17bf7"
"""The mock cloud's answer to the alias lookup: the id of the key the alias names."""
KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{KEY_ID}"
BUCKETS = {
    "checkpoints": "corridor-aws-ap-southeast-1-checkpoints-replica-6fa25507",
    "weights": "corridor-aws-ap-southeast-1-weights-replica-8f80c2ee",
}
"""The source's replica bucket of each neutral bucket."""
LOG_BUCKET = "corridor-aws-ap-southeast-1-access-logs-ap-southeast-3-3b655cb8"
"""The source's access-log bucket in ap-southeast-3, where its replicas log."""
FLOW_LOG_GROUP = "/corridor/aws-ap-southeast-3-dr-vpc-flow-logs"

REPLICA_KEY = "aws:kms/replicaKey:ReplicaKey"
ALIAS_TYPE = "aws:kms/alias:Alias"
KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy"
BUCKET = "aws:s3/bucket:Bucket"
DATA_TYPES = ("aws:kms/", "aws:s3/")
"""Keys, aliases, key policies, buckets and every bucket setting."""

ADOPTED = {
    "keys-primary": (REPLICA_KEY, KEY_ID),
    "keys-primary-alias": (ALIAS_TYPE, ALIAS),
    "cluster-key-policy": (KEY_POLICY, KEY_ID),
    "storage-checkpoints-primary": (BUCKET, BUCKETS["checkpoints"]),
    "storage-weights-primary": (BUCKET, BUCKETS["weights"]),
}
"""What a drill reads, by logical name: type and cloud id."""

FAILOVER = {"recoveryMode": "failover"}
ONWARD_FAILOVER = {"recoveryMode": "failover", "drRegion": ONWARD}
ONWARD_BUCKETS = {
    "checkpoints": "corridor-aws-ap-southeast-3-dr-checkpoints-replica-72124700",
    "weights": "corridor-aws-ap-southeast-3-dr-weights-replica-04c3e58c",
}
"""The onward replicas: the recovery stack's own names (its stack and scope)."""

SETTINGS = ("-versioning", "-encryption", "-public-access", "-ownership", "-lifecycle")
PAIRS = [
    ("keys-replica", "keys-primary"),
    ("keys-replica-alias", "keys-primary-alias"),
    *[(f"storage-access-logs-dr{s}", f"storage-access-logs{s}") for s in ("", *SETTINGS, "-policy")],
    *[
        (f"storage-{bucket}-replica{s}", f"storage-{bucket}-primary{s}")
        for bucket in BUCKETS
        for s in ("", *SETTINGS, "-tls-only", "-access-log")
    ],
]
"""(the source's resource, the failover's resource that adopts or re-declares it)."""


def adopted(plan: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {r["name"]: (r["type"], r["adoptedId"]) for r in plan["resources"] if r.get("adopted")}


def source_key_id(source: dict[str, Any]) -> str:
    return source["outputs"]["keys"]["replicaKeyId"].rsplit("/", 1)[1]


def test_the_ids_are_the_physical_names_in_the_source_plan() -> None:
    """The alias and buckets the recovery stack adopts are exactly those the source made in its
    drRegion, which is the recovery stack's region."""
    source = render_plan("aws")
    alias = named(source, "keys-replica-alias")["inputs"]
    assert (alias["name"], alias["region"]) == (ALIAS, REGION)
    for bucket, physical in BUCKETS.items():
        replica = named(source, f"storage-{bucket}-replica")["inputs"]
        assert (replica["bucket"], replica["region"]) == (physical, REGION)
    logs = named(source, "storage-access-logs-dr")["inputs"]
    assert (logs["bucket"], logs["region"]) == (LOG_BUCKET, REGION)
    assert named(source, "storage-checkpoints-replica-access-log")["inputs"]["targetBucket"] == LOG_BUCKET


def test_drill_only_reads_the_replicas() -> None:
    """A drill reads the key, its alias, its policy and each replica bucket by id, and registers
    no key, bucket or bucket setting of its own: destroying it could delete or change no data."""
    plan = render_recovery("aws")
    assert plan["recovery"]["mode"] == "drill"
    assert adopted(plan) == ADOPTED
    for resource in resources(plan):
        if resource.get("adopted"):
            assert resource["adopted"] == "read"
            assert (resource["protect"], resource["retainOnDelete"]) == (False, False)
    assert [r["name"] for r in resources(plan) if r["type"].startswith(DATA_TYPES) and not r.get("adopted")] == []


def test_drill_outputs_name_the_adopted_copies_and_replicate_nothing() -> None:
    """The adopted key is both keys; each bucket's primary is the source's replica, still logging
    where the source set it to; nothing replicates."""
    plan, source = render_recovery("aws"), render_plan("aws")
    assert plan["outputs"]["keys"] == {
        "keyId": KEY_ARN,
        "keyRegion": REGION,
        "replicaKeyId": KEY_ARN,
        "replicaKeyRegion": REGION,
        "rotationDays": 90,
    }
    for bucket, physical in BUCKETS.items():
        assert plan["outputs"]["storage"]["buckets"][bucket] == {
            "primaryName": physical,
            "primaryUrl": f"s3://{physical}",
            "primaryRegion": REGION,
            "primaryKeyId": KEY_ARN,
            "replicaName": None,
            "replicaUrl": None,
            "replicaRegion": None,
            "replicaKeyId": None,
            "primaryAccessLog": source["outputs"]["storage"]["buckets"][bucket]["replicaAccessLog"],
            "replicaAccessLog": None,
            "replication": "none",
            "rpo": "none",
        }
    assert plan["outputs"]["storage"]["buckets"]["weights"]["primaryAccessLog"] == f"s3://{LOG_BUCKET}/weights/"


def test_cluster_runs_on_the_adopted_key() -> None:
    """Secrets envelope encryption, the cluster role's key grant, the flow log group and GPU node
    volumes all use the adopted key, in drill and failover alike."""
    for plan in (render_recovery("aws"), render_recovery("aws", FAILOVER)):
        eks = named(plan, "cluster-eks")["inputs"]
        assert eks["encryptionConfig"] == {"provider": {"keyArn": KEY_ARN}, "resources": ["secrets"]}
        assert plan["outputs"]["cluster"]["secretsKeyId"] == KEY_ARN
        grant = json.loads(named(plan, "cluster-secrets-key")["inputs"]["policy"])["Statement"]
        assert [statement["Resource"] for statement in grant] == [[KEY_ARN]]
        group = named(plan, "cluster-flow-logs")["inputs"]
        assert (group["name"], group["kmsKeyId"]) == (FLOW_LOG_GROUP, KEY_ARN)
        assert {pool["nodeDisks"]["keyId"] for pool in plan["outputs"]["gpuPools"].values()} == {KEY_ARN}


def test_source_grants_its_replica_key_to_the_recovery_stack() -> None:
    """The source sets the same grants on its replica key as on its primary, in the DR region, so
    a drill (which only reads the key's policy) can encrypt node volumes and its flow log group:
    Auto Scaling, and CloudWatch Logs there for any corridor flow log group, which the recovery
    stack's is."""
    source = render_plan("aws")
    policy = named(source, "cluster-replica-key-policy")
    assert policy["type"] == KEY_POLICY
    assert (policy["inputs"]["keyId"], policy["inputs"]["region"]) == (source_key_id(source), REGION)
    assert (policy["protect"], policy["retainOnDelete"]) == (False, False)
    assert named(source, "cluster-system")["urn"] in policy["dependsOn"]
    statements = json.loads(policy["inputs"]["policy"])["Statement"]
    primary = json.loads(named(source, "cluster-key-policy")["inputs"]["policy"])["Statement"]
    assert statements[:3] == primary[:3]  # the default statement and the two Auto Scaling ones
    assert [statement["Sid"] for statement in statements] == [
        "EnableIamUserPermissions",
        "AutoScalingUseOfTheKey",
        "AutoScalingAttachmentOfPersistentResources",
        "CloudWatchLogsFlowLogGroup",
    ]
    logs = statements[3]
    assert logs["Principal"] == {"Service": f"logs.{REGION}.amazonaws.com"}
    pattern = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/corridor/*-vpc-flow-logs"
    assert logs["Condition"] == {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": pattern}}
    assert fnmatch.fnmatchcase(f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{FLOW_LOG_GROUP}", pattern)


def test_failover_imports_the_same_resources_under_the_same_urns_protected() -> None:
    """Drill to failover: every read becomes an import of the same id under the same URN (never a
    delete), protected and retained; the failover also takes the source's log bucket here."""
    drill, failover = render_recovery("aws"), render_recovery("aws", FAILOVER)
    assert adopted(failover) == {**ADOPTED, "storage-access-logs": (BUCKET, LOG_BUCKET)}
    for name in ADOPTED:
        assert named(failover, name)["urn"] == named(drill, name)["urn"]
    for resource in resources(failover):
        if resource.get("adopted"):
            assert resource["adopted"] == "import"
            assert (resource["protect"], resource["retainOnDelete"]) == (True, True)


def test_failover_declares_exactly_the_sources_inputs() -> None:
    """The imported key, alias, buckets and every bucket setting the source declared there have
    the source's inputs, so the import changes nothing; the one difference is the key id, which
    the cloud gave the source's key (here: each render's mock cloud). Settings are re-declared
    `stateful`, so destroying the recovery stack takes no setting off the data."""
    source, failover = render_plan("aws"), render_recovery("aws", FAILOVER)
    for source_name, name in PAIRS:
        theirs, ours = named(source, source_name), named(failover, name)
        assert ours["type"] == theirs["type"]
        assert ours["inputs"] == json.loads(json.dumps(theirs["inputs"]).replace(source_key_id(source), KEY_ID))
        assert (ours["protect"], ours["retainOnDelete"]) == (True, True)
    key = named(failover, "keys-primary")["inputs"]
    assert key["primaryKeyArn"] == f"arn:aws:kms:{SOURCE_REGION}:{ACCOUNT}:key/{KEY_ID}"
    assert key["tags"]["stack"] == "aws-ap-southeast-1"
    assert named(failover, "storage-weights-primary-access-log")["inputs"]["targetBucket"] == LOG_BUCKET


def test_failover_owns_the_key_policy_and_replicates_nowhere_without_an_onward_region() -> None:
    """The failover imports the key's policy and sets its own (its flow log group exactly); with
    no drRegion of its own nothing replicates and no key or role is made."""
    plan = render_recovery("aws", FAILOVER)
    policy = named(plan, "cluster-key-policy")
    assert policy["inputs"]["keyId"] == KEY_ID
    logs = json.loads(policy["inputs"]["policy"])["Statement"][-1]
    assert logs["Condition"] == {
        "ArnEquals": {
            "kms:EncryptionContext:aws:logs:arn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{FLOW_LOG_GROUP}"
        }
    }
    assert not resources(plan, "aws:kms/key:Key")
    # No replica key or bucket, replication role, policy or rule, and no replica key policy.
    assert [r["name"] for r in resources(plan) if "-replica" in r["name"]] == []
    assert not resources(plan, "aws:s3/bucketReplicationConfig:BucketReplicationConfig")
    keys = plan["outputs"]["keys"]
    assert (keys["replicaKeyId"], keys["replicaKeyRegion"]) == (KEY_ARN, REGION)
    for result in plan["outputs"]["storage"]["buckets"].values():
        assert (result["replicaName"], result["replication"], result["rpo"]) == (None, "none", "none")


def test_onward_failover_replicates_to_a_new_key_and_buckets_in_the_third_region() -> None:
    """With its own drRegion, a failover makes a new multi-Region key there (the adopted replica
    cannot be replicated while its primary's region is lost) and a replica of each adopted bucket,
    and replicates into them with CRR and RTC, as any stack does."""
    plan = render_recovery("aws", ONWARD_FAILOVER)
    assert plan["drRegion"] == ONWARD
    assert adopted(plan) == adopted(render_recovery("aws", FAILOVER))
    key = named(plan, "keys-replica")
    assert key["type"] == "aws:kms/key:Key"
    assert {k: v for k, v in key["inputs"].items() if k != "tags"} == {
        "description": "corridor aws-ap-southeast-3-dr: customer-managed key for GPU region data",
        "keyUsage": "ENCRYPT_DECRYPT",
        "customerMasterKeySpec": "SYMMETRIC_DEFAULT",
        "multiRegion": True,
        "enableKeyRotation": True,
        "rotationPeriodInDays": 90,
        "deletionWindowInDays": 30,
        "region": ONWARD,
    }
    assert key["inputs"]["tags"]["stack"] == "aws-ap-southeast-3-dr"
    assert (key["protect"], key["retainOnDelete"]) == (True, True)
    alias = named(plan, "keys-replica-alias")["inputs"]
    assert (alias["name"], alias["region"]) == ("alias/corridor-aws-ap-southeast-3-dr-keys", ONWARD)
    keys = plan["outputs"]["keys"]
    assert keys["keyId"] == KEY_ARN
    assert keys["replicaKeyRegion"] == ONWARD
    onward_key = keys["replicaKeyId"]
    assert onward_key.startswith(f"arn:aws:kms:{ONWARD}:{ACCOUNT}:key/mrk-")
    policy = named(plan, "cluster-replica-key-policy")["inputs"]
    assert (policy["keyId"], policy["region"]) == (onward_key.rsplit("/", 1)[1], ONWARD)

    for bucket, physical in BUCKETS.items():
        replica = named(plan, f"storage-{bucket}-replica")
        name = ONWARD_BUCKETS[bucket]
        assert (replica["inputs"]["bucket"], replica["inputs"]["region"]) == (name, ONWARD)
        assert (replica["protect"], replica["retainOnDelete"]) == (True, True)
        encryption = named(plan, f"storage-{bucket}-replica-encryption")["inputs"]["rules"][0]
        assert encryption["applyServerSideEncryptionByDefault"]["kmsMasterKeyId"] == onward_key
        replication = named(plan, f"storage-{bucket}-replication")
        assert replication["inputs"]["bucket"] == physical
        assert (replication["protect"], replication["retainOnDelete"]) == (True, True)
        [rule] = replication["inputs"]["rules"]
        assert rule["destination"]["bucket"] == f"arn:aws:s3:::{name}"
        assert rule["destination"]["encryptionConfiguration"] == {"replicaKmsKeyId": onward_key}
        assert rule["destination"]["replicationTime"] == {"status": "Enabled", "time": {"minutes": 15}}
        statements = json.loads(named(plan, f"storage-{bucket}-replication-policy")["inputs"]["policy"])["Statement"]
        decrypt = next(s for s in statements if s["Action"] == ["kms:Decrypt"])
        assert decrypt["Resource"] == [KEY_ARN]
        assert decrypt["Condition"]["StringEquals"] == {"kms:ViaService": f"s3.{REGION}.amazonaws.com"}
        encrypt = next(s for s in statements if "kms:Encrypt" in s["Action"])
        assert encrypt["Resource"] == [onward_key]
        assert encrypt["Condition"]["StringEquals"] == {"kms:ViaService": f"s3.{ONWARD}.amazonaws.com"}
        result = plan["outputs"]["storage"]["buckets"][bucket]
        assert (result["primaryName"], result["replicaName"]) == (physical, name)
        assert (result["replicaRegion"], result["replicaKeyId"]) == (ONWARD, onward_key)
        assert (result["replication"], result["rpo"]) == ("s3-crr-rtc", "15m")
    logs = named(plan, "storage-access-logs-dr")["inputs"]
    assert (logs["bucket"], logs["region"]) == (
        "corridor-aws-ap-southeast-3-dr-access-logs-ap-southeas-7fc5c192",
        ONWARD,
    )
    assert named(plan, "storage-weights-replica-access-log")["inputs"]["targetBucket"] == logs["bucket"]
    role = named(plan, "storage-replication-role")["inputs"]
    assert role["name"] == "corridor-aws-ap-southeast-3-dr-s3-replication"
