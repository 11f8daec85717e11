"""The judgement over real previews: a `pulumi preview --json` digest, or an engine-event stream.

Formats (../shared/facts/review_dr_policy.md A2-A7, from pulumi/pulumi `pkg/display/json.go` and
`sdk/go/common/apitype/events.go`):
- the digest is one JSON document: `steps[]` with `op`, `urn`, `oldState`, `newState`,
  `diffReasons`, `replaceReasons`, `detailedDiff` (null on creates, deletes and some replaces),
  then `diagnostics[]` and `changeSummary`;
- an event stream is JSON Lines, one `<kind>Event` per line (`--event-log`, streaming preview, or
  Pulumi Deployments, which adds `type`); steps are `resourcePreEvent.metadata` with `old`/`new`,
  `diffs`, `keys` and `detailedDiff[*].diffKind`; policy results arrive only here.

Every `op` is handled: a replacement shown as steps (`create-replacement`, `replace`,
`delete-replaced`) is one replace; `read`, `import` and `discard` are listed; `same` is listed only
when it changes a protection; `refresh`, `diff` and `extend-parameterize` change nothing. Missing
`protect`/`retainOnDelete` mean false (the engine omits false). Replacement is read from
`replaceReasons`/`keys` and `*-replace` diff kinds, never from `detailedDiff` alone, and corridor's
own list of replace-forcing inputs names the source where it knows the type.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from corridor.review import knowledge
from corridor.review.model import InputChange, Op, ResourceChange, StackReview
from corridor.review.values import ROOT_TYPE, at_path, normalise_urn, shown, urn_name, urn_type

LOGICAL: dict[str, Op] = {
    "same": "same",
    "create": "create",
    "update": "update",
    "delete": "delete",
    "replace": "replace",
    "create-replacement": "replace",
    "delete-replaced": "replace",
    "read": "read",
    "read-replacement": "replace",
    "import": "import",
    "import-replacement": "replace",
    "discard": "discard",
    "discard-replaced": "replace",
}
"""Every step op the engine emits (`pkg/resource/deploy/step.go` `StepOps`) that changes a
resource, as the logical operation a reviewer reads; the others (`refresh`, `diff`,
`extend-parameterize`, `remove-pending-replace`) are bookkeeping."""

COLOUR = re.compile(r"<\{%[a-z]*%\}>")
"""The engine's colour tags (`<{%reset%}>`) left in event messages."""

PROTECTED_REFUSAL = re.compile(
    r'unable to replace resource "(?P<urn>[^"]+)"|resource "(?P<deleted>[^"]+)" cannot be deleted'
)
"""The engine's errors for a protected resource it will not replace or delete (step_generator.go,
step.go `deleteProtectedError`)."""


def review_file(path: Path) -> StackReview:
    """The review of one stack's preview, from a digest (`.json`) or an event stream (JSON Lines)."""
    text = path.read_text()
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        document = None
    if isinstance(document, dict) and ("steps" in document or "changeSummary" in document):
        steps, diagnostics, policies = digest_steps(document)
    else:
        steps, diagnostics, policies = event_steps(text)
    stack = _stack_of(steps) or path.stem.split(".")[0]
    return review_steps(stack, steps, diagnostics, policies)


def digest_steps(digest: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(steps, diagnostics, policy events) of a digest; a digest carries no policy results."""
    return list(digest.get("steps") or []), list(digest.get("diagnostics") or []), []


def event_steps(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(steps, diagnostics, policy events) of an engine-event stream, its steps in digest spelling."""
    steps, diagnostics, policies = [], [], []
    for line in text.splitlines():
        if not line.strip():
            continue
        event = json.loads(line)
        if "resourcePreEvent" in event:
            meta = event["resourcePreEvent"].get("metadata") or {}
            steps.append(
                {
                    "op": meta.get("op"),
                    "urn": meta.get("urn"),
                    "oldState": meta.get("old"),
                    "newState": meta.get("new"),
                    "diffReasons": meta.get("diffs"),
                    "replaceReasons": meta.get("keys"),
                    "detailedDiff": {
                        path: {"kind": diff.get("diffKind"), "inputDiff": diff.get("inputDiff")}
                        for path, diff in (meta.get("detailedDiff") or {}).items()
                    }
                    or None,
                }
            )
        elif "diagnosticEvent" in event:
            diagnostics.append(event["diagnosticEvent"])
        elif "policyEvent" in event:
            policies.append(event["policyEvent"])
    return steps, diagnostics, policies


def _stack_of(steps: list[dict[str, Any]]) -> str | None:
    for step in steps:
        urn = step.get("urn") or ""
        if urn.startswith("urn:pulumi:"):
            return urn.split("::")[0].removeprefix("urn:pulumi:")
    return None


def review_steps(
    stack: str, steps: list[dict[str, Any]], diagnostics: list[dict[str, Any]], policies: list[dict[str, Any]]
) -> StackReview:
    """Judge the steps of one stack's preview; see the module docstring."""
    review = StackReview(stack=stack)
    by_urn: dict[str, ResourceChange] = {}
    for step in steps:
        op = LOGICAL.get(step.get("op") or "")
        urn = normalise_urn(step.get("urn") or "")
        if op is None or not urn or urn_type(urn) == ROOT_TYPE:
            continue
        change = _change(step, op, urn)
        if change is None:
            continue
        if urn in by_urn:  # the steps of one replacement: merge into the one logical replace
            _merge(by_urn[urn], change)
        else:
            by_urn[urn] = change
            review.changes.append(change)
    for diagnostic in diagnostics:
        _diagnose(review, by_urn, diagnostic)
    for policy in policies:
        line = f"policy {policy.get('policyPackName')}/{policy.get('policyName')} ({policy.get('enforcementLevel')})"
        message = COLOUR.sub("", policy.get("message") or "").strip().replace("\n", " ")
        line += f" on {policy.get('resourceUrn') or 'the stack'}: {message}"
        (review.problems if policy.get("enforcementLevel") == "mandatory" else review.notes).append(line)
    return review


def _change(step: dict[str, Any], op: Op, urn: str) -> ResourceChange | None:
    old, new = step.get("oldState") or {}, step.get("newState") or {}
    type_ = (new or old).get("type") or urn_type(urn)
    change = ResourceChange(urn=urn, type=type_, name=urn_name(urn), op=op)
    protected, retained = bool(old.get("protect")), bool(old.get("retainOnDelete"))
    for option, was in (("protect", protected), ("retainOnDelete", retained)):
        if was and new and not new.get(option):
            change.dangers.append(f"drops `{option}`: a later delete or replacement would reach the cloud")
    if op == "same" and not change.dangers:
        return None
    if op == "same":
        change.op = "update"
    type_facts = knowledge.facts(type_)
    detailed = step.get("detailedDiff") or {}
    reasons = list(step.get("replaceReasons") or [])
    # `detailedDiff` is null on some replaces (fixture 04): fall back to the reasons the step gives.
    paths = list(detailed) or [p for p in step.get("diffReasons") or reasons if p not in ("id", "urn")]
    reasons += [path for path, diff in detailed.items() if str(diff.get("kind", "")).endswith("-replace")]
    for path in paths:
        forced = path in reasons or (type_facts is not None and type_facts.trigger_for(path) is not None)
        before, after = at_path(old.get("inputs") or {}, path), at_path(new.get("inputs") or {}, path)
        if before is None and after is None and not forced:
            continue  # an output-only key bridged providers list among the diffs (fixture 04's tls key)
        change.inputs.append(InputChange(path, shown(before), shown(after), forces_replacement=forced))
    if change.op == "replace":
        for reason in dict.fromkeys(reasons):
            known = type_facts is not None and type_facts.trigger_for(reason) is not None
            change.replaced_by.append(
                f"{reason} (listed by corridor: {type_facts.cited})" if known and type_facts else reason
            )
        if not change.replaced_by:
            change.notes.append("the preview names no input that forces the replacement")
    if change.op in ("replace", "delete"):
        loss = knowledge.danger_of_loss(type_, protected, retained)
        if loss is not None:
            change.dangers.insert(0, f"{'replaces' if change.op == 'replace' else 'deletes'} a {loss}")
        if retained:
            change.notes.append("retainOnDelete: the old resource stays in the cloud, outside the stack")
    return change


def _merge(into: ResourceChange, step: ResourceChange) -> None:
    """Fold one more step of a replacement into the logical change."""
    into.op = "replace"
    into.inputs += [change for change in step.inputs if change not in into.inputs]
    into.replaced_by += [reason for reason in step.replaced_by if reason not in into.replaced_by]
    into.dangers += [danger for danger in step.dangers if danger not in into.dangers]
    into.notes += [note for note in step.notes if note not in into.notes]


def _diagnose(review: StackReview, by_urn: dict[str, ResourceChange], diagnostic: dict[str, Any]) -> None:
    """An error diagnostic is a problem; a refused replacement or delete of a protected resource
    is also told on that resource."""
    severity = diagnostic.get("severity")
    message = (diagnostic.get("message") or "").strip()
    if severity not in ("error", "info#err") or not message:
        return
    refusal = PROTECTED_REFUSAL.search(message)
    urn = normalise_urn((refusal and (refusal.group("urn") or refusal.group("deleted"))) or diagnostic.get("urn") or "")
    first_line = message.splitlines()[0]
    review.problems.append(f"{urn_name(urn) + ': ' if urn else ''}{first_line}")
    if refusal and urn in by_urn:
        by_urn[urn].notes.append("the preview refused it: the resource is protected")
