"""Text at the door: what every document and every name goes through before anything else sees it.

``clean_text`` makes any Python string safe to tokenise, hash, store and show: lone surrogates
(half an emoji, common in scraped JSON) become U+FFFD, terminal escape sequences are removed
whole, NUL and other control characters are removed (tab and line breaks kept; U+0085 becomes a
line break), and the text is put in Unicode NFC so that "é" typed two ways is one word. ``shown`` is for names printed in messages: control
characters, terminal escapes and undecodable bytes of a file name appear escaped, never raw.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_text", "shown"]

_SURROGATE = re.compile("[\ud800-\udfff]")
# Terminal escape sequences, removed whole (not only their ESC): CSI (colours, cursor moves),
# OSC (window titles, links) ended by BEL or ST, and the two-character ones.
_ESCAPE = re.compile("\x1b\\[[0-?]{0,64}[ -/]{0,8}[@-~]|\x1b\\][^\x07\x1b]{0,512}(?:\x07|\x1b\\\\)|\x1b[@-Z\\\\-_]")
# C0 controls but tab, LF and CR; DEL; C1 controls but NEL (U+0085), which is a line break.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """``text`` with lone surrogates replaced, control characters removed, in NFC."""
    if not text.isascii():
        text = _SURROGATE.sub("\ufffd", text)
        text = text.replace("\x85", "\n")
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
    if "\x1b" in text:
        text = _ESCAPE.sub("", text)
    return _CONTROL.sub("", text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by the file system decoder
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{code:02x}")
    return f"\\u{code:04x}"


def shown(name: str) -> str:
    """``name`` as it can be printed on a terminal: controls and undecodable bytes escaped."""
    return _UNSHOWN.sub(_escape, name)
