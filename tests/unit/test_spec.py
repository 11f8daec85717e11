"""Valid stack definitions parse into the neutral model with the documented defaults."""

from __future__ import annotations

import pytest

from components.definition import StackSpec, load_spec
from tests.conftest import CLOUDS, STACK_OF_CLOUD, base_config, edited_config


@pytest.mark.parametrize("cloud", CLOUDS)
def test_example_stacks_validate(cloud: str) -> None:
    """Every committed example stack is valid and keeps its cloud and regions."""
    spec = load_spec(base_config(cloud).values)
    assert spec.cloud == cloud
    assert STACK_OF_CLOUD[cloud].startswith(f"{cloud}-{spec.region}")
    assert spec.dr_region != spec.region


def test_project_baseline_reaches_every_stack() -> None:
    """Project-level `tags` and `keys` in Pulumi.yaml apply to a stack that does not override them."""
    spec = load_spec(base_config("aws").values)
    assert spec.tags.cost_center == "ai-1234"
    assert (spec.keys.rotation_days, spec.keys.deletion_window_days) == (90, 30)


def test_keys_default_when_omitted() -> None:
    """Without `corridor:keys` the defaults are rotation every 90 days and a 30-day window."""
    spec = load_spec(edited_config("aws", {"keys": None}).values)
    assert (spec.keys.rotation_days, spec.keys.deletion_window_days) == (90, 30)


def test_stack_value_replaces_project_value_whole() -> None:
    """Pulumi's rule: a stack key replaces the project key; missing nested fields take defaults."""
    spec = load_spec(edited_config("gcp", {"keys": {"rotationDays": 180}}).values)
    assert (spec.keys.rotation_days, spec.keys.deletion_window_days) == (180, 30)


def test_every_spec_field_is_documented() -> None:
    """Each field of every spec model carries a docstring (meaning, unit, default)."""
    from components.definition import Keys, Tags

    for model in (StackSpec, Tags, Keys):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no docstring"
