"""Render one stack offline: run the real program under the SDK's mock runtime, record it all.

The program (`__main__.py`) runs exactly as under `pulumi up`: same config rules, same code path,
same validation. Only the engine is replaced by a recording monitor. The result is the plan
document of DESIGN.md section 7.
"""

from __future__ import annotations

import runpy
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from google.protobuf import json_format
from pulumi.runtime import settings
from pulumi.runtime.proto import resource_pb2
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from corridor import stack_config
from corridor.mockcloud import MockCloud, RecordingMonitor

# Wire-format signatures (pulumi/sdk/go/common/resource/sig).
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e"
SIG_KEY = "4dabf18193072939515e22adb298388d"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
SECRET_MASK = "[secret]"


@dataclass
class Rendered:
    """One stack's render: the plan document plus what tests want to inspect."""

    plan: dict[str, Any]
    seconds: float
    calls: list[Any] = field(default_factory=list)


def render(project_dir: Path, stack: str, *, preview: bool = False) -> Rendered:
    """Render `stack` of the project in `project_dir`. Raises SpecError for invalid config."""
    return render_config(project_dir, stack_config.load(project_dir, stack), preview=preview)


def render_config(project_dir: Path, config: stack_config.StackConfig, *, preview: bool = False) -> Rendered:
    """Render the program in `project_dir` with `config` (tests pass edited configs here).

    Validates first, exactly as the program will, so an invalid stack raises `SpecError` with the
    problem list rather than a `RunError` from inside the mock runtime.
    """
    from components.definition import describe_departures, load_spec
    from components.definition.baseline import read_baseline
    from components.program import stack_reader

    started = time.perf_counter()
    baseline = read_baseline(project_dir)
    spec = load_spec(config.values, baseline, config.secret_keys, stack_reader(project_dir))
    run = run_program(project_dir, config, preview=preview)
    values = config.values
    plan = {
        "stack": config.stack,
        "project": config.project,
        # From the validated spec: a recovery stack's file names only its source.
        "cloud": spec.cloud,
        "region": spec.region,
        "drRegion": spec.dr_region,
        "resources": ordered(
            [_resource(request, urn) for request, urn in zip(run.monitor.requests, run.monitor.urns, strict=True)]
        ),
        "outputs": run.outputs,
        # Extension of the contract: structured Pulumi.yaml values this stack replaced or merged
        # into (`corridor:overrides`), so a reviewer sees that the fleet definition does not apply whole.
        "stackOverrides": describe_departures(values, baseline),
    }
    if spec.recovery is not None:
        # Extension of the contract: a recovery stack says whose region it stands up and how
        # (docs/dr-runbook.md); its adopted resources carry `adopted`.
        plan["recovery"] = {
            "from": spec.recovery.stack,
            "lostRegion": spec.recovery.region,
            "mode": spec.recovery_mode,
            "standby": spec.standby,
            "onward": spec.recovery.onward,
        }
    return Rendered(plan=plan, seconds=time.perf_counter() - started, calls=list(run.mocks.calls))


@dataclass
class ProgramRun:
    """What one run of the program under the mock runtime left behind."""

    monitor: RecordingMonitor
    mocks: MockCloud
    outputs: dict[str, Any]


def run_program(project_dir: Path, config: stack_config.StackConfig, *, preview: bool = False) -> ProgramRun:
    """Run `__main__.py` under the mock runtime with `config`; exceptions propagate."""
    mocks = MockCloud()
    monitor = RecordingMonitor(mocks)
    settings.ROOT.set(None)  # a fresh root Stack per render (pulumi/pulumi#8280)
    pulumi.runtime.set_all_config(config.values, list(config.secret_keys))
    pulumi.runtime.set_mocks(mocks, project=config.project, stack=config.stack, preview=preview, monitor=monitor)
    root = pulumi.runtime.get_root_resource()
    assert root is not None

    entry = project_dir / "__main__.py"
    if str(project_dir) not in sys.path:
        sys.path.insert(0, str(project_dir))

    def program() -> None:
        runpy.run_path(str(entry), run_name="__main__")

    _sync_await(run_pulumi_func(program))
    stack_outputs: dict[str, Any] = root.outputs  # type: ignore[attr-defined]
    outputs = {name: _sync_await(_resolve(value)) for name, value in sorted(stack_outputs.items())}
    return ProgramRun(monitor=monitor, mocks=mocks, outputs=outputs)


async def _resolve(value: Any) -> Any:
    """A stack output as plain JSON, with secret outputs masked."""
    if isinstance(value, pulumi.Output):
        if await value.is_secret():
            return SECRET_MASK
        return await _resolve(await value.future())
    if isinstance(value, dict):
        return {key: await _resolve(item) for key, item in value.items()}
    if isinstance(value, list):
        return [await _resolve(item) for item in value]
    return _number(value)


def _resource(request: Any, urn: str) -> dict[str, Any]:
    if isinstance(request, resource_pb2.ReadResourceRequest):
        return _read(request, urn)
    inputs = json_format.MessageToDict(request.object, preserving_proto_field_name=True)
    return {
        "urn": urn,
        "type": request.type,
        "name": request.name,
        "custom": bool(request.custom),
        "parent": request.parent or None,
        "provider": _provider_urn(request.provider),
        "protect": bool(request.protect),
        "retainOnDelete": bool(request.retainOnDelete),
        "dependsOn": sorted(request.dependencies),
        "inputs": _clean(inputs),
        # Extension of the contract: inputs the engine leaves to the cloud after creation (e.g.
        # node counts the autoscaler owns), which a reviewer must know a later diff will skip.
        "ignoreChanges": sorted(request.ignoreChanges),
        # Extension of the contract: the URNs this resource was known by before, which the engine
        # adopts instead of deleting and creating (tests/stacks/test_urns.py relies on them).
        "aliases": alias_urns(request, urn),
        # Extension of the contract: an existing resource this stack takes over (`import_`), by
        # its cloud id; the engine imports it instead of creating one (review_dr_policy.md D2).
        **({"adopted": "import", "adoptedId": request.importId} if request.importId else {}),
    }


def _read(request: Any, urn: str) -> dict[str, Any]:
    """A resource's `get`: an existing resource referenced by its cloud id, recorded in state as
    external, read during preview and never modified or deleted (review_dr_policy.md D1). Marked
    `adopted: read` so a reviewer and `corridor diff` see that the stack does not own it."""
    return {
        "urn": urn,
        "type": request.type,
        "name": request.name,
        "custom": True,
        "parent": request.parent or None,
        "provider": _provider_urn(request.provider),
        "protect": False,
        "retainOnDelete": False,
        "dependsOn": sorted(request.dependencies),
        "inputs": _clean(json_format.MessageToDict(request.properties, preserving_proto_field_name=True)),
        "ignoreChanges": [],
        "aliases": [],
        "adopted": "read",
        "adoptedId": request.id,
    }


def alias_urns(request: Any, urn: str) -> list[str]:
    """Every alias of a registration as a full URN, whether the SDK sent a URN or a spec.

    A spec names only what changed (name, type, parent); the rest is the resource's own. The
    type is qualified the way every URN in the plan is (the mock monitor's `make_urn`): the
    parent's own type, `$`, the type.
    """
    stack_prefix, _, rest = urn.partition("::")  # `urn:pulumi:<stack>`, `<project>::<type>::<name>`
    project = rest.split("::", 1)[0]
    urns = set(request.aliasURNs)
    for alias in request.aliases:
        if alias.urn:
            urns.add(alias.urn)
            continue
        spec = alias.spec
        parent = "" if spec.noParent else (spec.parentUrn or request.parent)
        type_ = spec.type or request.type
        qualified = f"{parent.split('::')[2].split('$')[-1]}${type_}" if parent else type_
        prefix = f"urn:pulumi:{spec.stack}" if spec.stack else stack_prefix
        urns.add(f"{prefix}::{spec.project or project}::{qualified}::{spec.name or request.name}")
    return sorted(urns)


def ordered(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Resources in a deterministic creation order: each after its parent, provider and
    dependencies, ties broken by URN.

    The engine receives registrations in whatever order their inputs resolve, which varies
    between runs; a plan committed for review must not reorder itself when nothing changed.
    """
    by_urn = {resource["urn"]: resource for resource in resources}
    waiting_on = {
        urn: {dep for dep in [r["parent"], r["provider"], *r["dependsOn"]] if dep in by_urn}
        for urn, r in by_urn.items()
    }
    result: list[dict[str, Any]] = []
    ready = sorted(urn for urn, deps in waiting_on.items() if not deps)
    while ready:
        urn = ready.pop(0)
        result.append(by_urn[urn])
        for other, deps in waiting_on.items():
            if urn in deps:
                deps.discard(urn)
                if not deps:
                    ready.append(other)
        ready.sort()
    assert len(result) == len(resources), "dependency cycle among registered resources"
    return result


def _provider_urn(reference: str) -> str | None:
    """A provider reference is `<urn>::<id>`; the plan shows the URN."""
    return reference.rsplit("::", 1)[0] if reference else None


def _clean(value: Any) -> Any:
    """Wire values as a reviewer reads them: secrets masked, references as URNs, ints as ints."""
    if isinstance(value, dict):
        if value.get(SIG_KEY) == SECRET_SIG:
            return SECRET_MASK
        if value.get(SIG_KEY) == RESOURCE_SIG:
            return value.get("urn")
        return {key: _clean(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if value == UNKNOWN:
        return "[unknown]"
    return _number(value)


def _number(value: Any) -> Any:
    # The wire format has only doubles; a whole number is shown as the integer it was.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
