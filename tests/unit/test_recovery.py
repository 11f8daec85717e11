"""Recovery stacks (`corridor:recoverFrom`) as validation sees them: the source's definition in
the source's DR region, the few settings a recovery stack may have of its own, and every way a
recovery can be impossible, reported with its path before anything is registered."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pulumi
import pytest

from components.clouds.features import RECOVERY
from components.clouds.registry import profile_for
from components.definition import SpecError, StackSpec, load_spec
from components.program import stack_reader
from corridor import stack_config
from corridor.render import run_program
from tests.conftest import BASELINE, PROJECT_DIR, RECOVERY_STACK_OF_CLOUD, STACK_OF_CLOUD, edited_config

RESERVED = {
    "name": "train",
    "accelerator": "H100",
    "gpusPerNode": 8,
    "minNodes": 2,
    "maxNodes": 4,
    "capacity": "reserved",
}
RESERVED_SOURCE = {
    "gpuPools": [RESERVED],
    "reservations": {"train": {"kind": "capacityBlock", "id": "cr-0123456789abcdef0", "zone": "ap-southeast-1b"}},
}


def _recovery(source_edits: dict[str, Any] | None = None, **own: Any) -> dict[str, Any]:
    """The AWS recovery stack's config with `own` settings, over the AWS example as its source
    with `source_edits`, and a reader that serves that source."""
    source = edited_config("aws", source_edits or {})
    config = dict(stack_config.load(PROJECT_DIR, RECOVERY_STACK_OF_CLOUD["aws"]).values)
    for key, value in own.items():
        config[f"corridor:{key}"] = value if isinstance(value, str) else json.dumps(value)
    return {"config": config, "read": lambda name: {STACK_OF_CLOUD["aws"]: source.values}[name]}


def _load(case: Mapping[str, Any]) -> StackSpec:
    return load_spec(case["config"], BASELINE, (), case["read"])


def _problems(case: Mapping[str, Any]) -> list[str]:
    with pytest.raises(SpecError) as caught:
        _load(case)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("cloud", sorted(RECOVERY_STACK_OF_CLOUD))
def test_a_committed_recovery_stack_is_its_source_in_the_dr_region(cloud: str) -> None:
    """The recovery stack runs in the source's drRegion, points back at the lost region, and has
    the source's pools, tags, keys and buckets."""
    recovery = stack_config.load(PROJECT_DIR, RECOVERY_STACK_OF_CLOUD[cloud])
    source = stack_config.load(PROJECT_DIR, STACK_OF_CLOUD[cloud])
    spec = load_spec(recovery.values, BASELINE, recovery.secret_keys, stack_reader(PROJECT_DIR))
    original = load_spec(source.values, BASELINE, source.secret_keys)
    assert (spec.region, spec.dr_region) == (original.dr_region, original.region)
    assert spec.recovery is not None
    assert (spec.recovery.stack, spec.recovery.region, spec.recovery.onward) == (
        STACK_OF_CLOUD[cloud],
        original.region,
        False,
    )
    assert spec.recovery_mode == "drill"
    assert spec.gpu_pools == original.gpu_pools
    assert (spec.tags, spec.keys, spec.storage, spec.observability) == (
        original.tags,
        original.keys,
        original.storage,
        original.observability,
    )


def test_a_reservation_does_not_move_and_a_pilot_light_keeps_pools_at_zero() -> None:
    """A reserved pool is bought on demand in the DR region (its reservation holds capacity in the
    lost region only); with `standby: pilotLight` every pool keeps zero nodes until failover."""
    cold = _load(_recovery(RESERVED_SOURCE))
    assert [(p.capacity, p.min_nodes) for p in cold.gpu_pools] == [("onDemand", 2)]
    assert cold.reservations == {}
    pilot = _load(_recovery(RESERVED_SOURCE, standby="pilotLight"))
    assert [(p.capacity, p.min_nodes, p.max_nodes) for p in pilot.gpu_pools] == [("onDemand", 0, 4)]
    assert pilot.standby == "pilotLight"


def test_onward_replication_goes_to_a_further_region() -> None:
    """Setting drRegion on the recovery stack replicates onward; the lost region is refused."""
    onward = _load(_recovery(drRegion="ap-southeast-2"))
    assert (onward.dr_region, onward.recovery and onward.recovery.onward) == ("ap-southeast-2", True)
    assert _problems(_recovery(drRegion="ap-southeast-1")) == [
        "corridor:drRegion: replication continues onward to a further region, neither the lost region (failing "
        "back there is the runbook's failback) nor this stack's own; remove it to replicate nowhere until failback"
    ]


CASES: list[tuple[str, dict[str, Any] | None, dict[str, Any], list[str]]] = [
    (
        "definition-set-on-the-recovery-stack",
        None,
        {"tags": {"team": "other", "purpose": "training", "environment": "prod", "costCenter": "ai-1234"}},
        [
            "corridor:tags: a recovery stack takes its definition from 'aws-ap-southeast-1'; set this there, "
            "or remove it here"
        ],
    ),
    (
        "source-without-replication",
        {"storage": {**BASELINE["corridor:storage"], "replication": False}},
        {},
        [
            "corridor:recoverFrom: 'aws-ap-southeast-1' does not replicate its buckets (storage.replication: false), "
            "so its DR region holds no copy to recover onto; turn replication on in the source first"
        ],
    ),
    (
        "onward-region-outside-residency",
        {"residency": ["SG", "ID"]},
        {"drRegion": "ap-southeast-2"},
        ["corridor:drRegion: 'ap-southeast-2' is in AU, outside corridor:residency (SG, ID)"],
    ),
    (
        "source-is-a-recovery-stack",
        {"recoverFrom": "aws-ap-southeast-1"},
        {},
        [
            "corridor:recoverFrom: 'aws-ap-southeast-1' is itself a recovery stack; "
            "recover from the stack it stands in for"
        ],
    ),
]


@pytest.mark.parametrize(("source_edits", "own", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_an_impossible_recovery_is_reported_with_its_path(
    source_edits: dict[str, Any] | None, own: dict[str, Any], expected: list[str]
) -> None:
    """Each reason a recovery cannot work is one `path: reason` line, with what to do."""
    assert _problems(_recovery(source_edits, **own)) == expected


def test_a_missing_source_is_reported() -> None:
    """A recoverFrom naming no stack file says which stacks exist."""
    config = {**_recovery()["config"], "corridor:recoverFrom": "aws-nowhere"}
    problems = _problems({"config": config, "read": stack_reader(PROJECT_DIR)})
    assert problems[0].startswith(
        "corridor:recoverFrom: 'aws-nowhere' cannot be read: stacks/Pulumi.aws-nowhere.yaml: does not exist"
    )


def test_recovery_settings_need_a_recovery_stack() -> None:
    """recoveryMode and standby on an ordinary stack are mistakes, not silent no-ops."""
    config = edited_config("aws", {"recoveryMode": "failover", "standby": "pilotLight"}).values
    with pytest.raises(SpecError) as caught:
        load_spec(config, BASELINE)
    assert [str(p) for p in caught.value.problems] == [
        "corridor:recoveryMode: only applies to a recovery stack (corridor:recoverFrom)",
        "corridor:standby: only applies to a recovery stack (corridor:recoverFrom)",
    ]


def test_a_cloud_that_cannot_adopt_replicas_refuses_recovery() -> None:
    """The kubernetes cloud replicates nothing, so a recovery stack of it is refused with its reason."""
    source = edited_config("kubernetes", {})
    config = {**source.values, "corridor:recoverFrom": "kubernetes-riyadh-1"}
    with pytest.raises(SpecError) as caught:
        load_spec(config, BASELINE, source.secret_keys, lambda name: source.values)
    assert (
        f"corridor:recoverFrom: kubernetes cannot do {RECOVERY}: {profile_for('kubernetes').unsupported[RECOVERY]}"
        in [str(p) for p in caught.value.problems]
    )


def test_an_invalid_recovery_stack_registers_nothing() -> None:
    """Under the real program, an impossible recovery is a RunError before any resource."""
    recovery = stack_config.load(PROJECT_DIR, RECOVERY_STACK_OF_CLOUD["aws"])
    values = {**recovery.values, "corridor:drRegion": "ap-southeast-1"}
    with pytest.raises(pulumi.RunError, match="replication continues onward"):
        run_program(PROJECT_DIR, stack_config.StackConfig(recovery.project, recovery.stack, values, ()))
    from pulumi.runtime import settings

    assert getattr(settings.SETTINGS.monitor, "requests", None) == []


def test_azure_recovery_needs_its_own_group_and_the_source_subscription() -> None:
    """An Azure recovery stack deploys into a resource group of its own (the source's group keeps
    its metadata in the lost region) and adopts the replicas in the source's subscription, so it
    may not move to another one."""
    recovery = stack_config.load(PROJECT_DIR, RECOVERY_STACK_OF_CLOUD["azure"])
    values = {
        **{key: value for key, value in recovery.values.items() if key != "corridor:azureResourceGroup"},
        "corridor:azureSubscriptionId": "22222222-2222-2222-2222-222222222222",
    }
    with pytest.raises(SpecError) as caught:
        load_spec(values, BASELINE, (), stack_reader(PROJECT_DIR))
    assert [str(p) for p in caught.value.problems] == [
        "corridor:azureSubscriptionId: a recovery stack takes its definition from 'azure-uaenorth'; set this there, "
        "or remove it here",
        "corridor:azureResourceGroup: a recovery stack needs its own: the source's lives in the lost region "
        "(`python -m corridor dr plan --from azure-uaenorth` writes one)",
    ]
