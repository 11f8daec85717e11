"""The clouds corridor supports, and each one's profile by cloud id.

The list of clouds is `CLOUDS`; everything else (`SUPPORTED_CLOUDS`, the adapter modules, the
placement keys the validator knows) derives from it and from the profiles. A cloud's profile is
`PROFILE` in `components/clouds/<cloud>/profile.py`, imported on first use.

Imports nothing of corridor at import time: `components.definition` imports this module while it
loads, and profiles import `components.definition` (for `Problem`), so loading them here eagerly
would be an import cycle. Profiles import no provider SDK either, so asking for one never loads
a cloud's SDK.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from components.clouds.profile import CloudProfile

CLOUDS: tuple[str, ...] = ("aws", "gcp", "azure")
"""Cloud ids with a profile and an adapter, in the order they are documented and listed in
messages. A new cloud is its folder under `components/clouds/` and its id here."""


def profile_module(cloud: str) -> str:
    """The module that defines `cloud`'s profile as `PROFILE`."""
    return f"components.clouds.{cloud}.profile"


def adapter_module(cloud: str) -> str:
    """The module that defines `cloud`'s adapter as `Adapter` (and imports its provider SDK)."""
    return f"components.clouds.{cloud}.adapter"


@functools.cache
def profile_for(cloud: str) -> CloudProfile:
    """The profile of a supported cloud; KeyError for any other id (validate `corridor:cloud`
    against `CLOUDS` first)."""
    if cloud not in CLOUDS:
        raise KeyError(f"'{cloud}' is not a supported cloud; supported: {', '.join(CLOUDS)}")
    profile: CloudProfile = importlib.import_module(profile_module(cloud)).PROFILE
    if profile.cloud != cloud:
        raise RuntimeError(f"{profile_module(cloud)} defines the profile of '{profile.cloud}', not '{cloud}'")
    return profile


def profiles() -> tuple[CloudProfile, ...]:
    """Every supported cloud's profile, in the order of `CLOUDS`."""
    return tuple(profile_for(cloud) for cloud in CLOUDS)
