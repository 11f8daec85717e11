"""corridor's CrossGuard policy pack (issue 18).

`policy.corridor_policies` holds the pure policy functions (no `pulumi_policy` import), shared by
the pack (`policy/pack.py`, `policy/__main__.py`) and by the offline `python -m corridor check`.
"""
