"""The clouds corridor supports: each one's packages by cloud id, and its profile.

`CLOUDS` lists the clouds that ship with corridor; everything else (the clouds validation
accepts, the adapter and mock modules, the placement keys the validator knows) derives from the
registry and the profiles. A cloud is a folder: `components/clouds/<cloud>/` holds `profile.py`
(`PROFILE`) and `adapter.py` (`Adapter`), and `corridor/mockcloud/<cloud>.py` answers for it in
offline renders. `register` adds a cloud that lives elsewhere (the test suite registers a fake
one, to prove that a new cloud touches no neutral file).

Imports nothing of corridor at import time: `components.definition` imports this module while it
loads, and profiles import `components.definition`, so loading them here eagerly would be an
import cycle. Profiles import no provider SDK either, so asking for one never loads a cloud's SDK.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from components.clouds.profile import CloudProfile


@dataclass(frozen=True)
class CloudEntry:
    """Where one cloud's code lives."""

    cloud: str
    """The cloud id, `corridor:cloud`."""
    package: str
    """The package holding `profile.PROFILE` and `adapter.Adapter`."""
    mock: str
    """The module holding the cloud's mock answers (`COMPUTED`, `INVOKES`) for offline renders."""


CLOUDS: tuple[str, ...] = ("aws", "gcp", "azure", "oci", "alicloud", "kubernetes")
"""Cloud ids that ship with corridor, in the order they are documented and listed in messages.
A new cloud is its folder under `components/clouds/`, its mock, and its id here."""

_ENTRIES: dict[str, CloudEntry] = {
    cloud: CloudEntry(cloud, f"components.clouds.{cloud}", f"corridor.mockcloud.{cloud}") for cloud in CLOUDS
}


def register(entry: CloudEntry) -> None:
    """Add a cloud whose code lives outside `components/clouds/` (a plugin, a test's fake)."""
    if entry.cloud in _ENTRIES:
        raise ValueError(f"cloud '{entry.cloud}' is already registered")
    _ENTRIES[entry.cloud] = entry
    profile_for.cache_clear()


def unregister(cloud: str) -> None:
    """Remove a cloud added by `register`; the clouds that ship with corridor stay."""
    if cloud in CLOUDS:
        raise ValueError(f"cloud '{cloud}' ships with corridor and cannot be removed")
    _ENTRIES.pop(cloud, None)
    profile_for.cache_clear()


def clouds() -> tuple[str, ...]:
    """Every registered cloud id: those of `CLOUDS`, then any `register`ed, in that order."""
    return tuple(_ENTRIES)


def entry(cloud: str) -> CloudEntry:
    """Where a registered cloud's code lives; KeyError for any other id."""
    if cloud not in _ENTRIES:
        raise KeyError(f"'{cloud}' is not a supported cloud; supported: {', '.join(_ENTRIES)}")
    return _ENTRIES[cloud]


def profile_module(cloud: str) -> str:
    """The module that defines `cloud`'s profile as `PROFILE`."""
    return f"{entry(cloud).package}.profile"


def adapter_module(cloud: str) -> str:
    """The module that defines `cloud`'s adapter as `Adapter` (and imports its provider SDK)."""
    return f"{entry(cloud).package}.adapter"


@functools.cache
def profile_for(cloud: str) -> CloudProfile:
    """The profile of a registered cloud; KeyError for any other id (validate `corridor:cloud`
    against `clouds()` first)."""
    profile: CloudProfile = importlib.import_module(profile_module(cloud)).PROFILE
    if profile.cloud != cloud:
        raise RuntimeError(f"{profile_module(cloud)} defines the profile of '{profile.cloud}', not '{cloud}'")
    return profile


def profiles() -> tuple[CloudProfile, ...]:
    """Every registered cloud's profile, in the order of `clouds()`."""
    return tuple(profile_for(cloud) for cloud in clouds())
