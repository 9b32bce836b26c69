"""reflow in a few lines: clean a damaged extraction and see what changed.

    python examples/quickstart.py
"""
from pathlib import Path

import reflow

raw = (Path(__file__).parent / "utilitarianism_damaged.txt").read_text(encoding="utf-8")
result = reflow.clean(raw, lang="en")

print(result.text[:600], "...\n")
print("page order:", result.page_order)
print("footnotes:", [note["label"] for note in result.footnotes])
print(f"{len(result.edits)} edits, for example:")
for edit in result.edits[:8]:
    print(f"  line {edit.line}: {edit.kind}: {edit.before!r} -> {edit.after!r} ({edit.reason})")


# A pass of your own is a plain function of the document and the context.
def shout_headings(doc: reflow.Document, ctx: reflow.Context) -> None:
    """Example custom pass: mark lines written in capitals (here, it only counts them)."""
    capitals = [line for line in doc.body_lines() if line.text.isupper()]
    doc.warnings.append(f"{len(capitals)} lines in capitals")


pipeline = reflow.Pipeline([*reflow.DEFAULT_PASSES, shout_headings])
print(pipeline.run(raw).warnings)
