"""Live stacks keep their resources: no URN of a released plan disappears without an alias.

A URN is a resource's identity in state (type, parent chain, logical name). If a refactor
changes it, the next `pulumi up` deletes the old resource and creates a new one; for a key or a
bucket that is data loss. `urn_baseline.json` holds the URNs of every stack as users run it
(recorded from the plans at commit a3c0025, before the issue-10 redesign). Each must still be
rendered, or be an alias of a rendered resource (`ResourceOptions.aliases`), which the engine
adopts in place. Removing a resource on purpose means editing the baseline in the same change,
where a reviewer sees it.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import STACK_OF_CLOUD, render_plan

BASELINE = json.loads((Path(__file__).with_name("urn_baseline.json")).read_text())


@pytest.mark.parametrize("cloud", sorted(STACK_OF_CLOUD))
def test_no_released_urn_disappears_without_an_alias(cloud: str) -> None:
    """Every baseline URN of the cloud's stack is rendered again, or aliased by a resource that is."""
    plan = render_plan(cloud)
    rendered = {resource["urn"] for resource in plan["resources"]}
    aliased = {alias for resource in plan["resources"] for alias in resource["aliases"]}
    lost = [urn for urn in BASELINE[STACK_OF_CLOUD[cloud]] if urn not in rendered | aliased]
    assert not lost, f"URNs gone without an alias (a delete and a create on a live stack): {lost}"


def test_an_alias_carries_a_renamed_resource() -> None:
    """The check sees aliases: a resource renamed with an alias to its old name keeps its URN
    (guards `render.alias_urns`, which turns the SDK's alias specs into URNs)."""
    from pulumi.runtime.proto import alias_pb2

    from corridor.render import alias_urns

    request = SimpleNamespace(
        type="aws:kms/key:Key",
        name="keys-primary-v2",
        parent="urn:pulumi:s::corridor::corridor:index:RegionStack$corridor:index:KeyManagement::keys",
        aliasURNs=[],
        aliases=[alias_pb2.Alias(spec=alias_pb2.Alias.Spec(name="keys-primary"))],
    )

    urn = "urn:pulumi:s::corridor::corridor:index:KeyManagement$aws:kms/key:Key::keys-primary-v2"
    assert alias_urns(request, urn) == [urn.removesuffix("-v2")]
