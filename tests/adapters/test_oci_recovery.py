"""A recovery stack on OCI (in me-riyadh-1, from oci-me-jeddah-1): the source's DR vault, key and
replica buckets, found by the display names and physical names the source gave them, are only
read in a drill and imported, protected and retained, in a failover with the source's inputs; an
onward drRegion gets a new vault, key and replicas, replicated to as any stack does.

The recovery stacks are written here to a temporary folder: `corridor dr plan` writes the
committed ones, and the onward case needs a source whose residency admits a third region, which
no committed OCI stack has.
"""

from __future__ import annotations

import copy
import json
import tempfile
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

from components import program
from corridor import stack_config
from corridor.mockcloud.oci import key_ocid, vault_answer, vault_segment
from corridor.render import render_config
from tests.conftest import PROJECT_DIR, render_plan
from tests.plans import named, resources

SOURCE = "oci-me-jeddah-1"
STACK = "oci-me-riyadh-1-dr"
REGION, LOST, ONWARD = "me-riyadh-1", "me-jeddah-1", "me-dubai-1"
COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaa1111111111111111111111111111111111111111111111111111"
NAMESPACE = "ax6f7ae5554b"
VAULT_NAME = f"corridor-{SOURCE}-keys-{REGION}"
"""The display name the source gave its vault in this region; the recovery stack looks it up."""
KEY_NAME = f"corridor-{SOURCE}-data"
VAULT = vault_answer(vault_segment(COMPARTMENT, REGION, VAULT_NAME), REGION)
"""The mock cloud's vault of that name: the same OCID and endpoints the source's render gave it."""
KEY_ID = key_ocid(VAULT["managementEndpoint"], KEY_NAME)
KEY_IMPORT_ID = f"managementEndpoint/{VAULT['managementEndpoint']}/keys/{KEY_ID}"
"""pulumi_oci.kms.Key's read and import id: the vault's management endpoint and the key OCID."""
BUCKETS = {
    "checkpoints": "corridor-oci-me-jeddah-1-checkpoints-replica-e9c03c7b",
    "weights": "corridor-oci-me-jeddah-1-weights-replica-6e3c803f",
}
"""The source's replica of each neutral bucket, in this region."""
SOURCE_LOG_GROUP = "corridor-oci-me-jeddah-1-access-logs-me-riyadh-1-58eae256"

ADOPTED = {
    "keys-primary-vault": ("oci:Kms/vault:Vault", VAULT["id"]),
    "keys-primary": ("oci:Kms/key:Key", KEY_IMPORT_ID),
    **{
        f"storage-{bucket}-primary": ("oci:ObjectStorage/bucket:Bucket", f"n/{NAMESPACE}/b/{physical}")
        for bucket, physical in BUCKETS.items()
    },
}
"""What a recovery stack adopts, by logical name: type and cloud id."""
DATA_TYPES = ("oci:Kms/", "oci:ObjectStorage/", "oci:Logging/")
PAIRS = [
    ("keys-replica-vault", "keys-primary-vault"),
    ("keys-replica", "keys-primary"),
    *[
        (f"storage-{bucket}-replica{s}", f"storage-{bucket}-primary{s}")
        for bucket in BUCKETS
        for s in ("", "-lifecycle")
    ],
]
"""(the source's resource, the failover's resource that adopts or re-declares it)."""


def recovery_file(mode: str, dr_region: str | None) -> str:
    lines = ["config:", f"  corridor:recoverFrom: {SOURCE}", f"  corridor:recoveryMode: {mode}"]
    if dr_region is not None:
        lines.append(f"  corridor:drRegion: {dr_region}")
    return "\n".join(lines) + "\n"


@cache
def _render(mode: str, onward: bool) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        (path / f"Pulumi.{STACK}.yaml").write_text(recovery_file(mode, ONWARD if onward else None), encoding="utf-8")
        config = stack_config.load(PROJECT_DIR, STACK, directory=path)
    if not onward:
        return json.dumps(render_config(PROJECT_DIR, config).plan)
    # Onward replication from Riyadh needs a third region the source's residency admits: the source
    # as committed, allowing the UAE too.
    reader = program.stack_reader(PROJECT_DIR)

    def read(stack: str) -> dict[str, Any]:
        values = reader(stack)
        if stack == SOURCE:
            values["corridor:residency"] = json.dumps(["SA", "AE"])
        return values

    with mock.patch.object(program, "stack_reader", return_value=read):
        return json.dumps(render_config(PROJECT_DIR, config).plan)


def render_recovery(mode: str = "drill", onward: bool = False) -> dict[str, Any]:
    """The plan of the recovery stack of oci-me-jeddah-1 in me-riyadh-1, rendered once per process."""
    return copy.deepcopy(json.loads(_render(mode, onward)))


def adopted(plan: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {r["name"]: (r["type"], r["adoptedId"]) for r in plan["resources"] if r.get("adopted")}


def provider_region(resource: dict[str, Any]) -> str:
    return str(resource["provider"]).rsplit("::", 1)[1].removeprefix("oci-")


def test_the_adopted_ids_are_those_of_the_sources_dr_copies() -> None:
    """The vault, key and buckets looked up here are exactly those the source made in its
    drRegion: the same display names, key OCID and bucket names in the source's plan."""
    source = render_plan("oci")
    vault = named(source, "keys-replica-vault")
    assert (vault["inputs"]["displayName"], provider_region(vault)) == (VAULT_NAME, REGION)
    key = named(source, "keys-replica")["inputs"]
    assert (key["displayName"], key["managementEndpoint"]) == (KEY_NAME, VAULT["managementEndpoint"])
    assert source["outputs"]["keys"]["replicaKeyId"] == KEY_ID
    for bucket, physical in BUCKETS.items():
        assert named(source, f"storage-{bucket}-replica")["inputs"]["name"] == physical
    assert named(source, "storage-access-logs-dr")["inputs"]["displayName"] == SOURCE_LOG_GROUP


def test_drill_only_reads_the_dr_copies() -> None:
    """A drill reads the vault, the key and each replica bucket by id, and registers no vault,
    key, bucket, bucket setting, log or Object Storage grant of its own."""
    plan = render_recovery()
    assert plan["recovery"]["mode"] == "drill"
    assert adopted(plan) == ADOPTED
    for resource in resources(plan):
        if resource.get("adopted"):
            assert resource["adopted"] == "read"
            assert (resource["protect"], resource["retainOnDelete"]) == (False, False)
            assert provider_region(resource) == REGION
    own = [r["name"] for r in resources(plan) if r["type"].startswith(DATA_TYPES) and not r.get("adopted")]
    assert [name for name in own if name.startswith(("keys", "storage"))] == []
    assert [r["name"] for r in resources(plan, "oci:Identity/policy:Policy") if r["name"].startswith("storage")] == []


def test_lookups_name_the_sources_display_names_in_this_region() -> None:
    """The vault, key and log group are found by the source's display names, active or enabled
    only (a vault or key pending deletion keeps its name, and its data is already unreadable)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        (path / f"Pulumi.{STACK}.yaml").write_text(recovery_file("drill", None), encoding="utf-8")
        calls = render_config(PROJECT_DIR, stack_config.load(PROJECT_DIR, STACK, directory=path)).calls
    by_token = {call.token: call.args for call in calls}
    assert by_token["oci:Kms/getVaults:getVaults"] == {
        "compartmentId": COMPARTMENT,
        "filters": [{"name": "display_name", "values": [VAULT_NAME]}, {"name": "state", "values": ["ACTIVE"]}],
    }
    assert by_token["oci:Kms/getKeys:getKeys"] == {
        "compartmentId": COMPARTMENT,
        "managementEndpoint": VAULT["managementEndpoint"],
        "filters": [{"name": "display_name", "values": [KEY_NAME]}, {"name": "state", "values": ["ENABLED"]}],
    }
    assert by_token["oci:Logging/getLogGroups:getLogGroups"] == {
        "compartmentId": COMPARTMENT,
        "displayName": SOURCE_LOG_GROUP,
    }
    assert by_token["oci:ObjectStorage/getNamespace:getNamespace"] == {"compartmentId": COMPARTMENT}


def test_drill_outputs_name_the_adopted_copies_and_replicate_nothing() -> None:
    """The adopted key is both keys; each bucket's primary is the source's replica, still logging
    to the source's log group here; nothing replicates."""
    plan = render_recovery()
    assert plan["outputs"]["keys"] == {
        "keyId": KEY_ID,
        "keyRegion": REGION,
        "replicaKeyId": KEY_ID,
        "replicaKeyRegion": REGION,
        "rotationDays": 90,
    }
    for bucket, physical in BUCKETS.items():
        result = plan["outputs"]["storage"]["buckets"][bucket]
        log_group = result.pop("primaryAccessLog")
        assert log_group.startswith(f"ocid1.loggroup.oc1.{REGION}.")
        assert result == {
            "primaryName": physical,
            "primaryUrl": f"https://objectstorage.{REGION}.oraclecloud.com/n/{NAMESPACE}/b/{physical}",
            "primaryRegion": REGION,
            "primaryKeyId": KEY_ID,
            "replicaName": None,
            "replicaUrl": None,
            "replicaRegion": None,
            "replicaKeyId": None,
            "replicaAccessLog": None,
            "replication": "none",
            "rpo": "none",
        }


def test_failover_imports_the_same_resources_under_the_same_urns_protected() -> None:
    """Drill to failover: every read becomes an import of the same id under the same URN (never a
    delete), protected and retained."""
    drill, failover = render_recovery(), render_recovery("failover")
    assert adopted(failover) == ADOPTED
    for name in ADOPTED:
        assert named(failover, name)["urn"] == named(drill, name)["urn"]
        resource = named(failover, name)
        assert resource["adopted"] == "import"
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True)


def test_failover_declares_exactly_the_sources_inputs() -> None:
    """The imported vault, key and buckets, and the lifecycle policy re-declared on each bucket,
    have the source's inputs (its tags, compartment and names; the key's endpoint and each
    bucket's key are the adopted vault's and key's), so the import changes nothing; all stateful."""
    source, failover = render_plan("oci"), render_recovery("failover")
    for source_name, name in PAIRS:
        theirs, ours = named(source, source_name), named(failover, name)
        assert ours["type"] == theirs["type"]
        assert ours["inputs"] == theirs["inputs"], name
        assert provider_region(ours) == REGION
        assert (ours["protect"], ours["retainOnDelete"]) == (True, True)
    assert named(failover, "keys-primary")["inputs"]["freeformTags"]["stack"] == SOURCE
    assert named(failover, "storage-weights-primary")["inputs"]["kmsKeyId"] == KEY_ID


def test_failover_grants_its_region_and_replicates_nowhere_without_an_onward_region() -> None:
    """The failover lets this region's Object Storage use the adopted key and manage objects
    (the lifecycle policies it re-declares); with no drRegion of its own nothing replicates and
    no vault, key, bucket or log is made."""
    plan = render_recovery("failover")
    assert named(plan, "storage-key-policy")["inputs"]["statements"] == [
        f"Allow service objectstorage-{REGION} to use keys in compartment id {COMPARTMENT} "
        f"where target.key.id = '{KEY_ID}'"
    ]
    assert named(plan, "storage-service-policy")["inputs"]["statements"] == [
        f"Allow service objectstorage-{REGION} to manage object-family in compartment id {COMPARTMENT}"
    ]
    for name in ("storage-key-policy", "storage-service-policy"):
        assert named(plan, name)["inputs"]["name"].startswith(f"corridor-{STACK}-object-storage-")
    made = [r["name"] for r in resources(plan) if r["type"].startswith(DATA_TYPES) and not r.get("adopted")]
    assert sorted(name for name in made if name.startswith(("keys", "storage"))) == [
        "storage-checkpoints-primary-lifecycle",
        "storage-weights-primary-lifecycle",
    ]
    keys = plan["outputs"]["keys"]
    assert (keys["replicaKeyId"], keys["replicaKeyRegion"]) == (KEY_ID, REGION)
    for result in plan["outputs"]["storage"]["buckets"].values():
        assert (result["replicaName"], result["replication"], result["rpo"]) == (None, "none", "none")


def test_onward_failover_replicates_to_a_new_vault_key_and_buckets_in_the_third_region() -> None:
    """With its own drRegion, a failover makes a new vault and key there (the adopted key's vault
    is the source's and stays in this region) and a replica of each adopted bucket, and replicates
    into them once the adopted bucket is made writable (docs/dr-runbook.md)."""
    plan = render_recovery("failover", onward=True)
    assert plan["drRegion"] == ONWARD
    assert adopted(plan) == ADOPTED
    vault = named(plan, "keys-replica-vault")
    assert vault["inputs"]["displayName"] == f"corridor-{STACK}-keys-{ONWARD}"
    assert vault["inputs"]["vaultType"] == "VIRTUAL_PRIVATE"
    assert provider_region(vault) == ONWARD
    key = named(plan, "keys-replica")
    assert key["inputs"]["displayName"] == f"corridor-{STACK}-data"
    assert key["inputs"]["freeformTags"]["stack"] == STACK
    assert provider_region(key) == ONWARD
    for resource in (vault, key):
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True)
    onward_key = plan["outputs"]["keys"]["replicaKeyId"]
    assert onward_key.startswith(f"ocid1.key.oc1.{ONWARD}.")
    assert named(plan, "storage-key-policy")["inputs"]["statements"] == [
        f"Allow service objectstorage-{REGION} to use keys in compartment id {COMPARTMENT} "
        f"where target.key.id = '{KEY_ID}'",
        f"Allow service objectstorage-{ONWARD} to use keys in compartment id {COMPARTMENT} "
        f"where target.key.id = '{onward_key}'",
    ]
    for bucket, physical in BUCKETS.items():
        replica = named(plan, f"storage-{bucket}-replica")
        name = replica["inputs"]["name"]
        assert name.startswith(f"corridor-{STACK}-{bucket}-replica-")
        assert (replica["inputs"]["kmsKeyId"], provider_region(replica)) == (onward_key, ONWARD)
        assert (replica["protect"], replica["retainOnDelete"]) == (True, True)
        replication = named(plan, f"storage-{bucket}-replication")
        assert replication["inputs"] == {
            "namespace": NAMESPACE,
            "bucket": physical,
            "name": f"{bucket}-to-{ONWARD}",
            "destinationBucketName": name,
            "destinationRegionName": ONWARD,
        }
        assert provider_region(replication) == REGION
        assert (replication["protect"], replication["retainOnDelete"]) == (True, True)
        result = plan["outputs"]["storage"]["buckets"][bucket]
        assert (result["primaryName"], result["replicaName"]) == (physical, name)
        assert (result["replicaRegion"], result["replicaKeyId"]) == (ONWARD, onward_key)
        assert (result["replication"], result["rpo"]) == ("oci-object-replication", "none-documented")
        log = named(plan, f"storage-{bucket}-replica-write-log")
        assert log["inputs"]["configuration"]["source"]["resource"] == name
        assert provider_region(log) == ONWARD
