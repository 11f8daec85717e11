"""Budgets: the stack's monthly cost budgets and their alerts, the same outputs on every cloud."""

from __future__ import annotations

from typing import Any

import pulumi

from components.clouds.base import Base, BudgetResult, CloudAdapter

TYPE_TOKEN = "corridor:index:Budgets"  # part of every URN: never rename


class Budgets(pulumi.ComponentResource):
    """A monthly budget for the stack (and one per team in `corridor:budgets.teams`), filtered by
    corridor's own tags, alerting `notify` at each threshold. Not protected: a budget holds no
    data, and re-creating one loses only its alert history."""

    results: list[BudgetResult]

    def __init__(
        self,
        name: str,
        adapter: CloudAdapter[Any, Any, Any],
        base: Base,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE_TOKEN, name, None, opts)
        self.results = adapter.build_budgets(name, base, pulumi.ResourceOptions(parent=self))
        self.register_outputs({"budgets": self.outputs()})

    def outputs(self) -> list[dict[str, object]]:
        """The neutral output shape (export `budgets`): one entry per budget, the stack's first."""
        return [result.outputs() for result in self.results]
