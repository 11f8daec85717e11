"""Physical names: valid for each cloud, deterministic, unique per stack where the cloud needs it."""

from __future__ import annotations

import re

import pytest

from components.clouds.registry import profiles
from components.naming import physical_name

RULES = {(profile.cloud, kind): rule for profile in profiles() for kind, rule in profile.name_rules.items()}
"""Every cloud's name rules, from its profile."""


@pytest.mark.parametrize(("cloud", "kind"), sorted(RULES))
def test_names_respect_length_and_characters(cloud: str, kind: str) -> None:
    """Even an over-long, messy input yields a name within the cloud's limits."""
    rule = RULES[(cloud, kind)]
    name = physical_name(cloud, kind, "Corridor", "AZURE_uaenorth" * 10, "keys!", scope="corridor/x")
    assert 0 < len(name) <= rule.max_length
    assert not re.search(rule.invalid, name), name


def test_names_are_deterministic() -> None:
    """The same inputs give the same name on every render, so plans and DR lookups are stable."""
    first = physical_name("azure", "key_vault", "kv", "uaenorth", scope="corridor/azure-uaenorth")
    assert first == physical_name("azure", "key_vault", "kv", "uaenorth", scope="corridor/azure-uaenorth")


def test_globally_unique_names_differ_between_stacks() -> None:
    """Two stacks never ask for the same globally unique name (Key Vault names are global)."""
    one = physical_name("azure", "key_vault", "kv", "uaenorth", scope="corridor/azure-uaenorth")
    other = physical_name("azure", "key_vault", "kv", "uaenorth", scope="corridor/azure-uaenorth-dr")
    assert one != other
    assert re.fullmatch(r"kv-uaenorth-[0-9a-f]{8}", one)


def test_azure_key_vault_names_fit_24_characters() -> None:
    """Key Vault names are 3-24 characters: long regions are shortened, the suffix kept."""
    name = physical_name("azure", "key_vault", "kv", "australiasoutheast", scope="corridor/s")
    assert len(name) <= 24
    assert re.fullmatch(r"[a-z][a-z0-9-]*[0-9a-f]{8}", name)
