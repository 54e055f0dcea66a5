"""Event exports."""
from .plover import event_to_plover, write_plover

__all__ = ["event_to_plover", "write_plover"]
