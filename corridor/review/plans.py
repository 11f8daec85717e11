"""The offline judgement: what applying `new` over `old` (two of corridor's plans) would do.

A resource is matched by URN, or by an alias the new plan declares (the engine adopts an aliased
resource in place). A URN that disappears without an alias is a delete and a create: a changed
logical name, parent or type is exactly that to the engine. A changed input forces replacement
when `replacement.json` lists it for the type; otherwise the change is an update. What the mock
cloud computes is not in a plan, so only inputs and protections are compared, which is what the
program decides.

A recovery stack's adopted resources (`adopted: read | import`, corridor/render.py) follow the
engine's rules for `get` and `import_` (review_dr_policy.md D1-D2): a read is never modified or
deleted (dropping one is a `discard`); a read becoming an import of the same id is an `import`,
not a replacement; a managed resource becoming a read of the same id is a relinquish, and of
another id a deletion of the managed one, which is dangerous.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from corridor.review import knowledge
from corridor.review.model import InputChange, Op, ResourceChange, StackReview
from corridor.review.values import changed_paths, normalise_urn, shown, urn_name


def compare(old: dict[str, Any] | None, new: dict[str, Any] | None, stack: str) -> StackReview:
    """The review of one stack going from plan `old` to plan `new` (None: the stack is new, or gone)."""
    review = StackReview(stack=stack)
    before = {normalise_urn(r["urn"]): r for r in (old or {}).get("resources", [])}
    after = {normalise_urn(r["urn"]): r for r in (new or {}).get("resources", [])}
    adopted: dict[str, str] = {}  # old URN -> new URN that aliases it
    for urn, resource in after.items():
        for alias in resource.get("aliases") or []:
            if normalise_urn(alias) in before and urn not in before:
                adopted[normalise_urn(alias)] = urn

    gone = [urn for urn in before if urn not in after and urn not in adopted]
    created = [urn for urn in after if urn not in before and urn not in adopted.values()]
    renamed = _unaliased_renames(before, after, gone, created)
    for urn, resource in before.items():
        if urn in after:
            change = _adoption(resource, after[urn], urn) or _compare_resource(resource, after[urn], urn)
        elif urn in adopted:
            change = _compare_resource(resource, after[adopted[urn]], adopted[urn])
            change.notes.append(f"renamed from {urn} (an alias carries it: no delete)")
        elif urn in renamed:
            change = _renamed_without_alias(resource, after[renamed[urn]], urn, renamed[urn])
        else:
            change = _delete(resource, urn)
        if change is not None:
            review.changes.append(change)
    review.changes += [
        _create(after[urn], urn)
        for urn in sorted(created)
        if after[urn].get("custom", True) and urn not in renamed.values()
    ]
    review.changes = [c for c in review.changes if c.op != "same"]
    review.gpu_capacity = gpu_capacity(old, new)
    return review


def _unaliased_renames(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]], gone: list[str], created: list[str]
) -> dict[str, str]:
    """Old URN -> new URN for resources that plainly are one renamed (same type and parent, the
    closest logical name): a renamed bucket or pool. The engine deletes and creates them, so the
    review shows them as one replacement of that resource, which is what the data goes through."""
    pairs: dict[str, str] = {}
    candidates = [
        (SequenceMatcher(None, urn_name(old), urn_name(new)).ratio(), old, new)
        for old in gone
        for new in created
        if before[old].get("custom", True)
        and before[old]["type"] == after[new]["type"]
        and normalise_urn(before[old].get("parent") or "") == normalise_urn(after[new].get("parent") or "")
    ]
    for _, old, new in sorted(candidates, reverse=True):
        if old not in pairs and new not in pairs.values():
            pairs[old] = new
    return pairs


def _renamed_without_alias(old: dict[str, Any], new: dict[str, Any], old_urn: str, new_urn: str) -> ResourceChange:
    change = _compare_resource(old, new, new_urn)
    change.op = "replace"
    change.replaced_by.insert(0, "URN")
    change.notes.insert(
        0,
        f"URN changed from `{urn_name(old_urn)}` without an alias: the engine deletes the old resource and creates "
        "this one (add an alias to keep it)",
    )
    if not any(danger.startswith("replaces") for danger in change.dangers):
        loss = knowledge.danger_of_loss(old["type"], bool(old.get("protect")), bool(old.get("retainOnDelete")))
        if loss is not None:
            change.dangers.insert(0, f"replaces a {loss}")
    return change


def _create(resource: dict[str, Any], urn: str) -> ResourceChange:
    adopted = resource.get("adopted")
    op: Op = "read" if adopted == "read" else "import" if adopted == "import" else "create"
    change = ResourceChange(urn=urn, type=resource["type"], name=urn_name(urn), op=op)
    if adopted:
        change.notes.append(f"adopts `{resource.get('adoptedId')}`, which exists: nothing is created")
    return change


def _adoption(old: dict[str, Any], new: dict[str, Any], urn: str) -> ResourceChange | None:
    """The change of a resource a recovery stack adopts on either side; None when neither side
    adopts it, or both import the same id (an ordinary comparison of inputs then applies)."""
    before, after = old.get("adopted"), new.get("adopted")
    same_id = old.get("adoptedId") == new.get("adoptedId")
    if (before is None and after is None) or (before == after == "import" and same_id):
        return None
    change = ResourceChange(urn=urn, type=new["type"], name=urn_name(urn), op="same")
    if after == "read":
        if before == "read":
            change.op = "same" if same_id else "read"
        elif before == "import" and same_id:
            change.op = "read"
            change.notes.append("relinquished: the stack stops managing it and deletes nothing")
        else:
            change.op = "replace"
            loss = knowledge.danger_of_loss(old["type"], bool(old.get("protect")), bool(old.get("retainOnDelete")))
            change.dangers.append(
                f"reads another object under the URN of a managed one: the engine deletes the {loss or 'resource'}"
            )
    elif after == "import":
        change.op = "import"
        change.notes.append(
            "takes over the object the stack read (an import of a former `get`: no delete)"
            if before == "read" and same_id
            else f"imports `{new.get('adoptedId')}` in place of what the stack had"
        )
        if before != "read":
            change.dangers.append("replaces a managed resource with an imported one: the engine deletes the old one")
    else:  # a read or import becomes a resource the stack creates
        change.op = "replace" if before == "import" else "create"
        change.notes.append(f"was adopted (`{before}`); the stack now creates its own")
        if before == "import":
            change.dangers.append("the imported object is replaced by a new one the stack creates")
    return change


def _delete(resource: dict[str, Any], urn: str) -> ResourceChange | None:
    if not resource.get("custom", True):
        return None  # a component: its children say what is deleted
    if resource.get("adopted") == "read":
        # Dropping a `get` is a discard: deleting an external resource is a no-op (D1).
        return ResourceChange(urn=urn, type=resource["type"], name=urn_name(urn), op="discard")
    change = ResourceChange(urn=urn, type=resource["type"], name=urn_name(urn), op="delete")
    loss = knowledge.danger_of_loss(
        resource["type"], bool(resource.get("protect")), bool(resource.get("retainOnDelete"))
    )
    if loss is not None:
        change.dangers.append(f"deletes a {loss}")
    if resource.get("protect"):
        change.notes.append("protected: `pulumi up` refuses the delete until it is unprotected")
    return change


def _compare_resource(old: dict[str, Any], new: dict[str, Any], urn: str) -> ResourceChange:
    change = ResourceChange(urn=urn, type=new["type"], name=urn_name(urn), op="same")
    if not new.get("custom", True):
        return change
    if old["type"] != new["type"]:  # only through an alias: a type change the alias adopts
        change.notes.append(f"type changed from {old['type']}")
    type_facts = knowledge.facts(new["type"])
    for path, (before, after) in changed_paths(old.get("inputs") or {}, new.get("inputs") or {}).items():
        trigger = type_facts.trigger_for(path) if type_facts is not None else None
        change.inputs.append(InputChange(path, shown(before), shown(after), forces_replacement=trigger is not None))
        if trigger is not None and trigger not in change.replaced_by:
            change.replaced_by.append(trigger)
    if change.inputs:
        change.op = "replace" if change.replaced_by else "update"
    for option in ("protect", "retainOnDelete"):
        if old.get(option) and not new.get(option):
            change.dangers.append(f"drops `{option}`: a later delete or replacement would reach the cloud")
            change.op = "update" if change.op == "same" else change.op
    if change.op == "replace":
        source = f" (source: {type_facts.cited})" if type_facts is not None else ""
        change.notes.append(f"replaced because {', '.join(change.replaced_by)} changed{source}")
        loss = knowledge.danger_of_loss(new["type"], bool(old.get("protect")), bool(old.get("retainOnDelete")))
        if loss is not None:
            change.dangers.insert(0, f"replaces a {loss}")
        if old.get("protect"):
            change.notes.append("protected: `pulumi up` refuses the replacement until it is unprotected")
    return change


def gpu_capacity(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    """`pool: max A -> B <accelerator>` for each GPU pool whose most GPUs or accelerator changes."""
    before = _pools(old)
    after = _pools(new)
    lines = []
    for name in sorted(set(before) | set(after)):
        was, now = before.get(name), after.get(name)
        if was == now:
            continue
        if was is None and now is not None:
            lines.append(f"{name}: new, max {now[0]} {now[1]}")
        elif now is None and was is not None:
            lines.append(f"{name}: removed (was max {was[0]} {was[1]})")
        elif was is not None and now is not None:
            accelerator = now[1] if was[1] == now[1] else f"{was[1]} -> {now[1]}"
            lines.append(f"{name}: max {was[0]} -> {now[0]} {accelerator}")
    return lines


def _pools(plan: dict[str, Any] | None) -> dict[str, tuple[int, str]]:
    """Each GPU pool's (most GPUs, accelerator) from the plan's outputs."""
    pools = ((plan or {}).get("outputs") or {}).get("gpuPools") or {}
    return {
        name: (int(pool.get("maxGpus", 0)), str(pool.get("accelerator") or _accelerator(pool)))
        for name, pool in pools.items()
    }


def _accelerator(pool: dict[str, Any]) -> str:
    labels = pool.get("nodeLabels") or {}
    return str(labels.get("corridor.dev/accelerator") or pool.get("machineType") or "GPU")
