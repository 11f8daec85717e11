"""corridor: the offline tool. `python -m corridor plan` renders region stacks without a cloud."""
