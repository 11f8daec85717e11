"""What every per-cloud mock shares: the graph of answered resources, the registration a mock
answer sees, and the placeholders for facts no config holds.

A cloud derives ids from what already exists: a cluster's VPC is the VPC of its subnets, a
resource id names the subscription the provider is logged into. So every answer is given a
`Registration` (or, for invokes, the `Graph`) and reads referenced resources and provider inputs
from it instead of making up ids from its own name. Answers stay deterministic: they depend only
on the resource's inputs, its provider's inputs and the resources those inputs name, all of which
exist before the resource registers (an input that holds another resource's id resolves only
after that resource's registration returned), never on the order unrelated resources arrived in.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs

# Placeholders for facts that come from the caller's credentials, never from corridor's config.
# All-zero so no reader mistakes them for a real account; the mock uses them only when the
# provider's inputs do not name the account/subscription/tenant themselves.
PLACEHOLDER_AWS_ACCOUNT = "000000000000"
"""The AWS account of every ARN, unless the provider pins exactly one `allowedAccountIds` entry."""
PLACEHOLDER_AZURE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
"""Used only when the azure-native provider has no `subscriptionId` input."""
PLACEHOLDER_AZURE_TENANT = "00000000-0000-0000-0000-000000000000"
"""Used only when the azure-native provider has no `tenantId` input."""


def stable_uuid(*parts: str) -> str:
    """A UUID that depends only on `parts`: the mock's source of opaque, deterministic ids."""
    return str(uuid.UUID(hashlib.sha256("/".join(parts).encode()).hexdigest()[:32]))


@dataclass(frozen=True)
class Node:
    """One resource the mock cloud has answered: its type, logical name, id and full state."""

    type: str
    name: str
    id: str
    state: Mapping[str, Any]


class Graph:
    """Every resource registered so far, by id and by URN (providers included).

    The SDK registers resources from a thread pool, so every access holds a lock. Ids are unique
    per type, not across types (an S3 bucket and an IAM role may share a name-shaped id), hence
    lookups by id name the type they expect.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_id: dict[str, list[Node]] = {}
        self._by_urn: dict[str, Node] = {}

    def add(self, node: Node) -> None:
        with self._lock:
            self._by_id.setdefault(node.id, []).append(node)

    def add_urn(self, urn: str, node: Node) -> None:
        """Record the URN the engine gave `node` (the monitor knows it, the mock API does not)."""
        with self._lock:
            self._by_urn[urn] = node

    def get(self, resource_id: str, type_: str) -> Node | None:
        """The resource of type `type_` with id `resource_id`, if this graph holds it."""
        with self._lock:
            matches = [node for node in self._by_id.get(resource_id, []) if node.type == type_]
        if len(matches) > 1:
            raise ValueError(f"the mock cloud holds {len(matches)} {type_} resources with id {resource_id}")
        return matches[0] if matches else None

    def by_urn(self, urn: str) -> Node | None:
        with self._lock:
            return self._by_urn.get(urn)

    def find(self, type_: str, **state: Any) -> list[Node]:
        """Resources of `type_` whose state holds every given `key=value`, ordered by id."""
        with self._lock:
            nodes = [node for nodes in self._by_id.values() for node in nodes if node.type == type_]
        return sorted(
            (node for node in nodes if all(node.state.get(key) == value for key, value in state.items())),
            key=lambda node: node.id,
        )

    def provider_inputs(self, reference: str | None) -> Mapping[str, Any]:
        """Inputs of the provider a `<urn>::<id>` reference names; empty for none or unknown."""
        if not reference:
            return {}
        urn, _, provider_id = reference.rpartition("::")
        # By URN when the monitor reported it, else by id and the type the URN spells.
        node = self.by_urn(urn) or self.get(provider_id, urn_type(urn))
        return node.state if node is not None and node.id == provider_id else {}


def urn_type(urn: str) -> str:
    """The resource type of `urn:pulumi:<stack>::<project>::<parent types$>type::<name>`."""
    parts = urn.split("::")
    return parts[2].rsplit("$", 1)[-1] if len(parts) > 3 else ""


@dataclass(frozen=True)
class Registration:
    """One resource registration as a per-cloud answer sees it."""

    args: MockResourceArgs
    region: str
    """The resource's own region/location input, else its provider's."""
    provider: Mapping[str, Any]
    """Inputs of the resource's provider (account, subscription, project settings)."""
    graph: Graph

    @property
    def name(self) -> str:
        return self.args.name


ComputedState = Callable[[Registration, dict[str, Any]], dict[str, Any]]
"""Cloud-computed attributes (ids, ARNs, URIs) of one resource type, from the registration and
its inputs; `id` in the result is the resource id."""


class InvokeAnswer(Protocol):
    """The result of one invoke. `graph` is None only when a unit test calls the answer directly."""

    def __call__(self, args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]: ...
