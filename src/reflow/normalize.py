"""Input normalisation: the few byte-level repairs made before pages exist.

Byte-order marks, carriage returns and NUL bytes are extraction noise, not
text. They are removed here, before any offset is taken, and each kind of
removal is reported so that nothing disappears silently.
"""
from __future__ import annotations

Note = tuple[str, tuple[int, int], str, str]  # kind, span, removed text, reason


def normalize_input(text: str) -> tuple[str, list[Note]]:
    """Return the text every offset refers to, and what was removed from it."""
    notes: list[Note] = []
    if text.startswith("\ufeff"):
        text = text[1:]
        notes.append(("normalize", (0, 0), "\ufeff", "removed the byte-order mark"))
    # Inside the text U+FEFF is a byte-order mark left by joining files (or
    # the deprecated zero-width no-break space): invisible, and removed too,
    # or reordered pages could bring one to the front of the output, where
    # a second run would take it for the mark.
    inner = text.count("\ufeff")
    if inner:
        text = text.replace("\ufeff", "")
        notes.append(("normalize", (0, 0), "\ufeff" * inner, f"removed {inner} byte-order marks inside the text"))
    crlf = text.count("\r\n")
    if crlf:
        text = text.replace("\r\n", "\n")
        notes.append(("normalize", (0, 0), "\r", f"converted {crlf} CRLF line ends to LF"))
    lone_cr = text.count("\r")
    if lone_cr:
        text = text.replace("\r", "\n")
        notes.append(("normalize", (0, 0), "\r", f"converted {lone_cr} CR line ends to LF"))
    nul = text.count("\x00")
    if nul:
        text = text.replace("\x00", "")
        notes.append(("normalize", (0, 0), "\x00" * nul, f"removed {nul} NUL characters"))
    return text, notes
