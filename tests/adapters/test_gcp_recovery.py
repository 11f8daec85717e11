"""A GCP recovery stack (gcp-asia-southeast2-dr, recovering gcp-asia-southeast1 in
asia-southeast2) adopts the key ring, key and buckets its source made there: read by their
deterministic ids in `drill`, imported with `protect`, `retainOnDelete` and the source's inputs in
`failover`, under the same URNs; with an onward `drRegion` a failover replicates the adopted
copies to a third region with corridor's own builders; the cluster encrypts Secrets with the
adopted key."""

from __future__ import annotations

from typing import Any

import pytest

import components.program as program
from components.clouds.gcp.keys import KMS_ROLE
from corridor import stack_config
from corridor.mockcloud.gcp import project_number
from corridor.render import render_config
from tests.conftest import PROJECT_DIR, render_plan, render_recovery
from tests.plans import children_of, named, resources

KEY_RING = "gcp:kms/keyRing:KeyRing"
CRYPTO_KEY = "gcp:kms/cryptoKey:CryptoKey"
KEY_MEMBER = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"
BUCKET = "gcp:storage/bucket:Bucket"
BUCKET_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember"
TRANSFER_JOB = "gcp:storage/transferJob:TransferJob"
CLUSTER = "gcp:container/cluster:Cluster"
NODE_POOL = "gcp:container/nodePool:NodePool"
DATA_TYPES = (KEY_RING, CRYPTO_KEY, BUCKET, TRANSFER_JOB)
"""Types that hold or protect data: a drill registers none of them, it only reads."""

PROJECT = "corridor-prod-apac"
GCS_AGENT = f"serviceAccount:service-{project_number(PROJECT)}@gs-project-accounts.iam.gserviceaccount.com"
TRANSFER_AGENT = f"serviceAccount:project-{project_number(PROJECT)}@storage-transfer-service.iam.gserviceaccount.com"

# The source's ring and key in its drRegion (asia-southeast2): the ids pulumi-gcp documents for
# `KeyRing` (`projects/{{project}}/locations/{{location}}/keyRings/{{name}}`) and `CryptoKey`
# (`{{key_ring}}/cryptoKeys/{{name}}`), from the source's physical names.
RING_ID = f"projects/{PROJECT}/locations/asia-southeast2/keyRings/corridor-gcp-asia-southeast1-keys"
KEY_ID = f"{RING_ID}/cryptoKeys/corridor-data"
# The source's replica buckets and its asia-southeast2 access-log bucket, as `{{project}}/{{bucket}}`.
BUCKET_IDS = {
    "storage-checkpoints-primary": f"{PROJECT}/corridor-checkpoints-asia-southeast2-d62c19a4",
    "storage-weights-primary": f"{PROJECT}/corridor-weights-asia-southeast2-af87bd7f",
    "storage-access-log-bucket-asia-southeast2": f"{PROJECT}/corridor-asia-southeast2-access-logs-ecf375f3",
}

ADOPTED = {
    # recovery stack's logical name: the source's logical name of the same resource
    "keys-primary-ring": "keys-replica-ring",
    "keys-primary": "keys-replica",
    "storage-checkpoints-primary": "storage-checkpoints-replica",
    "storage-weights-primary": "storage-weights-replica",
    "storage-access-log-bucket-asia-southeast2": "storage-access-log-bucket-asia-southeast2",
}

FAILOVER = {"recoveryMode": "failover"}
ONWARD_REGION = "asia-east1"
ONWARD = {"recoveryMode": "failover", "drRegion": ONWARD_REGION}
ONWARD_RING_ID = f"projects/{PROJECT}/locations/{ONWARD_REGION}/keyRings/corridor-gcp-asia-southeast2-dr-keys"
ONWARD_KEY_ID = f"{ONWARD_RING_ID}/cryptoKeys/corridor-data"


def adopted(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The plan's adopted resources by logical name."""
    return {r["name"]: r for r in plan["resources"] if "adopted" in r}


def test_drill_reads_the_sources_dr_key_by_its_deterministic_id() -> None:
    """The ring and key are reads of the ids built from the source plan's own names and
    location; the key id is the one the source's replica buckets are encrypted with."""
    plan, source = render_recovery("gcp"), render_plan("gcp")
    ring, key = named(plan, "keys-primary-ring"), named(plan, "keys-primary")
    assert (ring["type"], ring["adopted"], ring["adoptedId"]) == (KEY_RING, "read", RING_ID)
    assert (key["type"], key["adopted"], key["adoptedId"]) == (CRYPTO_KEY, "read", KEY_ID)
    ring_inputs, key_inputs = named(source, "keys-replica-ring")["inputs"], named(source, "keys-replica")["inputs"]
    built_ring = f"projects/{ring_inputs['project']}/locations/{ring_inputs['location']}/keyRings/{ring_inputs['name']}"
    assert built_ring == RING_ID
    assert f"{key_inputs['keyRing']}/cryptoKeys/{key_inputs['name']}" == KEY_ID
    encryption = named(source, "storage-checkpoints-replica")["inputs"]["encryption"]
    assert encryption == {"defaultKmsKeyName": KEY_ID}
    for read in (ring, key):
        # A read declares nothing and carries no option: the engine never updates or deletes it.
        assert (read["inputs"], read["protect"], read["retainOnDelete"]) == ({}, False, False)


def test_drill_reads_the_sources_replica_buckets_and_their_log_bucket() -> None:
    """Each data bucket's replica and the source's access-log bucket in this region are reads by
    `<project>/<name>` of the source plan's buckets."""
    plan, source = render_recovery("gcp"), render_plan("gcp")
    for name, source_name in ADOPTED.items():
        if not name.startswith("storage-"):
            continue
        inputs = named(source, source_name)["inputs"]
        read = named(plan, name)
        assert (read["type"], read["adopted"]) == (BUCKET, "read")
        assert read["adoptedId"] == BUCKET_IDS[name] == f"{inputs['project']}/{inputs['name']}"
        assert inputs["location"] == "ASIA-SOUTHEAST2"


def test_drill_registers_no_data_key_or_policy() -> None:
    """A drill owns no data: every key ring, key and bucket is a read, there is no transfer job
    and no IAM member on a bucket, and the only key grants are the cluster's own (additive
    members, removed with the drill). Nothing is imported."""
    plan = render_recovery("gcp")
    for resource in plan["resources"]:
        if resource["type"] in DATA_TYPES:
            assert resource.get("adopted") == "read", resource["name"]
    assert sorted(adopted(plan)) == sorted(ADOPTED)
    assert {r["adopted"] for r in adopted(plan).values()} == {"read"}
    assert resources(plan, TRANSFER_JOB) == []
    assert resources(plan, BUCKET_MEMBER) == []
    assert sorted(g["name"] for g in resources(plan, KEY_MEMBER)) == ["cluster-key-compute", "cluster-key-gke"]
    for component in ("corridor:index:KeyManagement", "corridor:index:ReplicatedStorage"):
        assert {r.get("adopted") for r in children_of(plan, component)} == {"read"}


def test_drill_outputs_name_the_adopted_copies_and_no_replica() -> None:
    """The adopted replica is the primary copy, in asia-southeast2 under the adopted key;
    nothing replicates, and the keys output names the adopted key on both sides."""
    plan, source = render_recovery("gcp"), render_plan("gcp")
    log = named(source, "storage-access-log-bucket-asia-southeast2")["inputs"]["name"]
    for bucket in ("checkpoints", "weights"):
        name = named(source, f"storage-{bucket}-replica")["inputs"]["name"]
        assert plan["outputs"]["storage"]["buckets"][bucket] == {
            "primaryName": name,
            "primaryUrl": f"gs://{name}",
            "primaryRegion": "asia-southeast2",
            "primaryKeyId": KEY_ID,
            "replicaName": None,
            "replicaUrl": None,
            "replicaRegion": None,
            "replicaKeyId": None,
            "primaryAccessLog": f"gs://{log}",
            "replicaAccessLog": None,
            "replication": "none",
            "rpo": "none",
        }
    keys = plan["outputs"]["keys"]
    assert (keys["keyId"], keys["keyRegion"]) == (KEY_ID, "asia-southeast2")
    assert (keys["replicaKeyId"], keys["replicaKeyRegion"]) == (KEY_ID, "asia-southeast2")


def test_failover_imports_the_same_resources_protected_with_the_sources_inputs() -> None:
    """Drill to failover: every read becomes an import of the same id under the same URN (an
    import of a former external resource, never a delete), protected and retained, with exactly
    the inputs the source declared (so the import changes nothing); nothing the drill had is gone."""
    drill, failover, source = render_recovery("gcp"), render_recovery("gcp", FAILOVER), render_plan("gcp")
    assert sorted(adopted(failover)) == sorted(ADOPTED)
    for name, source_name in ADOPTED.items():
        read, imported, original = named(drill, name), named(failover, name), named(source, source_name)
        assert (imported["urn"], imported["type"]) == (read["urn"], read["type"])
        assert (imported["adopted"], imported["adoptedId"]) == ("import", read["adoptedId"])
        assert (imported["protect"], imported["retainOnDelete"]) == (True, True)
        assert imported["inputs"] == original["inputs"], name
    assert named(failover, "keys-primary")["inputs"]["deletionPolicy"] == "PREVENT"
    assert {r["urn"] for r in drill["resources"]} <= {r["urn"] for r in failover["resources"]}


def test_failover_declares_the_storage_agents_key_grant_retained() -> None:
    """A failover owns the buckets, so it declares what they need: the Cloud Storage agent may
    use the adopted key. It is the source's grant again (an idempotent IAM member), retained so
    destroying the recovery stack never revokes it; the adopted buckets wait for it."""
    failover, source = render_recovery("gcp", FAILOVER), render_plan("gcp")
    grant = named(failover, "storage-primary-key-agent")
    assert grant["inputs"] == {"cryptoKeyId": KEY_ID, "role": KMS_ROLE, "member": GCS_AGENT}
    assert grant["inputs"] == named(source, "storage-replica-key-agent")["inputs"]
    assert (grant["protect"], grant["retainOnDelete"]) == (True, True)
    for name in BUCKET_IDS:
        assert grant["urn"] in named(failover, name)["dependsOn"]


def test_failover_without_onward_replicates_nothing() -> None:
    """Without its own drRegion a failover creates no key, bucket or job: drRegion is the lost
    region, where nothing can be written until failback."""
    plan = render_recovery("gcp", FAILOVER)
    for resource in plan["resources"]:
        if resource["type"] in DATA_TYPES:
            assert resource.get("adopted") == "import", resource["name"]
    assert resources(plan, BUCKET_MEMBER) == []
    for bucket in ("checkpoints", "weights"):
        outputs = plan["outputs"]["storage"]["buckets"][bucket]
        assert (outputs["replication"], outputs["rpo"], outputs["replicaName"]) == ("none", "none", None)
    assert plan["outputs"]["keys"]["replicaKeyId"] == KEY_ID


def test_onward_failover_builds_a_key_and_replicas_in_a_third_region() -> None:
    """With `drRegion: asia-east1` a failover adopts the same resources and builds, with the
    recovery stack's own names, a protected key in asia-east1, a log bucket and one replica
    bucket per data bucket there, each encrypted with the new key."""
    plan, failover = render_recovery("gcp", ONWARD), render_recovery("gcp", FAILOVER)
    assert {n: (r["urn"], r["adoptedId"]) for n, r in adopted(plan).items()} == {
        n: (r["urn"], r["adoptedId"]) for n, r in adopted(failover).items()
    }
    ring, key = named(plan, "keys-replica-ring"), named(plan, "keys-replica")
    assert "adopted" not in ring
    assert "adopted" not in key
    assert ring["inputs"] == {
        "name": "corridor-gcp-asia-southeast2-dr-keys",
        "location": ONWARD_REGION,
        "project": PROJECT,
    }
    assert key["inputs"]["keyRing"] == ONWARD_RING_ID
    assert key["inputs"]["labels"]["stack"] == "gcp-asia-southeast2-dr"
    for resource in (ring, key):
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True)
    assert plan["outputs"]["keys"]["replicaKeyId"] == ONWARD_KEY_ID
    log = named(plan, f"storage-access-log-bucket-{ONWARD_REGION}")
    assert "adopted" not in log
    assert log["inputs"]["encryption"] == {"defaultKmsKeyName": ONWARD_KEY_ID}
    source_names = {b["inputs"]["name"] for b in resources(render_plan("gcp"), BUCKET)}
    for bucket in ("checkpoints", "weights"):
        replica = named(plan, f"storage-{bucket}-replica")
        inputs = replica["inputs"]
        assert "adopted" not in replica
        assert (inputs["location"], inputs["encryption"]) == ("ASIA-EAST1", {"defaultKmsKeyName": ONWARD_KEY_ID})
        assert inputs["name"].startswith(f"corridor-{bucket}-asia-east1-")
        assert inputs["name"] not in source_names
        assert inputs["logging"] == {"logBucket": log["inputs"]["name"]}
        assert (replica["protect"], replica["retainOnDelete"]) == (True, True)


def test_onward_failover_replicates_from_the_adopted_copy() -> None:
    """One replication job per bucket from the adopted copy to the new replica, run by this
    project's transfer agent; its grants on the adopted copy (the objectViewer one is the same
    member the source's job holds there) are retained, those on the new replica are ordinary."""
    plan = render_recovery("gcp", ONWARD)
    assert len(resources(plan, TRANSFER_JOB)) == 2
    for bucket in ("checkpoints", "weights"):
        primary = named(plan, f"storage-{bucket}-primary")["inputs"]["name"]
        replica = named(plan, f"storage-{bucket}-replica")["inputs"]["name"]
        job = named(plan, f"storage-{bucket}-replication")
        assert job["inputs"] == {
            "description": f"corridor gcp-asia-southeast2-dr: replicate {bucket} asia-southeast2 -> {ONWARD_REGION}",
            "project": PROJECT,
            "replicationSpec": {
                "gcsDataSource": {"bucketName": primary},
                "gcsDataSink": {"bucketName": replica},
                "transferOptions": {"overwriteWhen": "DIFFERENT"},
            },
        }
        assert (job["protect"], job["retainOnDelete"]) == (True, True)
        grants = [g for g in resources(plan, BUCKET_MEMBER) if g["name"].startswith(f"storage-{bucket}-")]
        assert sorted(
            (g["inputs"]["bucket"], g["inputs"]["role"], g["inputs"]["member"], g["retainOnDelete"]) for g in grants
        ) == sorted(
            [
                (primary, "roles/storage.legacyBucketOwner", TRANSFER_AGENT, True),
                (primary, "roles/storage.objectViewer", TRANSFER_AGENT, True),
                (replica, "roles/storage.legacyBucketWriter", TRANSFER_AGENT, False),
                (replica, "roles/storage.objectViewer", TRANSFER_AGENT, False),
            ]
        )
        assert all(g["urn"] in job["dependsOn"] for g in grants)
        outputs = plan["outputs"]["storage"]["buckets"][bucket]
        assert (outputs["replication"], outputs["rpo"]) == ("gcs-cross-bucket", "none-documented")
        assert (outputs["primaryName"], outputs["replicaName"]) == (primary, replica)
        assert (outputs["replicaRegion"], outputs["replicaKeyId"]) == (ONWARD_REGION, ONWARD_KEY_ID)


@pytest.mark.parametrize("edits", [{}, FAILOVER], ids=["drill", "failover"])
def test_cluster_encrypts_secrets_and_boot_disks_with_the_adopted_key(edits: dict[str, Any]) -> None:
    """GKE needs the Secrets key in the cluster's region: the adopted key. Its agents' grants on
    it are additive IAM members the recovery stack creates (removing them on a drill's destroy
    revokes only what the drill granted), and every pool's boot disks use the same key."""
    plan = render_recovery("gcp", edits)
    [cluster] = resources(plan, CLUSTER)
    assert cluster["inputs"]["location"] == "asia-southeast2"
    assert cluster["inputs"]["databaseEncryption"] == {"keyName": KEY_ID, "state": "ENCRYPTED"}
    for grant in resources(plan, KEY_MEMBER):
        if grant["name"].startswith("cluster-"):
            assert grant["inputs"]["cryptoKeyId"] == KEY_ID
            assert "adopted" not in grant
    pools = resources(plan, NODE_POOL)
    assert pools
    assert {pool["inputs"]["nodeConfig"]["bootDiskKmsKey"] for pool in pools} == {KEY_ID}


DUAL_SOURCE = {"drRegion": "asia-east1"}
"""The source with a drRegion that forms the ASIA dual-region with asia-southeast1."""


def _render_dual_recovery(monkeypatch: pytest.MonkeyPatch, mode: str) -> dict[str, Any]:
    """The recovery stack of a source that replicates through a dual-region bucket: the source's
    stack file read with `DUAL_SOURCE` (the program and the renderer both read it through
    `components.program.stack_reader`), the recovery stack placed in asia-east1's zones."""
    reader = program.stack_reader

    def dual_source_reader(project_dir: Any) -> Any:
        read = reader(project_dir)

        def edited(stack: str) -> dict[str, Any]:
            values = read(stack)
            if stack == "gcp-asia-southeast1":
                values = {**values, **{f"corridor:{k}": v for k, v in DUAL_SOURCE.items()}}
            return values

        return edited

    monkeypatch.setattr(program, "stack_reader", dual_source_reader)
    config = stack_config.load(PROJECT_DIR, "gcp-asia-southeast2-dr")
    values = {
        **config.values,
        "corridor:zones": '["asia-east1-a", "asia-east1-b", "asia-east1-c"]',
        "corridor:recoveryMode": mode,
    }
    edited = stack_config.StackConfig(config.project, config.stack, values, config.secret_keys)
    return render_config(PROJECT_DIR, edited).plan


def test_dual_region_source_adopts_its_one_bucket_and_its_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A source whose pair forms a dual-region has no replica bucket: its one ASIA bucket holds
    the data in both regions, under a key in the `asia` KMS location. The recovery stack reads
    (drill) or imports (failover, the source's inputs) that bucket and that key, and reads no log
    bucket (the source's is in the lost region); a failover owns the bucket's turbo replication."""
    source = render_plan("gcp", DUAL_SOURCE)
    dual_ring = f"projects/{PROJECT}/locations/asia/keyRings/corridor-gcp-asia-southeast1-keys"
    expected = {
        "keys-primary-ring": f"projects/{PROJECT}/locations/asia-east1/keyRings/corridor-gcp-asia-southeast1-keys",
        "keys-primary": f"projects/{PROJECT}/locations/asia-east1/keyRings/corridor-gcp-asia-southeast1-keys"
        "/cryptoKeys/corridor-data",
        "storage-dual-region-key-ring": dual_ring,
        "storage-dual-region-key": f"{dual_ring}/cryptoKeys/corridor-data",
        "storage-checkpoints": f"{PROJECT}/{named(source, 'storage-checkpoints')['inputs']['name']}",
        "storage-weights": f"{PROJECT}/{named(source, 'storage-weights')['inputs']['name']}",
    }
    drill = _render_dual_recovery(monkeypatch, "drill")
    assert {n: (r["adopted"], r["adoptedId"]) for n, r in adopted(drill).items()} == {
        n: ("read", i) for n, i in expected.items()
    }
    for resource in drill["resources"]:
        if resource["type"] in DATA_TYPES:
            assert resource.get("adopted") == "read", resource["name"]
    failover = _render_dual_recovery(monkeypatch, "failover")
    assert sorted(adopted(failover)) == sorted(expected)
    for name in expected:
        imported = named(failover, name)
        assert (imported["urn"], imported["adoptedId"]) == (named(drill, name)["urn"], expected[name])
        assert (imported["adopted"], imported["protect"], imported["retainOnDelete"]) == ("import", True, True)
        source_name = {"keys-primary-ring": "keys-replica-ring", "keys-primary": "keys-replica"}.get(name, name)
        assert imported["inputs"] == named(source, source_name)["inputs"], name
    assert named(failover, "storage-weights")["inputs"]["rpo"] == "ASYNC_TURBO"
    outputs = failover["outputs"]["storage"]["buckets"]["weights"]
    assert (outputs["replication"], outputs["rpo"]) == ("gcs-dual-region-turbo", "15m")
    assert (outputs["primaryRegion"], outputs["replicaRegion"]) == ("asia-east1", "asia-southeast1")
    assert outputs["primaryKeyId"] == f"{dual_ring}/cryptoKeys/corridor-data"
    drill_outputs = drill["outputs"]["storage"]["buckets"]["weights"]
    assert (drill_outputs["replication"], drill_outputs["replicaName"]) == ("none", None)
