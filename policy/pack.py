"""The CrossGuard wrapping of `corridor_policies`: `policies()` lists them without starting the
policy server (only `PolicyPack(...)` in `__main__.py` does that)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy import (
    Policy as CrossGuardPolicy,
)

from .corridor_policies import POLICIES, Policy, Resource

ENFORCEMENT = {"mandatory": EnforcementLevel.MANDATORY, "advisory": EnforcementLevel.ADVISORY}
SEVERITY = {"low": Severity.LOW, "medium": Severity.MEDIUM, "high": Severity.HIGH, "critical": Severity.CRITICAL}


def view(resource_type: str, props: Mapping[str, Any], urn: str, name: str, protect: bool | None) -> Resource:
    """The neutral view of a resource CrossGuard hands over. `props` stays the analyzer's
    unknown-checking proxy: a policy touching an unknown value raises UnknownValueError and the
    analyzer skips that policy for the resource (an advisory diagnostic during preview)."""
    return Resource(type=resource_type, props=props, urn=urn, name=name, protect=bool(protect))


def _resource_validator(policy: Policy):
    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        assert policy.check_resource is not None
        resource = view(args.resource_type, args.props, args.urn, args.name, args.opts.protect)
        for message in policy.check_resource(resource):
            report_violation(message, None)

    return validate


def _stack_validator(policy: Policy):
    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        assert policy.check_stack is not None
        resources = [view(r.resource_type, r.props, r.urn, r.name, r.opts.protect) for r in args.resources]
        for resource, message in policy.check_stack(resources):
            report_violation(message, resource.urn)

    return validate


def _description(policy: Policy) -> str:
    cited = ", ".join(policy.rule_ids) if policy.rule_ids else policy.no_upstream
    return f"{policy.description} Upstream: {cited}."


def policies() -> list[CrossGuardPolicy]:
    """Every CrossGuard policy of the pack (the `offline` ones are left to `corridor check`)."""
    built: list[CrossGuardPolicy] = []
    for p in POLICIES:
        common: dict[str, Any] = {
            "enforcement_level": ENFORCEMENT[p.enforcement],
            "severity": SEVERITY[p.severity],
            "tags": list(p.rule_ids),
        }
        if p.kind == "resource":
            built.append(ResourceValidationPolicy(p.name, _description(p), validate=_resource_validator(p), **common))
        elif p.kind == "stack":
            built.append(StackValidationPolicy(p.name, _description(p), validate=_stack_validator(p), **common))
    return built
