"""Helpers shared by the per-cloud mock answers."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from pulumi.runtime.mocks import MockResourceArgs

ACCOUNT_ID = "123456789012"
AZURE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"

ComputedState = Callable[[str, MockResourceArgs, dict[str, Any]], dict[str, Any]]
"""Cloud-computed attributes (ids, ARNs, URIs) of one resource type, from (region, args, inputs)."""


def stable_uuid(*parts: str) -> str:
    return str(uuid.UUID(hashlib.sha256("/".join(parts).encode()).hexdigest()[:32]))
