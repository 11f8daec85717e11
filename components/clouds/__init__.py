"""Registry of cloud adapters, keyed by cloud id, imported lazily.

`adapter_for("aws")` imports `components.clouds.aws` and nothing else: rendering an AWS stack never
loads `pulumi_gcp` or `pulumi_azure_native` (hundreds of MB; tests/test_architecture.py checks it).
The clouds themselves, and their profiles, are listed in `components.clouds.registry`.

Imports only the registry at import time: `components.definition` imports the registry (for
`SUPPORTED_CLOUDS`), which loads this package first, and `components.clouds.base` imports
`components.definition`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from components.clouds.registry import CLOUDS, adapter_module

if TYPE_CHECKING:
    from components.clouds.base import CloudAdapter, RegionContext

ADAPTER_MODULES: dict[str, str] = {cloud: adapter_module(cloud) for cloud in CLOUDS}


def adapter_for(context: RegionContext) -> CloudAdapter:
    """The adapter of the stack's cloud, importing only that cloud's SDK."""
    module = importlib.import_module(ADAPTER_MODULES[context.spec.cloud])
    adapter_class: type[CloudAdapter] = module.Adapter
    return adapter_class(context)
