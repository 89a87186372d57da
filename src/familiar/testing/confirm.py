"""A confirmer for tests and benchmarks: records what it was asked, answers from a list."""

from __future__ import annotations

from familiar.security.policy import ConfirmationRequest


class Answers:
    """Answers confirmation requests from a list (no once the list is used up)."""

    def __init__(self, *answers: bool) -> None:
        self.answers = list(answers)
        self.asked: list[ConfirmationRequest] = []

    def __call__(self, request: ConfirmationRequest) -> bool:
        """Record the request and give the next answer."""
        self.asked.append(request)
        return self.answers.pop(0) if self.answers else False
