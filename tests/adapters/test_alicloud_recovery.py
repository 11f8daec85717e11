"""A recovery stack on Alibaba Cloud (in ap-southeast-5, from alicloud-ap-southeast-1): the
source's DR key (found by its alias), alias and replica buckets are only read in a drill and
imported, protected and retained, in a failover with the source's inputs; an onward drRegion gets
a new key and replicas, replicated to as any stack does.

The recovery stacks are written here to a temporary folder: `corridor dr plan` writes the
committed ones, and the onward case needs a source whose residency admits a third region
(Kuala Lumpur, MY), which the committed stack's does not.
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
from corridor.mockcloud.alicloud import key_id
from corridor.render import render_config
from tests.conftest import PROJECT_DIR, render_plan
from tests.plans import named, resources

SOURCE = "alicloud-ap-southeast-1"
STACK = "alicloud-ap-southeast-5-dr"
REGION, LOST, ONWARD = "ap-southeast-5", "ap-southeast-1", "ap-southeast-3"
ALIAS = "alias/corridor-alicloud-ap-southeast-1-keys-ap-southeast-5-d62caaf8"
"""The alias the source gave its key in this region; the recovery stack looks the key up by it."""
KEY_ID = key_id(REGION, ALIAS)
"""The mock cloud's key behind that alias: the id the source's render gave its DR key."""
BUCKETS = {
    "checkpoints": "corridor-alicloud-ap-southeast-1-checkpoints-replica-c2000748",
    "weights": "corridor-alicloud-ap-southeast-1-weights-replica-eb3d599e",
}
"""The source's replica of each neutral bucket, in this region."""
SOURCE_LOGS = "corridor-alicloud-ap-southeast-1-logs-ap-southeast-5-d47126bf"

ADOPTED = {
    "keys-primary": ("alicloud:kms/key:Key", KEY_ID),
    "keys-primary-alias": ("alicloud:kms/alias:Alias", ALIAS),
    **{f"storage-{bucket}-primary": ("alicloud:oss/bucket:Bucket", physical) for bucket, physical in BUCKETS.items()},
}
"""What every recovery stack adopts, by logical name: type and cloud id."""
FAILOVER_ADOPTED = {**ADOPTED, "storage-access-logs": ("alicloud:oss/bucket:Bucket", SOURCE_LOGS)}
"""A failover also imports the source's log bucket here, where the adopted buckets log."""
DATA_TYPES = ("alicloud:kms/", "alicloud:oss/", "alicloud:ram/")
PAIRS = [
    ("keys-replica", "keys-primary"),
    ("keys-replica-alias", "keys-primary-alias"),
    ("storage-access-logs-dr", "storage-access-logs"),
    *[
        (f"storage-{bucket}-replica{suffix}", f"storage-{bucket}-primary{suffix}")
        for bucket in BUCKETS
        for suffix in ("", "-acl", "-public-access-block", "-logging")
    ],
    *[
        (f"storage-access-logs-dr{suffix}", f"storage-access-logs{suffix}")
        for suffix in ("-acl", "-public-access-block")
    ],
]
"""(the source's resource, the failover's resource that adopts or re-declares it)."""


def recovery_file(mode: str, dr_region: str | None) -> str:
    lines = [
        "config:",
        f"  corridor:recoverFrom: {SOURCE}",
        f"  corridor:recoveryMode: {mode}",
        "  corridor:zones: [ap-southeast-5a, ap-southeast-5b]",
    ]
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
    reader = program.stack_reader(PROJECT_DIR)

    def read(stack: str) -> dict[str, Any]:
        values = reader(stack)
        if stack == SOURCE:
            values["corridor:residency"] = json.dumps(["SG", "ID", "MY"])
        return values

    with mock.patch.object(program, "stack_reader", return_value=read):
        return json.dumps(render_config(PROJECT_DIR, config).plan)


def render_recovery(mode: str = "drill", onward: bool = False) -> dict[str, Any]:
    """The plan of the recovery stack of alicloud-ap-southeast-1 in ap-southeast-5, rendered once."""
    return copy.deepcopy(json.loads(_render(mode, onward)))


def adopted(plan: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {r["name"]: (r["type"], r["adoptedId"]) for r in plan["resources"] if r.get("adopted")}


def provider_region(resource: dict[str, Any]) -> str:
    return str(resource["provider"]).rsplit("::", 1)[1].removeprefix("alicloud-")


def test_the_adopted_ids_are_those_of_the_sources_dr_copies() -> None:
    """The alias, key and buckets looked up here are exactly those the source made in its
    drRegion: the same alias, key id and bucket names in the source's plan."""
    source = render_plan("alicloud")
    alias = named(source, "keys-replica-alias")
    assert (alias["inputs"]["aliasName"], provider_region(alias)) == (ALIAS, REGION)
    assert source["outputs"]["keys"]["replicaKeyId"] == KEY_ID
    assert alias["inputs"]["keyId"] == KEY_ID
    for bucket, physical in BUCKETS.items():
        assert named(source, f"storage-{bucket}-replica")["inputs"]["bucket"] == physical
    assert named(source, "storage-access-logs-dr")["inputs"]["bucket"] == SOURCE_LOGS


def test_drill_only_reads_the_dr_copies() -> None:
    """A drill reads the key, its alias and each replica bucket by id, and registers no key,
    bucket, bucket setting, RAM role or policy of its own."""
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


def test_the_key_lookup_names_the_sources_alias() -> None:
    """One `getAliases` by the source's alias (an alias's id is its name), nothing else."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        (path / f"Pulumi.{STACK}.yaml").write_text(recovery_file("drill", None), encoding="utf-8")
        calls = render_config(PROJECT_DIR, stack_config.load(PROJECT_DIR, STACK, directory=path)).calls
    lookups = [call.args for call in calls if call.token == "alicloud:kms/getAliases:getAliases"]
    assert lookups == [{"ids": [ALIAS]}]


def test_drill_outputs_name_the_adopted_copies_and_replicate_nothing() -> None:
    plan = render_recovery()
    assert plan["outputs"]["keys"]["keyId"] == KEY_ID
    assert plan["outputs"]["keys"]["replicaKeyId"] == KEY_ID
    for bucket, physical in BUCKETS.items():
        output = plan["outputs"]["storage"]["buckets"][bucket]
        assert output["primaryName"] == physical
        assert output["primaryRegion"] == REGION
        assert output["primaryKeyId"] == KEY_ID
        assert output["primaryAccessLog"] == f"oss://{SOURCE_LOGS}/"
        assert (output["replicaName"], output["replication"], output["rpo"]) == (None, "none", "none")


def test_failover_imports_the_same_resources_under_the_same_urns_protected() -> None:
    """Drill to failover: every read becomes an import of the same id under the same URN (never a
    delete), protected and retained; the source's log bucket here is imported too."""
    drill, failover = render_recovery(), render_recovery("failover")
    assert adopted(failover) == FAILOVER_ADOPTED
    for name in FAILOVER_ADOPTED:
        resource = named(failover, name)
        assert resource["adopted"] == "import"
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True)
        assert provider_region(resource) == REGION
    for name in ADOPTED:
        assert named(failover, name)["urn"] == named(drill, name)["urn"]


def test_failover_declares_exactly_the_sources_inputs() -> None:
    """The imported key, alias and buckets, and the ACL, public access block and logging
    re-declared on them, have the source's inputs (its tags, resource group, names and key), so
    the import changes nothing; all stateful."""
    source, failover = render_plan("alicloud"), render_recovery("failover")
    for source_name, name in PAIRS:
        theirs, ours = named(source, source_name), named(failover, name)
        assert ours["type"] == theirs["type"]
        assert ours["inputs"] == theirs["inputs"], name
        assert provider_region(ours) == REGION
        assert (ours["protect"], ours["retainOnDelete"]) == (True, True)
    assert named(failover, "keys-primary")["inputs"]["tags"]["stack"] == SOURCE
    assert named(failover, "storage-weights-primary")["inputs"]["serverSideEncryptionRule"]["kmsMasterKeyId"] == KEY_ID


def test_failover_without_an_onward_region_replicates_nowhere() -> None:
    plan = render_recovery("failover")
    assert resources(plan, "alicloud:oss/bucketReplication:BucketReplication") == []
    assert resources(plan, "alicloud:ram/role:Role") == []
    assert len(resources(plan, "alicloud:kms/key:Key")) == 1
    for bucket in BUCKETS:
        output = plan["outputs"]["storage"]["buckets"][bucket]
        assert (output["replicaName"], output["replication"]) == (None, "none")


def test_onward_failover_replicates_to_a_new_key_and_buckets_in_the_third_region() -> None:
    """With drRegion ap-southeast-3 the failover makes a key, alias, log bucket and replicas there
    (through that region's provider) and replicates each adopted bucket to its new replica."""
    plan = render_recovery("failover", onward=True)
    assert adopted(plan) == FAILOVER_ADOPTED
    key = named(plan, "keys-replica")
    assert provider_region(key) == ONWARD
    assert not key.get("adopted")
    assert (key["protect"], key["retainOnDelete"]) == (True, True)
    onward_key = plan["outputs"]["keys"]["replicaKeyId"]
    assert onward_key == key_id(ONWARD, named(plan, "keys-replica-alias")["inputs"]["aliasName"])
    assert provider_region(named(plan, "storage-access-logs-dr")) == ONWARD
    for bucket, physical in BUCKETS.items():
        replica = named(plan, f"storage-{bucket}-replica")
        assert provider_region(replica) == ONWARD
        assert replica["inputs"]["serverSideEncryptionRule"] == {"sseAlgorithm": "KMS", "kmsMasterKeyId": onward_key}
        rule = named(plan, f"storage-{bucket}-replication")
        assert rule["inputs"]["bucket"] == physical
        assert rule["inputs"]["destination"] == {
            "bucket": replica["inputs"]["bucket"],
            "location": f"oss-{ONWARD}",
            "transferType": "internal",
        }
        assert rule["inputs"]["encryptionConfiguration"] == {"replicaKmsKeyId": onward_key}
        assert provider_region(rule) == REGION
        output = plan["outputs"]["storage"]["buckets"][bucket]
        assert (output["replicaRegion"], output["replication"], output["rpo"]) == (
            ONWARD,
            "oss-crr",
            "none-documented",
        )
