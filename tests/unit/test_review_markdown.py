"""The review comment: within GitHub's comment limit, with the verdict and the dangers always whole."""

from __future__ import annotations

from corridor.review import markdown
from corridor.review.model import InputChange, ResourceChange, StackReview

GITHUB_COMMENT_LIMIT = 65_536
"""Characters in one GitHub issue or PR comment (review_dr_policy.md B3)."""


def huge_review(stack: str, updates: int, dangerous: int) -> StackReview:
    """A synthetic stack review with many updates (long input values) and a few dangers."""
    review = StackReview(stack=stack, gpu_capacity=["train: max 32 -> 16 H100"])
    for index in range(updates):
        review.changes.append(
            ResourceChange(
                urn=f"urn:pulumi:{stack}::corridor::aws:s3/bucket:Bucket::b{index}",
                type="aws:s3/bucket:Bucket",
                name=f"b{index}",
                op="update",
                inputs=[InputChange(f"tags.k{n}", "x" * 60, "y" * 60) for n in range(5)],
            )
        )
    for index in range(dangerous):
        review.changes.append(
            ResourceChange(
                urn=f"urn:pulumi:{stack}::corridor::aws:kms/key:Key::k{index}",
                type="aws:kms/key:Key",
                name=f"k{index}",
                op="replace",
                replaced_by=["multiRegion"],
                dangers=["replaces a key: data encrypted with it becomes unreadable"],
            )
        )
    return review


def test_a_huge_change_fits_one_comment_and_keeps_every_danger() -> None:
    """Thousands of updates over four stacks: the comment stays under the limit, the summary table
    and every dangerous change are present, and it says how much was left out."""
    reviews = [huge_review(f"stack-{n}", updates=2000, dangerous=3) for n in range(4)]
    text = markdown.render(reviews, "corridor plan diff", markdown.DIFF_MARKER)
    assert len(text) <= markdown.LIMIT < GITHUB_COMMENT_LIMIT
    assert text.startswith(markdown.DIFF_MARKER + "\n")
    for review in reviews:
        assert f"| {review.stack} | 0 | 2000 | 3 | 0 | **3** | train: max 32 -> 16 H100 |" in text
        for change in review.dangerous:
            assert f"`{change.name}`" in text
    assert "more section(s) left out to fit a comment" in text


def test_a_small_change_is_shown_whole_and_folded() -> None:
    """Without pressure nothing is left out; each operation's list is a collapsed `<details>` block."""
    text = markdown.render([huge_review("prod", updates=3, dangerous=0)], "t", markdown.PREVIEW_MARKER)
    assert "left out" not in text
    assert "<details><summary>update (3)</summary>" in text
    assert "No dangerous change" in text


def test_allowed_dangers_stay_listed_but_marked() -> None:
    """An allowed change is still in the dangerous section, marked, and counted as allowed."""
    review = huge_review("prod", updates=0, dangerous=1)
    review.allow(["aws:kms/key:Key"])
    text = markdown.render([review], "t", markdown.DIFF_MARKER)
    assert "`k0` _(allowed)_" in text
    assert "**1** (1 allowed)" in text
    assert not review.blocking
