"""Input normalisation: the few byte-level repairs made before pages exist.

Byte-order marks, carriage returns and NUL bytes are extraction noise, not
text, and typographic ligatures (U+FB00-FB06, "ﬁ") are presentation forms of
letters some extractors pass through: no word list knows "ﬁrst". They are
removed or spelled out here, before any offset is taken, and each kind of
change is reported so that nothing disappears silently.
"""
from __future__ import annotations

Note = tuple[str, tuple[int, int], str, str, str]  # kind, span, text before, text after, reason

# Latin ligatures (Unicode's Alphabetic Presentation Forms) and their letters.
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}


def normalize_input(text: str) -> tuple[str, list[Note]]:
    """Return the text every offset refers to, and what was removed from it."""
    notes: list[Note] = []
    if text.startswith("\ufeff"):
        text = text[1:]
        notes.append(("normalize", (0, 0), "\ufeff", "", "removed the byte-order mark"))
    # Inside the text U+FEFF is a byte-order mark left by joining files (or
    # the deprecated zero-width no-break space): invisible, and removed too,
    # or reordered pages could bring one to the front of the output, where
    # a second run would take it for the mark.
    inner = text.count("\ufeff")
    if inner:
        text = text.replace("\ufeff", "")
        notes.append(("normalize", (0, 0), "\ufeff" * inner, "", f"removed {inner} byte-order marks inside the text"))
    crlf = text.count("\r\n")
    if crlf:
        text = text.replace("\r\n", "\n")
        notes.append(("normalize", (0, 0), "\r", "", f"converted {crlf} CRLF line ends to LF"))
    lone_cr = text.count("\r")
    if lone_cr:
        text = text.replace("\r", "\n")
        notes.append(("normalize", (0, 0), "\r", "", f"converted {lone_cr} CR line ends to LF"))
    nul = text.count("\x00")
    if nul:
        text = text.replace("\x00", "")
        notes.append(("normalize", (0, 0), "\x00" * nul, "", f"removed {nul} NUL characters"))
    for ligature, letters in LIGATURES.items():
        found = text.count(ligature)
        if found:
            text = text.replace(ligature, letters)
            reason = f"spelled out {found} '{ligature}' ligatures as '{letters}'"
            notes.append(("normalize", (0, 0), ligature * found, letters * found, reason))
    return text, notes
