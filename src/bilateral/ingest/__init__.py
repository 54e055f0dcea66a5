"""Reading documents: plain text, Markdown, HTML, JSONL and directories of them, or stdin."""
from .readers import DEFAULT_MAX_BYTES, Problem, read_inputs

__all__ = ["DEFAULT_MAX_BYTES", "Problem", "read_inputs"]
