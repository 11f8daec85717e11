"""The fake cloud's mock answers: a key's `arn` derived from its name and account."""

from __future__ import annotations

from typing import Any

from corridor.mockcloud.common import ComputedState, InvokeAnswer, Registration


def _key(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    account = registration.provider.get("account", "")
    return {"arn": f"fake:kms:{registration.region}:{account}:key/{registration.args.name}"}


COMPUTED: dict[str, ComputedState] = {"fake:index:Key": _key}
INVOKES: dict[str, InvokeAnswer] = {}
