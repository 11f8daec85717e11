"""Shared fixtures: the committed stacks, edited configs, and cached offline renders.

Every render runs the real `__main__.py` under the SDK's mock runtime (corridor.render), so the
tests see exactly what `pulumi up` would register, minus the engine.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from components.capabilities import Capability
from components.clouds.registry import profile_for
from components.definition import baseline
from corridor import stack_config
from corridor.render import render_config

PROJECT_DIR = Path(__file__).resolve().parent.parent
STACKS = stack_config.stack_names(PROJECT_DIR)

CHART_REFERENCE = PROJECT_DIR.parent / "shared" / "chart_reference"
"""The real Helm charts' files (values.yaml, values.schema.json) beside the checkout; chart-value
tests read them from here and never copy them in. Missing, they fail: a skipped check is no check."""

# One committed example stack per cloud: the conformance suite runs the same assertions on each.
STACK_OF_CLOUD = {
    "aws": "aws-ap-southeast-1",
    "gcp": "gcp-asia-southeast1",
    "azure": "azure-uaenorth",
    "oci": "oci-me-jeddah-1",
    "alicloud": "alicloud-ap-southeast-1",
    "kubernetes": "kubernetes-riyadh-1",
}
CLOUDS = sorted(STACK_OF_CLOUD)


def clouds_declaring(capability: Capability) -> list[str]:
    """The clouds whose profile declares `capability`: that capability's conformance tests run on
    exactly these; every other cloud refuses it at validation with its profile's reason
    (tests/unit/test_bad_input.py, tests/adapters/test_kubernetes.py)."""
    return [cloud for cloud in CLOUDS if capability in profile_for(cloud).capabilities]


def base_config(cloud: str) -> stack_config.StackConfig:
    """The committed example stack of `cloud`, as the program receives it."""
    return stack_config.load(PROJECT_DIR, STACK_OF_CLOUD[cloud])


BASELINE = baseline.read_baseline(PROJECT_DIR)


def edited_config(example: str, edits: dict[str, Any]) -> stack_config.StackConfig:
    """The example config of cloud `example` with `corridor:<key>` values replaced (None deletes the key).

    Structured values are given as Python objects and encoded the way the CLI passes them.
    An edit stands for a change to the fleet definition under test, so whatever it drops from
    `Pulumi.yaml` is acknowledged in `corridor:dropFromBaseline` (tests of that rule itself set
    the key explicitly, which wins).
    """
    config = base_config(example)
    values = dict(config.values)
    drops: list[str] = []
    for key, value in edits.items():
        full_key = key if ":" in key else f"corridor:{key}"
        if value is None:
            values.pop(full_key, None)
        else:
            values[full_key] = value if isinstance(value, str) else json.dumps(value)
            if full_key in BASELINE and not isinstance(value, str):
                drops += baseline.dropped(BASELINE[full_key], value, full_key.removeprefix("corridor:"))
    if drops and "dropFromBaseline" not in edits:
        # The stack's own acknowledgements stay (the kubernetes example drops the fleet's buckets).
        stack_drops = json.loads(values.get("corridor:dropFromBaseline", "[]"))
        values["corridor:dropFromBaseline"] = json.dumps([*stack_drops, *(d for d in drops if d not in stack_drops)])
    return stack_config.StackConfig(config.project, config.stack, values, config.secret_keys)


RECOVERY_STACK_OF_CLOUD = {
    "alicloud": "alicloud-ap-southeast-5-dr",
    "aws": "aws-ap-southeast-3-dr",
    "azure": "azure-uaecentral-dr",
    "gcp": "gcp-asia-southeast2-dr",
    "oci": "oci-me-riyadh-1-dr",
}
"""The committed recovery stack (`corridor:recoverFrom`) of each cloud's example stack, as
`python -m corridor dr plan` writes it."""


@cache
def _render_recovery_cached(cloud: str, edits_json: str) -> dict[str, Any]:
    config = stack_config.load(PROJECT_DIR, RECOVERY_STACK_OF_CLOUD[cloud])
    values = dict(config.values)
    for key, value in json.loads(edits_json).items():
        if value is None:
            values.pop(f"corridor:{key}", None)
        else:
            values[f"corridor:{key}"] = value if isinstance(value, str) else json.dumps(value)
    edited = stack_config.StackConfig(config.project, config.stack, values, config.secret_keys)
    return render_config(PROJECT_DIR, edited).plan


def render_recovery(cloud: str, edits: dict[str, Any] | None = None) -> dict[str, Any]:
    """The plan of `cloud`'s committed recovery stack with `corridor:<key>` `edits` (for example
    `{"recoveryMode": "failover"}`), rendered once per process."""
    return copy.deepcopy(_render_recovery_cached(cloud, json.dumps(edits or {}, sort_keys=True)))


@cache
def _render_cached(cloud: str, edits_json: str) -> dict[str, Any]:
    return render_config(PROJECT_DIR, edited_config(cloud, json.loads(edits_json))).plan


def render_plan(cloud: str, edits: dict[str, Any] | None = None) -> dict[str, Any]:
    """The plan of `cloud`'s example stack with `edits`, rendered once per process."""
    return copy.deepcopy(_render_cached(cloud, json.dumps(edits or {}, sort_keys=True)))


@pytest.fixture(params=CLOUDS)
def cloud(request: pytest.FixtureRequest) -> str:
    """Each registered cloud in turn (conformance tests); a capability's suite narrows it to the
    clouds declaring that capability (`clouds_declaring`)."""
    return str(request.param)


@pytest.fixture(params=CLOUDS)
def each_cloud(request: pytest.FixtureRequest) -> str:
    """Each registered cloud in turn, for the tests of a narrowed suite that hold everywhere."""
    return str(request.param)
