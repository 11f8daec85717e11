"""The base every spec model shares: camelCase config names, no unknown keys, immutable."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import AfterValidator, BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class SpecModel(BaseModel):
    """A provider-neutral piece of the stack definition.

    Fields are snake_case in Python and camelCase in YAML (`rotation_days` <- `rotationDays`);
    unknown keys are errors (a typo must never be silently ignored); instances are frozen so a
    component cannot change the definition another component reads. The docstring under each
    field is its documentation (meaning, unit, default) and becomes the pydantic description.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        alias_generator=to_camel,
        populate_by_name=True,
        use_attribute_docstrings=True,
    )


class Secret:
    """Field metadata: the config value is a credential and must be set as a Pulumi secret
    (`pulumi config set --secret`), never in clear text in a stack file. `load_spec` refuses it
    otherwise; the program keeps it a secret Output."""


SECRET = Secret()


def within(low: int, high: int, unit: str, why: str) -> AfterValidator:
    """An inclusive bound whose message says the unit and where the bound comes from."""

    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high} {unit} ({why}); got {value}")
        return value

    return AfterValidator(check)


def satisfies(predicate: Callable[[str], bool], reason: str) -> AfterValidator:
    """A string check whose failure reads as `reason`."""

    def check(value: str) -> str:
        if not predicate(value):
            raise ValueError(f"{reason}; got {value!r}")
        return value

    return AfterValidator(check)
