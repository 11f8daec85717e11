"""`python -m corridor dr`: re-provisioning a lost region in its DR region.

`dr plan` writes a recovery stack file (`stack_file`); `dr check` renders every source stack and
its recovery stack and reports their parity (`parity`), whether a drill owns any data, the RPO
of each bucket's replication, and the estimated recovery time of a cold and a pilot-light
recovery (`timing`). docs/dr-runbook.md is the procedure these commands serve.
"""
