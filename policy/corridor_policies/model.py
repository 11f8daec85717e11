"""The neutral view every policy reads, and the metadata every policy carries.

A policy never sees a Pulumi SDK object: CrossGuard's `ResourceValidationArgs` (in `policy/pack.py`)
and a plan record (in `corridor/check.py`) are both turned into a `Resource`, so the same function
runs at `pulumi preview` and offline.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Enforcement = Literal["mandatory", "advisory"]
Severity = Literal["low", "medium", "high", "critical"]
Kind = Literal["resource", "stack", "offline"]
"""`resource` and `stack` policies run in CrossGuard and offline; `offline` ones only in `corridor check`
(CrossGuard's analyzer protocol does not carry what they read)."""


@dataclass(frozen=True)
class Resource:
    """One resource as a policy sees it: its type token, camelCase inputs, URN, logical name and
    `protect`. `retain_on_delete` and `adopted` exist only offline (plans record them; CrossGuard's
    AnalyzeRequest carries neither)."""

    type: str
    props: Mapping[str, Any]
    urn: str
    name: str
    protect: bool = False
    retain_on_delete: bool | None = None
    adopted: str | None = None

    @property
    def stack(self) -> str:
        """The stack name from the URN (`urn:pulumi:<stack>::<project>::...`), '' if not a URN."""
        parts = self.urn.split("::")
        return parts[0].removeprefix("urn:pulumi:") if parts and parts[0].startswith("urn:pulumi:") else ""


@dataclass(frozen=True)
class Violation:
    """One finding: the policy, the resource it is about (URN and name) and why."""

    policy: str
    urn: str
    name: str
    message: str


ResourceCheck = Callable[[Resource], list[str]]
StackCheck = Callable[[Sequence[Resource]], list[tuple[Resource, str]]]


@dataclass(frozen=True)
class Policy:
    """A policy's metadata and its check. `rule_ids` cites the upstream rules it corresponds to
    (Checkov, Trivy/tfsec AVD, KICS, AWS Config/Security Hub, CIS); `no_upstream` says why a custom
    policy has none."""

    name: str
    description: str
    enforcement: Enforcement
    severity: Severity
    kind: Kind
    rule_ids: tuple[str, ...] = ()
    no_upstream: str = ""
    types: tuple[str, ...] = ()
    """Resource types the policy reads (documentation; a resource policy ignores other types)."""
    check_resource: ResourceCheck | None = None
    check_stack: StackCheck | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def run(self, resources: Sequence[Resource]) -> list[Violation]:
        """Run the policy over one stack's resources (resource policies: each one in turn)."""
        found: list[Violation] = []
        if self.check_resource is not None:
            for resource in resources:
                found += [Violation(self.name, resource.urn, resource.name, m) for m in self.check_resource(resource)]
        if self.check_stack is not None:
            found += [Violation(self.name, r.urn, r.name, m) for r, m in self.check_stack(resources)]
        return found


_MISSING = object()


def get(props: Mapping[str, Any] | Any, path: str, default: Any = None) -> Any:
    """`props` at a dotted camelCase path (`vpcConfig.publicAccessCidrs`), `default` where absent."""
    value: Any = props
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return default
        value = value.get(part, _MISSING)
        if value is _MISSING:
            return default
    return default if value is None else value


def as_list(value: Any) -> list[Any]:
    """A list input as a list (None and a scalar tolerated)."""
    if value is None:
        return []
    if is_list(value):
        return list(value)
    return [value]


def is_list(value: Any) -> bool:
    """A list input, plain or wrapped by CrossGuard's unknown-checking proxy (a Sequence, not a list)."""
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def is_empty(value: Any) -> bool:
    """None, '', False or an empty list/map (proxies included: they do not compare equal to [] or {})."""
    if value is None or value is False or value == "":
        return True
    return (is_list(value) or isinstance(value, Mapping)) and len(value) == 0
