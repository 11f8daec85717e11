"""Mock answers for a provider's Kubernetes cluster: none are needed.

corridor registers no provider resource there, only Kubernetes objects through the in-cluster
layer, whose state the mock runtime echoes from their inputs as a real API server would accept
them; and it makes no invoke (the stack names region, countries and nodes itself).
"""

from __future__ import annotations

from corridor.mockcloud.common import ComputedState, InvokeAnswer

COMPUTED: dict[str, ComputedState] = {}
INVOKES: dict[str, InvokeAnswer] = {}
