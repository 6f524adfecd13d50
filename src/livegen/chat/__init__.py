"""Post-stream comment analysis: rate, grouped questions, intent, complaints, spam, FAQ."""

from livegen.chat.analyze import Settings, analyze_chat

__all__ = ["Settings", "analyze_chat"]
