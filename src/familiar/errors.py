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
    """Raised inside a tool: only the user can say what is missing; `question` asks them.

    `retry_first`: the user may have said it in words the tool could not read, so the
    model tries once more before the user is asked.
    """

    def __init__(self, reason: str, question: str, *, retry_first: bool = False) -> None:
        super().__init__(reason)
        self.question = question
        self.retry_first = retry_first


class Cancelled(Exception):
    """The user cancelled the run (Ctrl-C) or a caller set the cancel event."""
