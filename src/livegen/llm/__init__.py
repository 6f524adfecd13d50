"""LLM backends behind one small protocol (see `livegen.llm.base`)."""
