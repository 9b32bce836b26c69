"""The built-in passes, one module each. Importing this package registers them."""
from . import dehyphenate, footnotes, furniture, order, pages, paragraphs, rejoin, segment, unglue  # noqa: F401
