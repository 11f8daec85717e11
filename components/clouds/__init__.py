"""Cloud adapters by cloud id, imported lazily.

`adapter_for(context)` imports the stack's cloud package and nothing else: rendering an AWS stack
never loads `pulumi_gcp` or `pulumi_azure_native` (hundreds of MB; tests/test_architecture.py
checks it). The clouds themselves, and their profiles, are listed in `components.clouds.registry`.

Imports only the registry at import time: `components.definition` imports the registry, which
loads this package first, and `components.clouds.base` imports `components.definition`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from components.clouds.registry import adapter_module

if TYPE_CHECKING:
    from components.clouds.base import CloudAdapter, RegionContext


def adapter_for(context: RegionContext) -> CloudAdapter[Any, Any, Any]:
    """The adapter of the stack's cloud, importing only that cloud's SDK. Its handle types are
    the cloud's own; neutral code passes them from one builder to the next unread."""
    module = importlib.import_module(adapter_module(context.spec.cloud))
    adapter_class: type[CloudAdapter[Any, Any, Any]] = module.Adapter
    return adapter_class(context)
