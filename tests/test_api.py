"""The public API is explicit and importing the package does no work."""
from __future__ import annotations

import subprocess
import sys

import bilateral


def test_api_exports_are_explicit():
    assert set(bilateral.__all__) == {
        "ActorRef", "Article", "BilateralError", "Coder", "Event", "GoldFileError", "InputError", "LexiconError",
        "ModelError", "Problem", "Scores", "TextInfo", "__version__", "evaluate_file", "event_to_plover",
        "load_lexicons", "read_inputs", "open", "QueryError", "StoreError",
    }
    for name in bilateral.__all__:
        assert hasattr(bilateral, name)


def test_api_import_loads_no_model():
    code = ("import sys, bilateral; "
            "print([m for m in ('fr_core_news_md', 'distributed', 'duckdb') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_api_errors_carry_codes():
    error = bilateral.InputError("empty document", where="a.txt", hint="give text")
    assert str(error) == "[E100] a.txt: empty document (give text)"
    assert isinstance(error, bilateral.BilateralError)
