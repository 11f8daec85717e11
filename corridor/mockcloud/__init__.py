"""A stand-in cloud for offline renders: records every registration and answers like a cloud.

`RecordingMonitor` keeps each `RegisterResource` request (the mock `Mocks` API hides protect,
retainOnDelete, parent and dependencies, pulumi/pulumi#14421) and each `ReadResource` request
(a resource's `get`, which a recovery stack uses to reference data it must not own). `MockCloud` returns ids and
computed attributes shaped like the real ones (ARNs, key URIs, resource ids), so outputs in a
plan read like a real stack's. It keeps the graph of everything registered so far (by id and
URN, providers included), and every answer derives the ids it names from that graph and from the
provider's inputs (account, subscription, project): an id in a plan names a resource in the plan
or a value of the config, never one the mock made up. Invokes must be answered explicitly: an
unknown invoke token raises, because the SDK would otherwise return an empty result and the
program would carry on with `None` values.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks

from components.clouds.registry import clouds, entry
from corridor.mockcloud.common import ComputedState, Graph, InvokeAnswer, Node, Registration


def answers() -> tuple[dict[str, ComputedState], dict[str, InvokeAnswer]]:
    """Every registered cloud's mock answers (its mock module's `COMPUTED` and `INVOKES`), by
    resource type and invoke token. Type tokens name their package, so clouds never collide."""
    computed: dict[str, ComputedState] = {}
    invokes: dict[str, InvokeAnswer] = {}
    for cloud in clouds():
        module = importlib.import_module(entry(cloud).mock)
        computed.update(module.COMPUTED)
        invokes.update(module.INVOKES)
    return computed, invokes


class RecordingMonitor(MockMonitor):
    """A MockMonitor that also keeps the raw registration and read requests, in order."""

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.requests: list[Any] = []
        """`RegisterResourceRequest`s and `ReadResourceRequest`s (`isinstance` tells them apart)."""
        self.urns: list[str] = []

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            self._record(request, response.urn)
        return response

    def ReadResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        response = super().ReadResource(request)
        self._record(request, response.urn)
        return response

    def _record(self, request: Any, urn: str) -> None:
        self.requests.append(request)
        self.urns.append(urn)
        if isinstance(self.mocks, MockCloud):
            # Only the monitor knows the URN; the mock cloud resolves `<urn>::<id>` references.
            registered = self.resources[urn]
            self.mocks.graph.add_urn(urn, Node(request.type, request.name, str(registered.id), registered.state))


class MockCloud(Mocks):
    """Answers registrations and invokes the way the clouds would, deterministically."""

    def __init__(self) -> None:
        self.graph = Graph()
        """Every resource answered so far, providers included."""
        self.calls: list[MockCallArgs] = []
        self.computed, self.invokes = answers()

    def region_of(self, args: MockResourceArgs, provider: Mapping[str, Any]) -> str:
        """The resource's own region input, else its provider's region or location."""
        return str(
            args.inputs.get("region")
            or args.inputs.get("location")
            or provider.get("region")
            or provider.get("location")
            or ""
        )

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        state = dict(args.inputs)
        if args.typ.startswith("pulumi:providers:"):
            provider_id = f"{args.name}-provider-id"
            self.graph.add(Node(args.typ, args.name, provider_id, state))
            return provider_id, state
        provider = self.graph.provider_inputs(args.provider)
        computed = self.computed.get(args.typ)
        registration = Registration(args, self.region_of(args, provider), provider, self.graph)
        extra = computed(registration, state) if computed else {}
        # A read (`get`) or an import names the existing resource's id; the cloud keeps it.
        resource_id = str(args.resource_id or extra.pop("id", f"{args.name}-id"))
        extra.pop("id", None)
        state.update(extra)
        state.setdefault("id", resource_id)
        self.graph.add(Node(args.typ, args.name, resource_id, state))
        return resource_id, state

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        self.calls.append(args)
        answer = self.invokes.get(args.token)
        if answer is None:
            raise NotImplementedError(
                f"corridor's mock cloud has no answer for invoke {args.token}; add one to its cloud's mock module"
            )
        return answer(args, self.graph), []
