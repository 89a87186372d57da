"""The model layer: one ChatModel interface, several backends."""

from familiar.models.base import (
    ChatModel,
    ChatRequest,
    ChatResponse,
    Message,
    ToolCall,
    ToolSpec,
    Usage,
)

__all__ = [
    "ChatModel",
    "ChatRequest",
    "ChatResponse",
    "Message",
    "ToolCall",
    "ToolSpec",
    "Usage",
]
