"""A stand-in cloud for offline renders: records every registration and answers like a cloud.

`RecordingMonitor` keeps each `RegisterResource` request (the mock `Mocks` API hides protect,
retainOnDelete, parent and dependencies, pulumi/pulumi#14421). `MockCloud` returns ids and
computed attributes shaped like the real ones (ARNs, key URIs, resource ids), so outputs in a
plan read like a real stack's. Invokes must be answered explicitly: an unknown invoke token
raises, because the SDK would otherwise return an empty result and the program would carry on
with `None` values.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks

ACCOUNT_ID = "123456789012"
AZURE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"


def stable_uuid(*parts: str) -> str:
    return str(uuid.UUID(hashlib.sha256("/".join(parts).encode()).hexdigest()[:32]))


class RecordingMonitor(MockMonitor):
    """A MockMonitor that also keeps the raw registration requests, in order."""

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.requests: list[Any] = []
        self.urns: list[str] = []

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            self.requests.append(request)
            self.urns.append(response.urn)
        return response


class MockCloud(Mocks):
    """Answers registrations and invokes the way the clouds would, deterministically."""

    def __init__(self) -> None:
        self.provider_inputs: dict[str, dict[str, Any]] = {}
        """Inputs of each provider registered so far, by provider id."""
        self.calls: list[MockCallArgs] = []

    def region_of(self, args: MockResourceArgs) -> str:
        """The resource's own region input, else its provider's region or location."""
        provider = self.provider_inputs.get(args.provider.rsplit("::", 1)[-1] if args.provider else "", {})
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
            self.provider_inputs[provider_id] = dict(args.inputs)
            return provider_id, state
        computed = COMPUTED.get(args.typ)
        extra = computed(self, args, state) if computed else {}
        resource_id = str(extra.pop("id", f"{args.name}-id"))
        state.update(extra)
        state.setdefault("id", resource_id)
        return resource_id, state

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        self.calls.append(args)
        answer = INVOKES.get(args.token)
        if answer is None:
            raise NotImplementedError(
                f"corridor's mock cloud has no answer for invoke {args.token}; add one to INVOKES"
            )
        return answer(args), None


def _aws_kms_key(cloud: MockCloud, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    region = cloud.region_of(args)
    key_id = ("mrk-" if state.get("multiRegion") else "") + stable_uuid(args.name).replace("-", "")
    return {"id": key_id, "keyId": key_id, "arn": f"arn:aws:kms:{region}:{ACCOUNT_ID}:key/{key_id}"}


def _aws_kms_replica(cloud: MockCloud, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    primary_arn = str(state.get("primaryKeyArn", ""))
    key_id = primary_arn.rsplit("/", 1)[-1]
    region = cloud.region_of(args)
    return {"id": key_id, "keyId": key_id, "arn": f"arn:aws:kms:{region}:{ACCOUNT_ID}:key/{key_id}"}


def _aws_alias(cloud: MockCloud, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    region = cloud.region_of(args)
    return {"id": state["name"], "arn": f"arn:aws:kms:{region}:{ACCOUNT_ID}:{state['name']}"}


def _gcp_key_ring(cloud: MockCloud, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"projects/{state['project']}/locations/{state['location']}/keyRings/{state['name']}"}


def _gcp_crypto_key(cloud: MockCloud, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"{state['keyRing']}/cryptoKeys/{state['name']}"}


def _azure_id(provider: str, state: dict[str, Any], kind: str, name: str) -> str:
    group = state.get("resourceGroupName", "")
    return f"/subscriptions/{AZURE_SUBSCRIPTION}/resourceGroups/{group}/providers/{provider}/{kind}/{name}"


def _azure_group(cloud: MockCloud, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["resourceGroupName"]
    return {"id": f"/subscriptions/{AZURE_SUBSCRIPTION}/resourceGroups/{name}", "name": name}


def _azure_vault(cloud: MockCloud, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["vaultName"]
    properties = dict(state.get("properties") or {})
    properties["vaultUri"] = f"https://{name}.vault.azure.net/"
    return {"id": _azure_id("Microsoft.KeyVault", state, "vaults", name), "name": name, "properties": properties}


def _azure_key(cloud: MockCloud, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    vault, key = state["vaultName"], state["keyName"]
    uri = f"https://{vault}.vault.azure.net/keys/{key}"
    version = stable_uuid(args.name).replace("-", "")
    return {
        "id": _azure_id("Microsoft.KeyVault", state, f"vaults/{vault}/keys", key),
        "name": key,
        "keyUri": uri,
        "keyUriWithVersion": f"{uri}/{version}",
    }


ComputedState = Callable[["MockCloud", MockResourceArgs, dict[str, Any]], dict[str, Any]]
"""Cloud-computed attributes (ids, ARNs, URIs) of one resource type, from its inputs."""

COMPUTED: dict[str, ComputedState] = {
    "aws:kms/key:Key": _aws_kms_key,
    "aws:kms/replicaKey:ReplicaKey": _aws_kms_replica,
    "aws:kms/alias:Alias": _aws_alias,
    "gcp:kms/keyRing:KeyRing": _gcp_key_ring,
    "gcp:kms/cryptoKey:CryptoKey": _gcp_crypto_key,
    "azure-native:resources:ResourceGroup": _azure_group,
    "azure-native:keyvault:Vault": _azure_vault,
    "azure-native:keyvault:Key": _azure_key,
}

INVOKES: dict[str, Callable[[MockCallArgs], dict[str, Any]]] = {}
