"""Where events happened: a gazetteer, place mentions in text, and their resolution in context."""
from __future__ import annotations

from .gazetteer import Gazetteer, GazetteerError, Place, fold, open_gazetteer

__all__ = ["Gazetteer", "GazetteerError", "Place", "fold", "open_gazetteer"]
