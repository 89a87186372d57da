"""The three kinds of error, kept apart (see STYLE.md).

- `UserError`: the person using familiar did something we can explain in one line.
- `ToolRetry`: feedback for the model; it goes back into the conversation.
- `ExternalError`: something outside failed (a server, a file, the model runtime).
"""

from __future__ import annotations


class FamiliarError(Exception):
    """Base class for errors familiar reports as one clean line."""


class UserError(FamiliarError):
    """A mistake by whoever uses familiar; the message says what to do."""


class ExternalError(FamiliarError):
    """Something outside familiar failed: a model server, a file, the network."""


class ToolRetry(Exception):
    """Raised inside a tool: the message goes back to the model, which may retry."""


class AskUser(ToolRetry):
    """Raised inside a tool: only the user can say what is missing; `question` asks them."""

    def __init__(self, reason: str, question: str) -> None:
        super().__init__(reason)
        self.question = question


class Cancelled(Exception):
    """The user cancelled the run (Ctrl-C) or a caller set the cancel event."""
