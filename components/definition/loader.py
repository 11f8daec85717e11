"""Turn raw Pulumi config into a validated `StackSpec`, reporting every problem at once.

Pulumi hands a program its config as strings (structured values as JSON). This module is the only
place that reads them: it parses each `corridor:*` key, validates it with its model, runs the
checks that span keys (`components.definition.checks`: regions, residency, zones, GPU pools, ...),
applies `corridor:overrides` and the baseline rules of `components.definition.baseline`, and raises
one `SpecError` listing `corridor:<key>.<path>: <reason>` lines. Nothing here touches the Pulumi
engine, so the same function backs `pulumi up`, `corridor plan` and the unit tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.alias_generators import to_camel
from pydantic.fields import FieldInfo

from components.clouds.registry import clouds, profile_for, profiles
from components.definition import baseline as baseline_rules
from components.definition.base import SECRET, SpecModel
from components.definition.baseline import DROP_KEY, LOADER_KEYS, NAMESPACE, OVERRIDES_KEY
from components.definition.checks import CROSS_CHECKS
from components.definition.errors import Problem, SpecError, did_you_mean
from components.definition.pool_plan import plan_pools
from components.definition.recovery import resolve
from components.definition.stack import StackSpec

KUBERNETES_NAMESPACE = "kubernetes"
"""The Kubernetes provider's config namespace; corridor's in-cluster provider is explicit too."""


def ignored_provider_namespaces() -> tuple[str, ...]:
    """Config namespaces no corridor provider reads: every cloud's provider packages (from the
    profiles) and Kubernetes. Explicit providers never read their package's stack config (Pulumi
    docs, "config"), so a value such as `aws:region` would silently do nothing; say so instead."""
    return (*(ns for profile in profiles() for ns in profile.provider_namespaces), KUBERNETES_NAMESPACE)


def placement_fields() -> dict[str, tuple[str, str, FieldInfo]]:
    """Every registered cloud's placement keys: key -> (cloud, field name, field)."""
    return {
        _key(field, name): (profile.cloud, name, field)
        for profile in profiles()
        for name, field in profile.placement.model_fields.items()
    }


def load_spec(
    config: Mapping[str, Any],
    baseline: Mapping[str, Any] | None = None,
    secret_keys: Collection[str] | None = None,
    read_stack: Callable[[str], Mapping[str, Any]] | None = None,
) -> StackSpec:
    """Validate a stack's full config (`{"corridor:cloud": "aws", ...}`) into a `StackSpec`.

    `baseline` is the project's own values from `Pulumi.yaml` (`baseline.read_baseline`); with
    it, a stack value that replaces a structured project value and drops part of it is a
    problem unless acknowledged, and problems in values that come from `Pulumi.yaml` say so.
    `secret_keys` are the config keys set as secrets; with them, a credential setting (a field
    marked `SECRET`) given in clear text is a problem. A recovery stack (`corridor:recoverFrom`)
    is validated as its effective definition (`recovery.resolve`), for which `read_stack(name)`
    gives another stack's full config. Raises `SpecError` with every problem found; never
    registers or touches a resource.
    """
    problems: list[Problem] = []
    # A recovery stack's own problems name its own settings, which `_with_origin` must not trace
    # to Pulumi.yaml: they join the list after it.
    config, recovery, recovery_problems = resolve(config, read_stack, tuple(placement_fields()), baseline or {})
    raw: dict[str, Any] = {}
    loader_raw: dict[str, Any] = {}
    fields_by_key = {_key(field, name): (name, field) for name, field in StackSpec.model_fields.items()}
    placement_by_key = placement_fields()
    placement_raw: dict[str, Any] = {}
    ignored = ignored_provider_namespaces()

    for full_key, value in config.items():
        namespace, _, key = full_key.partition(":")
        if namespace in ignored:
            problems.append(
                Problem(full_key, "is ignored: corridor creates explicit providers from corridor:region; remove it")
            )
        elif namespace == NAMESPACE:
            if key in fields_by_key:
                raw[key] = value
            elif key in placement_by_key:
                placement_raw[key] = value
            elif key in LOADER_KEYS:
                loader_raw[key] = value
            else:
                hint = did_you_mean(key, [*fields_by_key, *placement_by_key, *LOADER_KEYS])
                problems.append(Problem(full_key, f"is not a corridor setting{hint}"))

    departures = _departures(raw, loader_raw, baseline, list(fields_by_key), problems)

    values: dict[str, Any] = {}
    for key, (name, field) in fields_by_key.items():
        if key not in raw:
            if field.is_required():
                problems.append(Problem(f"{NAMESPACE}:{key}", "is required"))
                continue
            try:
                values[name] = field.get_default(call_default_factory=True)
            except ValidationError as error:  # a default that needs a value (network.apiAccessCidrs)
                problems += _problems_from(error, key, field)
            continue
        try:
            values[name] = _adapter(field).validate_python(_decode(raw[key], field))
        except ValidationError as error:
            problems += _problems_from(error, key, field)
        except ValueError as error:
            problems.append(Problem(f"{NAMESPACE}:{key}", str(error)))

    if secret_keys is not None:
        problems += _clear_text_credentials(placement_raw, placement_by_key, secret_keys)

    # Placement first: the cloud's cross-key rules may read it (a country the stack names).
    placement: SpecModel | None = None
    cloud = values.get("cloud")
    if cloud in clouds():
        profile = profile_for(cloud)
        placement = _placement(profile.cloud, profile.placement, placement_raw, placement_by_key, problems)

    for check in CROSS_CHECKS:
        problems += check({**values, "placement": placement}, frozenset(raw))

    pool_plans: tuple[Any, ...] = ()
    if cloud in clouds():
        pool_plans, pool_problems = plan_pools(values, profile_for(cloud))
        problems += pool_problems

    storage = values.get("storage")
    if recovery is not None and not recovery.replicated and storage is not None and storage.buckets:
        problems.append(
            Problem(
                "corridor:recoverFrom",
                f"'{recovery.stack}' does not replicate its buckets (storage.replication: false), so its DR region "
                "holds no copy to recover onto; turn replication on in the source first",
            )
        )

    if problems or recovery_problems or placement is None:
        raise SpecError(recovery_problems + _with_origin(problems, raw, departures, baseline or {}))
    return StackSpec(**values).decided(placement, pool_plans, recovery)


def _placement(
    cloud: str,
    model: type[SpecModel],
    supplied: Mapping[str, Any],
    known: Mapping[str, tuple[str, str, FieldInfo]],
    problems: list[Problem],
) -> SpecModel | None:
    """The stack's placement on `cloud`, validated from its placement keys; every other
    cloud's placement key is a problem (it would silently do nothing here)."""
    values: dict[str, Any] = {}
    found = len(problems)
    for key, value in supplied.items():
        owner, name, field = known[key]
        if owner != cloud:
            problems.append(Problem(f"{NAMESPACE}:{key}", f"only applies to {owner} stacks; this stack is {cloud}"))
            continue
        try:
            values[name] = _adapter(field).validate_python(_decode(value, field))
        except ValidationError as error:
            problems += _problems_from(error, key, field)
    for name, field in model.model_fields.items():
        if _key(field, name) not in supplied and field.is_required():
            problems.append(Problem(f"{NAMESPACE}:{_key(field, name)}", f"is required when corridor:cloud is {cloud}"))
    return model(**values) if len(problems) == found else None


def _clear_text_credentials(
    supplied: Mapping[str, Any], known: Mapping[str, tuple[str, str, FieldInfo]], secret_keys: Collection[str]
) -> list[Problem]:
    """A problem per credential setting (marked `SECRET`) the stack gives in clear text."""
    return [
        Problem(
            f"{NAMESPACE}:{key}",
            "is a credential and must be set as a secret, never in clear text in the stack file: "
            f"pulumi config set --secret {NAMESPACE}:{key} < <file>",
        )
        for key in supplied
        if SECRET in known[key][2].metadata and f"{NAMESPACE}:{key}" not in secret_keys
    ]


def describe_departures(config: Mapping[str, Any], baseline: Mapping[str, Any]) -> dict[str, str]:
    """Per structured `Pulumi.yaml` key this stack changes: `replaced`, `merged` (through
    `corridor:overrides`) or `replaced and merged`. For the plan and its summary."""
    raw = {key.partition(":")[2]: value for key, value in config.items() if key.startswith(f"{NAMESPACE}:")}
    loader_raw = {key: raw.pop(key) for key in LOADER_KEYS if key in raw}
    fields = [_key(field, name) for name, field in StackSpec.model_fields.items()]
    return _departures(raw, loader_raw, baseline, fields, [])


def _departures(
    raw: dict[str, Any],
    loader_raw: Mapping[str, Any],
    baseline: Mapping[str, Any] | None,
    fields: list[str],
    problems: list[Problem],
) -> dict[str, str]:
    """Apply `corridor:overrides` to `raw` in place and check replacements of the baseline.

    Returns how each structured project key was departed from; appends every problem (a
    malformed override, an unacknowledged drop, an acknowledgement that names nothing). With
    no baseline (a caller that has no project file) only the overrides apply.
    """
    known_baseline = baseline is not None
    baseline = baseline or {}
    departures: dict[str, str] = {}
    drops: dict[str, list[str]] = {}
    for key in fields:
        base = baseline.get(f"{NAMESPACE}:{key}")
        if key not in raw or not isinstance(base, dict | list):
            continue
        value = _structured(raw[key])
        if value != base:
            departures[key] = "replaced"
            drops[key] = baseline_rules.dropped(base, value, key)

    overrides = _structured(loader_raw.get(OVERRIDES_KEY, {}))
    if not isinstance(overrides, dict):
        problems.append(
            Problem(f"{NAMESPACE}:{OVERRIDES_KEY}", "must be a mapping of corridor settings to partial values")
        )
        overrides = {}
    for key, patch in overrides.items():
        if key not in fields:
            hint = did_you_mean(str(key), fields)
            problems.append(Problem(f"{NAMESPACE}:{OVERRIDES_KEY}.{key}", f"is not a corridor setting{hint}"))
            continue
        base = _structured(raw[key]) if key in raw else None
        raw[key] = baseline_rules.merge(base, patch)
        departures[key] = "replaced and merged" if key in departures else "merged"

    acknowledged = _structured(loader_raw.get(DROP_KEY, []))
    if not (isinstance(acknowledged, list) and all(isinstance(item, str) for item in acknowledged)):
        problems.append(Problem(f"{NAMESPACE}:{DROP_KEY}", "must be a list such as [storage.buckets.weights]"))
        acknowledged = []
    every_drop = {path for paths in drops.values() for path in paths}
    for key, paths in sorted(drops.items()):
        unacknowledged = [path for path in paths if path not in acknowledged]
        if unacknowledged:
            problems.append(
                Problem(
                    f"{NAMESPACE}:{key}",
                    f"replaces the Pulumi.yaml value whole and so drops {', '.join(unacknowledged)} "
                    "(a stack key replaces the project value; Pulumi does not merge). To change only part of it, "
                    f"use corridor:overrides instead; to drop them on purpose, list them in corridor:{DROP_KEY}",
                )
            )
    for index, path in enumerate(acknowledged):
        if known_baseline and path not in every_drop:
            problems.append(
                Problem(
                    f"{NAMESPACE}:{DROP_KEY}[{index}]",
                    f"'{path}' is not something this stack drops from Pulumi.yaml; remove it so the list stays exact",
                )
            )
    return departures


def _with_origin(
    problems: list[Problem], raw: Mapping[str, Any], departures: Mapping[str, str], baseline: Mapping[str, Any]
) -> list[Problem]:
    """Problems in a value that comes unchanged from `Pulumi.yaml` say so, and how to change it
    for one stack, because the stack file the user is editing does not show it."""
    result = []
    for problem in problems:
        key = problem.path.removeprefix(f"{NAMESPACE}:").split(".")[0].split("[")[0]
        base = baseline.get(f"{NAMESPACE}:{key}")
        from_project = key in raw and key not in departures and _structured(raw[key]) in (base, json.dumps(base))
        if from_project and problem.path.startswith(NAMESPACE):
            problem = Problem(
                problem.path,
                f"{problem.reason} (this value comes from Pulumi.yaml; change it for this stack with "
                f"corridor:overrides: {{{key}: ...}})",
            )
        result.append(problem)
    return result


def _structured(value: Any) -> Any:
    """A config value as data: JSON text decoded, anything else as given."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value  # reported by the key's own validation
    return value


def _key(field: FieldInfo, name: str) -> str:
    return field.alias or name


def _decode(value: Any, field: FieldInfo) -> Any:
    """Pulumi passes structured config as JSON text; plain strings stay strings."""
    if isinstance(value, str) and field.annotation is not str and value[:1] in "[{":
        try:
            return json.loads(value)
        except json.JSONDecodeError as error:
            raise ValueError(f"is not valid structured config: {error.msg}") from error
    return value


def _adapter(field: FieldInfo) -> TypeAdapter[Any]:
    """Validate one field alone (its type plus its constraints) so problems never mask each other."""
    annotation: Any = field.annotation
    if field.metadata:
        # Built at run time from the field's constraints, hence not a static type expression.
        annotation = Annotated[(annotation, *field.metadata)]  # pyright: ignore[reportInvalidTypeForm]
    return TypeAdapter(annotation)


def _problems_from(error: ValidationError, key: str, field: FieldInfo) -> list[Problem]:
    problems = []
    for detail in error.errors():
        # A default built in Python reports field names; config keys are their camelCase aliases.
        location = [
            to_camel(part) if isinstance(part, str) and "_" in part else part
            for part in detail["loc"]
            if not _is_pydantic_internal(part)
        ]
        path = f"{NAMESPACE}:{key}" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in location)
        kind = detail["type"]
        if kind == "extra_forbidden":
            known = _known_keys(field.annotation, location[:-1])
            reason = f"is not a known setting{did_you_mean(str(location[-1]), known)}"
            if known:
                reason += f"; expected one of: {', '.join(sorted(known))}"
        elif kind == "missing":
            reason = "is required"
        else:
            reason = detail["msg"].removeprefix("Value error, ")
            reason = reason[0].lower() + reason[1:]
        problems.append(Problem(path, reason))
    return problems


def _is_pydantic_internal(part: str | int) -> bool:
    # Union and function validators add their own names (`function-after[...]`) to error paths.
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "none"})


def _known_keys(annotation: Any, location: list[str | int]) -> list[str]:
    """The camelCase keys a model accepts at a nested location, for "did you mean" hints."""
    model = annotation
    for part in location:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        fields = {f.alias or n: f for n, f in model.model_fields.items()}
        model = _model_of(fields[str(part)].annotation) if str(part) in fields else None
    model = _model_of(model)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [f.alias or n for n, f in model.model_fields.items()]
    return []


def _model_of(annotation: Any) -> Any:
    """Unwrap `list[Model]` / `Model | None` to `Model` for key hints."""
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return annotation
