"""A stack file never silently drops what the fleet definition (`Pulumi.yaml`) creates.

Guards issue 9 finding 3: `corridor:storage: {noncurrentVersionDays: 60}` in one stack file
replaced the project's whole `storage` value (Pulumi's rule), so every bucket and its
replication vanished from the plan with no word. Now such a replacement is a validation problem
naming what it drops unless acknowledged; `corridor:overrides` changes part of a value instead;
and problems in values that come from `Pulumi.yaml` say so.
"""

from __future__ import annotations

from typing import Any

import pytest

from components.definition import SpecError, describe_departures, load_spec
from components.definition.baseline import dropped, merge
from corridor.render import run_program
from tests.conftest import BASELINE, PROJECT_DIR, base_config

STORAGE_60 = {"noncurrentVersionDays": 60}


def values(cloud: str, **edits: Any) -> dict[str, str]:
    """The example stack's config with raw `corridor:<key>` edits (no automatic acknowledgement)."""
    import json

    config = dict(base_config(cloud).values)
    for key, value in edits.items():
        config[f"corridor:{key}"] = json.dumps(value)
    return config


def problems(config: dict[str, str]) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(config, BASELINE)
    return [str(problem) for problem in caught.value.problems]


def test_replacing_storage_with_one_setting_is_refused_and_names_each_loss() -> None:
    """The issue's one-line stack edit no longer deletes the buckets: it fails validation."""
    assert problems(values("aws", storage=STORAGE_60)) == [
        "corridor:storage: replaces the Pulumi.yaml value whole and so drops storage.buckets.checkpoints, "
        "storage.buckets.weights, storage.versioning, storage.softDeleteDays, storage.replication (a stack key "
        "replaces the project value; Pulumi does not merge). To change only part of it, use corridor:overrides "
        "instead; to drop them on purpose, list them in corridor:dropFromBaseline"
    ]


def test_refused_replacement_registers_nothing() -> None:
    """Under the real program the refusal is a RunError before any resource exists."""
    import pulumi

    config = base_config("aws")
    edited = type(config)(config.project, config.stack, values("aws", storage=STORAGE_60), config.secret_keys)
    with pytest.raises(pulumi.RunError, match=r"drops storage\.buckets\.checkpoints"):
        run_program(PROJECT_DIR, edited)


def test_acknowledged_drop_is_accepted_exactly() -> None:
    """Listing exactly what is dropped in corridor:dropFromBaseline makes the replacement valid."""
    drops = ["storage.buckets.checkpoints", "storage.buckets.weights", "storage.versioning",
             "storage.softDeleteDays", "storage.replication"]  # fmt: skip
    spec = load_spec(values("aws", storage=STORAGE_60, dropFromBaseline=drops), BASELINE)
    assert spec.storage.buckets == []
    assert spec.storage.noncurrent_version_days == 60


def test_partial_acknowledgement_still_names_the_rest() -> None:
    """Acknowledging one bucket does not acknowledge the other."""
    found = problems(
        values("aws", storage={"buckets": [{"name": "checkpoints"}]}, dropFromBaseline=["storage.buckets.x"])
    )
    assert found[0].startswith("corridor:storage: replaces the Pulumi.yaml value whole and so drops ")
    assert "storage.buckets.weights" in found[0]
    assert found[1] == (
        "corridor:dropFromBaseline[0]: 'storage.buckets.x' is not something this stack drops from Pulumi.yaml; "
        "remove it so the list stays exact"
    )


def test_overrides_merge_into_the_project_value() -> None:
    """corridor:overrides changes one setting and keeps the project's buckets and pools."""
    overrides = {"storage": STORAGE_60, "gpuPools": [{"name": "infer", "maxNodes": 2}]}
    config = values("aws", overrides=overrides)
    spec = load_spec(config, BASELINE)
    assert [bucket.name for bucket in spec.storage.buckets] == ["checkpoints", "weights"]
    assert spec.storage.noncurrent_version_days == 60
    assert [(pool.name, pool.accelerator, pool.max_nodes) for pool in spec.gpu_pools] == [
        ("train", "H100", 4),
        ("infer", "L4", 2),
    ]
    assert describe_departures(config, BASELINE) == {"gpuPools": "merged", "storage": "merged"}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"storge": STORAGE_60}, "corridor:overrides.storge: is not a corridor setting (did you mean 'storage'?)"),
        (["storage"], "corridor:overrides: must be a mapping of corridor settings to partial values"),
        (
            {"storage": {"noncurrentVersionDays": 0}},
            "corridor:storage.noncurrentVersionDays: must be between 1 and 3650 days",
        ),
    ],
    ids=["unknown-key", "not-a-mapping", "merged-value-still-validated"],
)
def test_bad_overrides_are_problems(overrides: Any, expected: str) -> None:
    """Overrides are validated like any key: a typo or a bad merged value is named."""
    assert problems(values("aws", overrides=overrides))[0].startswith(expected)


def test_problem_in_a_project_value_says_where_it_comes_from() -> None:
    """A new Azure stack fails on the project's L4 pool; the message says the pool is from Pulumi.yaml."""
    config = dict(base_config("azure").values)
    config["corridor:gpuPools"] = base_config("aws").values["corridor:gpuPools"]  # the project's pools
    assert problems(config) == [
        "corridor:gpuPools[1].accelerator: L4 is not offered by azure; offered by aws, gcp (this value comes from "
        "Pulumi.yaml; change it for this stack with corridor:overrides: {gpuPools: ...})"
    ]


def test_committed_azure_stack_reports_its_replacement() -> None:
    """The example Azure stack replaces the pools whole (same names), which the plan records."""
    assert describe_departures(base_config("azure").values, BASELINE) == {"gpuPools": "replaced"}
    assert describe_departures(base_config("aws").values, BASELINE) == {}


def test_merge_and_dropped_rules() -> None:
    """Mappings merge by key, named lists by name, other lists replace; drops name each entry lost."""
    base = {"a": {"b": 1, "c": 2}, "pools": [{"name": "x", "n": 1}, {"name": "y", "n": 2}], "cidrs": ["1", "2"]}
    patch = {"a": {"c": 3}, "pools": [{"name": "y", "n": 5}, {"name": "z"}], "cidrs": ["9"]}
    assert merge(base, patch) == {
        "a": {"b": 1, "c": 3},
        "pools": [{"name": "x", "n": 1}, {"name": "y", "n": 5}, {"name": "z"}],
        "cidrs": ["9"],
    }
    assert dropped(base, {"a": {"b": 1}, "pools": [{"name": "y"}]}, "k") == ["k.a.c", "k.pools.x", "k.cidrs"]
    assert dropped(base, {}, "k") == ["k.a", "k.pools.x", "k.pools.y", "k.cidrs"]
