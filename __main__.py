"""Entry point for `pulumi up` / `pulumi preview` and for `corridor plan`'s offline renders."""

from pathlib import Path

from components.program import run

run(Path(__file__).resolve().parent)
