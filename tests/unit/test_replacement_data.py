"""The committed replacement data (`corridor/review/replacement.json`) is well formed, complete and
spelled the way the installed provider SDKs spell their inputs.

The PR review trusts this file to say which input changes replace a stateful or GPU resource and
what deleting one does. A type missing from it goes unexplained in a review, and a trigger spelled
differently from the SDK (Terraform's `guest_accelerator` for pulumi-gcp's `guestAccelerators`)
never matches a changed input, so both fail here rather than in a reviewer's blind spot.
The file is read directly, not through `corridor.review`, so these checks hold for the data alone.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import json
import re
from functools import cache
from typing import Any

import pytest

from tests.conftest import PROJECT_DIR

DATA_FILE = PROJECT_DIR / "corridor" / "review" / "replacement.json"
DATA: dict[str, Any] = json.loads(DATA_FILE.read_text())
TYPES: dict[str, dict[str, Any]] = DATA["types"]

CATEGORIES = frozenset(
    {
        "key",
        "key-ring",
        "vault",
        "bucket",
        "storage-account",
        "replication",
        "log-destination",
        "gpu-pool",
        "cluster",
        "disk-encryption",
        "resource-group",
        "versioning",
        "agent",
        # Public access settings of a bucket (Alibaba's ACL and public access block): no data.
        "public-access",
        # Cost budgets and their alert rules and channels: no data (a replaced budget loses only
        # its alert history), so not in knowledge.DANGEROUS_CATEGORIES.
        "budget",
    }
)
ENTRY_KEYS = {"category", "forcesReplacement", "source", "verified", "onDelete"}

# Resource names (the token's last part) of the node-pool, cluster and launch-template types that
# make up a GPU region on each cloud; the review must know them even though none is protected.
GPU_TYPE_NAMES = frozenset({"NodeGroup", "NodePool", "AgentPool", "Cluster", "ManagedCluster", "LaunchTemplate"})
HELM_RELEASE = "kubernetes:helm.sh/v3:Release"

# Package of each provider token prefix, as tests/conformance/test_keys_contract.py maps them.
SDK_PACKAGES = {
    "aws": "pulumi_aws",
    "gcp": "pulumi_gcp",
    "azure-native": "pulumi_azure_native",
    "oci": "pulumi_oci",
    "alicloud": "pulumi_alicloud",
    "kubernetes": "pulumi_kubernetes",
}


def _plan_resources() -> list[dict[str, Any]]:
    """Every resource of every committed plan (plans/*.json)."""
    resources: list[dict[str, Any]] = []
    for path in sorted((PROJECT_DIR / "plans").glob("*.json")):
        resources.extend(json.loads(path.read_text())["resources"])
    return resources


def _normalised(name: str) -> str:
    """`disk_encryption_set_id` and `diskEncryptionSetID` -> `diskencryptionsetid`.

    Triggers use the wire names the plans use, and azure-native keeps Azure's casing there
    (`diskEncryptionSetID`, `dnsServiceIP`) while its Python argument is plain snake_case, so a
    literal snake->camel conversion would miss them; case and underscores carry no meaning here.
    """
    return name.replace("_", "").lower()


def _sdk_class(type_token: str) -> Any:
    """The installed SDK class of `type_token`.

    `aws:eks/nodeGroup:NodeGroup` -> `pulumi_aws.eks.NodeGroup`; Kubernetes module paths keep
    their group (`helm.sh/v3` -> `pulumi_kubernetes.helm.v3`).
    """
    package, module, name = type_token.split(":")
    if package == "kubernetes":
        module_path = module.replace("helm.sh", "helm").replace("/", ".")
    else:
        # pulumi-oci spells modules in its tokens `ObjectStorage`, its Python modules `objectstorage`.
        module_path = module.split("/")[0].lower() if package == "oci" else module.split("/")[0]
    return getattr(importlib.import_module(f"{SDK_PACKAGES[package]}.{module_path}"), name)


@cache
def _sdk_inputs(type_token: str) -> frozenset[str]:
    """The normalised input names the installed SDK class of `type_token` accepts.

    `_internal_init` lists exactly the resource's inputs, as `tag_field` in
    tests/conformance/test_keys_contract.py relies on.
    """
    parameters = inspect.signature(_sdk_class(type_token)._internal_init).parameters
    return frozenset(_normalised(p) for p in parameters if p not in {"self", "__self__", "resource_name", "opts"})


def _args_class(annotation: Any, inputs_module: Any) -> Any:
    """The `...Args` input class an SDK annotation names, or None for a scalar, list of scalars or map.

    The generated SDKs annotate nested inputs as `Union['<Name>Args', '<Name>ArgsDict', ...]`
    (also inside `Sequence[...]` for lists of objects), and define those classes in the
    module's `_inputs`.
    """
    names = re.findall(r"'(\w+Args)'", str(annotation))
    return getattr(inputs_module, names[0], None) if names else None


def _unresolved_segment(type_token: str, trigger: str) -> str | None:
    """The first segment of `trigger` below the top that is not a field of the SDK's Args type at
    that depth, or None when every segment resolves."""
    sdk_class = _sdk_class(type_token)
    inputs_module = importlib.import_module(f"{sdk_class.__module__.rsplit('.', 1)[0]}._inputs")
    parameters = inspect.signature(sdk_class._internal_init).parameters
    top, *rest = trigger.split(".")
    annotation = next(p.annotation for name, p in parameters.items() if _normalised(name) == _normalised(top))
    for segment in rest:
        args_class = _args_class(annotation, inputs_module)
        if args_class is None:
            return segment
        fields = {_normalised(k): k for k, v in vars(args_class).items() if isinstance(v, property)}
        if _normalised(segment) not in fields:
            return segment
        annotation = getattr(args_class, fields[_normalised(segment)]).fget.__annotations__.get("return")
    return None


def test_file_follows_the_schema() -> None:
    """The loader's schema holds: version 1, a check date, an explanation, and for every type a
    known category, a list of distinct dotted input paths, a boolean `verified`, and a non-empty
    source and delete consequence (an entry nobody can trace or explain is worth nothing in review)."""
    assert DATA["schemaVersion"] == 1
    datetime.date.fromisoformat(DATA["checked"])
    assert isinstance(DATA["about"], str)
    assert DATA["about"].strip()
    assert TYPES
    for type_token, entry in TYPES.items():
        assert set(entry) == ENTRY_KEYS, type_token
        assert entry["category"] in CATEGORIES, (type_token, entry["category"])
        assert isinstance(entry["verified"], bool), type_token
        for field in ("source", "onDelete"):
            assert isinstance(entry[field], str), (type_token, field)
            assert entry[field].strip(), (type_token, field)
        triggers = entry["forcesReplacement"]
        assert isinstance(triggers, list), type_token
        # Empty only where the provider replaces the type on no input (an OCI log group updates
        # every input in place); the entry then still says what deleting it does.
        assert len(set(triggers)) == len(triggers), (type_token, "duplicate trigger")
        for trigger in triggers:
            # Camel-case input paths with indices omitted, so they compare with `[i]`-stripped diffs.
            assert isinstance(trigger, str), (type_token, trigger)
            assert not set(trigger) & {"[", "]", "_", " "}, (type_token, trigger)
            assert all(trigger.split(".")), (type_token, trigger)


def test_every_stateful_and_gpu_type_in_the_plans_has_an_entry() -> None:
    """Every custom type a committed plan marks `protect` or `retainOnDelete`, every node-pool,
    cluster and launch-template type, and the Helm release (GPU runtime and agents) has an entry,
    so a new stateful resource cannot enter the plans without the review knowing what replaces it."""
    needed: set[str] = set()
    for resource in _plan_resources():
        type_token = resource["type"]
        if not resource["custom"] or type_token.startswith("pulumi:providers:"):
            continue
        if resource.get("protect") or resource.get("retainOnDelete"):
            needed.add(type_token)
        if type_token.rsplit(":", 1)[-1] in GPU_TYPE_NAMES or type_token == HELM_RELEASE:
            needed.add(type_token)
    assert needed, "no stateful or GPU type found in plans/*.json"
    assert sorted(needed - set(TYPES)) == []


@pytest.mark.parametrize("type_token", sorted(TYPES))
def test_triggers_name_inputs_the_installed_sdk_accepts(type_token: str) -> None:
    """Each trigger's first path segment is an input of the installed SDK class, so a trigger
    spelled after Terraform or an older SDK (which would never match a plan's input) fails here."""
    accepted = _sdk_inputs(type_token)
    unknown = [t for t in TYPES[type_token]["forcesReplacement"] if _normalised(t.split(".")[0]) not in accepted]
    assert unknown == [], f"{type_token}: not an input of the installed SDK: {unknown}"


@pytest.mark.parametrize("type_token", sorted(TYPES))
def test_nested_trigger_segments_are_fields_of_the_sdk_input_types(type_token: str) -> None:
    """Below the top, each segment of a trigger is a field of the SDK's nested input type at that
    depth (`nodeConfig.guestAccelerators`, `networkProfile.dnsServiceIP`), so a nested trigger in
    Terraform spelling (`nodeConfig.guestAccelerator`) or naming a removed field fails too."""
    unresolved = {
        trigger: segment
        for trigger in TYPES[type_token]["forcesReplacement"]
        if _normalised(trigger.split(".")[0]) in _sdk_inputs(type_token)
        and (segment := _unresolved_segment(type_token, trigger)) is not None
    }
    assert unresolved == {}, f"{type_token}: segments the SDK does not define: {unresolved}"
