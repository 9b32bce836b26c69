"""Reading input files and bytes, with one clear error per unreadable input."""
from __future__ import annotations

import codecs
import os

# Share of control bytes (other than tab, newline, carriage return, form
# feed) in the first block above which the input is binary, not text. Text
# extractions carry a few stray NULs; binary formats are full of them.
BINARY_CONTROL_SHARE = 0.10
SNIFF_BYTES = 65536
# Refuse inputs larger than this by default: reflow holds the text in memory
# (about 4x its size at peak), so a larger file needs a deliberate --max-size.
DEFAULT_MAX_BYTES = 1 << 30

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_codec(head: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``head`` names, if any."""
    return next((codec for bom, codec in _BOMS if head.startswith(bom)), None)


_MAGIC = {
    b"%PDF": "a PDF file: install reflow[pdf] to read it, or extract its text first (for example with pdftotext)",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.epub), not text",
    b"\x89PNG": "a PNG image, not text",
    b"\xff\xd8\xff": "a JPEG image, not text",
    b"\x7fELF": "an executable, not text",
}


class InputError(Exception):
    """An input reflow cannot read; the message names the problem in one line."""


def sniff_binary(data: bytes) -> str | None:
    """Why ``data`` is not text, or None if it looks like text."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    sample = data[:SNIFF_BYTES]
    if not sample:
        return None
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D))
    if controls / len(sample) > BINARY_CONTROL_SHARE:
        return f"a binary file ({controls} control bytes in its first {len(sample)})"
    return None


def decode_bytes(data: bytes, encoding: str | None = None) -> str:
    """Decode input bytes: a BOM wins, then ``encoding``, then strict UTF-8."""
    marked = bom_codec(data)
    if marked is not None:
        try:
            return data.decode(marked)
        except UnicodeDecodeError as exc:
            raise InputError(f"starts with a {marked} byte-order mark but is not valid {marked}: {exc.reason}") from None
    if encoding is None:
        why = sniff_binary(data)
        if why:
            raise InputError(f"is {why}")
    codec = encoding or "utf-8"
    try:
        return data.decode(codec)
    except LookupError:
        raise InputError(f"unknown encoding {codec!r}") from None
    except UnicodeDecodeError as exc:
        hint = " (try --encoding latin-1 or --encoding cp1252)" if encoding is None else ""
        raise InputError(f"is not valid {codec} at byte {exc.start}{hint}") from None


def read_path(path: str, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read and decode one input file; raise InputError with a one-line reason."""
    return decode_bytes(read_bytes(path, max_bytes), encoding)


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one input file; raise InputError with a one-line reason."""
    if os.path.isdir(path):
        raise InputError("is a directory (give files, or use shell globs)")
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(f"is {size / 1e6:.0f} MB, above the {max_bytes / 1e6:.0f} MB limit (raise it with --max-size)")
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError("does not exist") from None
    except PermissionError:
        raise InputError("cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})") from None
    return data
