"""Judging infrastructure changes for review: what a change creates, updates, replaces or deletes.

Two sources, one judgement. `plans` compares two of corridor's offline plans (a git revision's
against the working tree's, or two directories: no credentials needed); `preview` reads a real
`pulumi preview --json` digest or engine-event stream. Both produce `model.StackReview`s, in which
every resource change is classified the same way: replacement by the inputs that force it
(`replacement.json`, each list with its source), and danger by what the resource holds (a key, a
bucket, replication, logs, a GPU pool, a cluster) or by a protection dropped. `markdown` renders
them for a pull-request comment within GitHub's size limit; `commands` holds the CLI.
"""
