"""Entry point for `pulumi up` / `pulumi preview` and for `corridor plan`'s offline renders."""

from components.program import run

run()
