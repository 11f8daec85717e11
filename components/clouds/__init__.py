"""Registry of cloud adapters, keyed by cloud id, imported lazily.

`adapter_for("aws")` imports `components.clouds.aws` and nothing else: rendering an AWS stack never
loads `pulumi_gcp` or `pulumi_azure_native` (hundreds of MB; tests/test_architecture.py checks it).
"""

from __future__ import annotations

import importlib

from components.clouds.base import CloudAdapter, RegionContext
from components.spec import SUPPORTED_CLOUDS

ADAPTER_MODULES: dict[str, str] = {cloud: f"components.clouds.{cloud}.adapter" for cloud in SUPPORTED_CLOUDS}


def adapter_for(context: RegionContext) -> CloudAdapter:
    """The adapter of the stack's cloud, importing only that cloud's SDK."""
    module = importlib.import_module(ADAPTER_MODULES[context.spec.cloud])
    adapter_class: type[CloudAdapter] = module.Adapter
    return adapter_class(context)
