"""Extraction: pure functions from a parsed Doc to events, actors, dates and modality."""
from .dates import SentenceDate, find_date
from .events import CoderContext, events_of, shifted

__all__ = ["CoderContext", "SentenceDate", "events_of", "find_date", "shifted"]
