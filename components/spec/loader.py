"""Turn raw Pulumi config into a validated `StackSpec`, reporting every problem at once.

Pulumi hands a program its config as strings (structured values as JSON). This module is the only
place that reads them: it parses each `corridor:*` key, validates it with its model, runs the
checks that span keys (`components.spec.checks`: regions, residency, zones, GPU pools, ...),
and raises one `SpecError` listing `corridor:<key>.<path>: <reason>` lines. Nothing here touches
the Pulumi engine, so the same function backs `pulumi up`, `corridor plan` and the unit tests.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from components.spec.checks import CROSS_CHECKS
from components.spec.errors import Problem, SpecError, did_you_mean
from components.spec.stack import StackSpec

NAMESPACE = "corridor"

# Explicit providers never read their package's stack config (Pulumi docs, "config"), so a value
# such as `aws:region` would silently do nothing; say so instead.
IGNORED_PROVIDER_NAMESPACES = ("aws", "gcp", "azure-native", "kubernetes")


def load_spec(config: Mapping[str, Any]) -> StackSpec:
    """Validate a stack's full config (`{"corridor:cloud": "aws", ...}`) into a `StackSpec`.

    Raises `SpecError` with every problem found; never registers or touches a resource.
    """
    problems: list[Problem] = []
    raw: dict[str, Any] = {}
    fields_by_key = {_key(field, name): (name, field) for name, field in StackSpec.model_fields.items()}

    for full_key, value in config.items():
        namespace, _, key = full_key.partition(":")
        if namespace in IGNORED_PROVIDER_NAMESPACES:
            problems.append(
                Problem(full_key, "is ignored: corridor creates explicit providers from corridor:region; remove it")
            )
        elif namespace == NAMESPACE:
            if key in fields_by_key:
                raw[key] = value
            else:
                hint = did_you_mean(key, fields_by_key)
                problems.append(Problem(full_key, f"is not a corridor setting{hint}"))

    values: dict[str, Any] = {}
    for key, (name, field) in fields_by_key.items():
        if key not in raw:
            if field.is_required():
                problems.append(Problem(f"{NAMESPACE}:{key}", "is required"))
            else:
                values[name] = field.get_default(call_default_factory=True)
            continue
        try:
            values[name] = _adapter(field).validate_python(_decode(raw[key], field))
        except ValidationError as error:
            problems += _problems_from(error, key, field)
        except ValueError as error:
            problems.append(Problem(f"{NAMESPACE}:{key}", str(error)))

    for check in CROSS_CHECKS:
        problems += check(values, frozenset(raw))

    if problems:
        raise SpecError(problems)
    return StackSpec(**values)


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
        location = [part for part in detail["loc"] if not _is_pydantic_internal(part)]
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
