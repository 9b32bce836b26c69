"""Best page order as a maximum-weight Hamiltonian path over pair scores.

Pure functions over plain lists, so they can be tested and timed without a
Document. ``score[i][j]`` is how well page j follows page i, ``start[i]``
how well page i opens the document, ``end[i]`` how well it closes it; the
value of an order is the sum of its start, its boundaries and its end.

One piece of evidence is not a pair score: footnote labels numbered through
a book must rise along the reading order, whatever unlabelled pages sit
between two labelled ones. ``labels[i]`` is page i's (first, last) label
rank or None, and every page whose first label is not above the highest
label already read costs ``penalty``. The exact search carries the highest
label read with its subset of pages, so the term stays exact.

Small page counts are solved exactly (dynamic programming over subsets,
Held-Karp). Larger ones are first cut into chains by their strongest
boundaries (a greedy edge matching); when few chains remain they are ordered
exactly, else greedily, and the result is polished by moving segments
(or-opt). Every choice breaks ties by input position, so the search is
deterministic and an unscored document keeps its input order.
"""
from __future__ import annotations

from array import array
from operator import add
from typing import Sequence

Matrix = Sequence[Sequence[float]]
Labels = Sequence["tuple[int, int] | None"]

# Held-Karp visits 2^n * n / 2 states; in pure Python 12 items take ~0.05 s,
# 14 items ~0.17 s and 16 items over a second (measured on the 2-core
# development machine), so up to 14 pages or chains are ordered exactly.
EXACT_MAX = 14
# Before an exact search over chains, boundaries are fixed strongest first
# down to this score (some evidence for, none against) until few enough
# chains are left.
CONTRACT_MIN = 0.0
# ...for documents up to this many pages: beyond it, fixing weak boundaries
# to reach so few chains guesses more than it knows.
CONTRACT_MAX_PAGES = 50
# Reading labelled pages in label order, the pages without a label are placed
# exactly while the states (labelled pages x 2^free x free) stay below this:
# about a second of pure Python (8 free pages among 100 labelled ones).
SORTED_EXACT_MAX_STATES = 250_000
# Or-opt moves segments of at most this many items (longer ones are rare
# improvements and cost a pass over every position each).
OR_OPT_MAX_SEGMENT = 3
# Or-opt tries a segment next to each end's this many best neighbours only.
OR_OPT_NEIGHBOURS = 8
# Stop polishing after this many sweeps without exhausting improvements.
OR_OPT_MAX_SWEEPS = 20
# Gains smaller than this are rounding, not improvements.
EPSILON = 1e-9
NEG = float("-inf")


def label_descents(order: Sequence[int], labels: Labels | None) -> int:
    """How many labelled pages open with a label not above the highest one read before."""
    if not labels:
        return 0
    count, highest = 0, None
    for page in order:
        span = labels[page]
        if span is None:
            continue
        if highest is not None and span[0] <= highest:
            count += 1
        highest = span[1] if highest is None else max(highest, span[1])
    return count


def path_value(
    order: Sequence[int],
    score: Matrix,
    start: Sequence[float],
    end: Sequence[float],
    labels: Labels | None = None,
    penalty: float = 0.0,
) -> float:
    """The value of an order: start + every boundary + end - label descents."""
    if not order:
        return 0.0
    total = start[order[0]] + end[order[-1]]
    for a, b in zip(order, order[1:]):
        total += score[a][b]
    return total - penalty * label_descents(order, labels) if penalty else total


def exact_path(
    score: Matrix,
    start: Sequence[float],
    end: Sequence[float],
    labels: Labels | None = None,
    penalty: float = 0.0,
) -> list[int]:
    """The best order by dynamic programming over subsets (Held-Karp).

    ``best[mask][k]`` is the best value of a path visiting ``mask`` and ending
    at k, taken as the best over the previous page j of ``best[mask - k][j] +
    score[j][k]`` (one C-level max per state). The label term depends only on
    the pages already read, so it is exact too. Ties go to the lowest index
    at every step, which favours the input order.
    """
    n = len(start)
    if n <= 1:
        return list(range(n))
    size = 1 << n
    columns = [[score[j][k] if j != k else NEG for j in range(n)] for k in range(n)]
    firsts = [span[0] if span is not None else None for span in labels] if labels and penalty else [None] * n
    lasts = [span[1] if span is not None else -1 for span in labels] if labels and penalty else [-1] * n
    highest = [-1] * size  # highest label read in mask (-1: none)
    best: list[list[float]] = [[]] * size
    for mask in range(1, size):
        low = mask & -mask
        highest[mask] = max(highest[mask ^ low], lasts[low.bit_length() - 1])
        if mask == low:
            row = [NEG] * n
            row[low.bit_length() - 1] = start[low.bit_length() - 1]
            best[mask] = row
            continue
        row = [NEG] * n
        rest = mask
        while rest:
            bit = rest & -rest
            rest ^= bit
            k = bit.bit_length() - 1
            prev = mask ^ bit
            value = max(map(add, best[prev], columns[k]))
            first = firsts[k]
            if first is not None and highest[prev] >= first:
                value -= penalty
            row[k] = value
        best[mask] = row
    # Walk back: at each step the lowest-index predecessor that attains the value.
    mask = size - 1
    last = max(range(n), key=lambda j: (best[mask][j] + end[j], -j))
    order = [last]
    while mask != 1 << order[-1]:
        k = order[-1]
        prev = mask ^ (1 << k)
        target = best[mask][k]
        first = firsts[k]
        if first is not None and highest[prev] >= first:
            target += penalty
        row = best[prev]
        column = columns[k]
        order.append(min(j for j in range(n) if row[j] + column[j] >= target - EPSILON))
        mask = prev
    order.reverse()
    return order


def exact_path_in_label_order(
    score: Matrix, start: Sequence[float], end: Sequence[float], labels: Labels
) -> list[int] | None:
    """The best order that reads labelled pages in label order (Held-Karp over the
    subsets such an order can reach), or None when too many pages carry no label.

    With labels numbered through the document, the labelled pages' order is
    all but known; only the pages without notes must find their places. The
    subsets reachable in label order are (labelled pages read so far) x (any
    set of unlabelled pages), and a path can only end at an unlabelled page or
    the last labelled one read: exact, and small when few pages lack labels.
    """
    n = len(start)
    ranked = sorted((span[0], page) for page, span in enumerate(labels) if span is not None)
    sequence = [page for _first, page in ranked]
    free = [page for page in range(n) if labels[page] is None]
    if not sequence or (len(sequence) + 1) * (len(free) + 1) << len(free) > SORTED_EXACT_MAX_STATES:
        return None
    # A state: (labelled pages read, set of free pages read as bits, last page).
    best: dict[tuple[int, int, int], float] = {}
    back: dict[tuple[int, int, int], tuple[int, int, int] | None] = {}
    bit_of = {page: 1 << k for k, page in enumerate(free)}
    layers: list[list[tuple[int, int, int]]] = [[] for _ in range(n + 1)]  # states by pages read
    for page in [sequence[0]] + free:
        state = (0, bit_of[page], page) if page in bit_of else (1, 0, page)
        best[state] = start[page]
        back[state] = None
        layers[1].append(state)
    for size in range(1, n):
        for state in sorted(layers[size]):
            taken, used, last = state
            value = best[state]
            row = score[last]
            moves = [page for page in free if not used & bit_of[page]]
            if taken < len(sequence):
                moves.append(sequence[taken])
            for page in moves:
                nxt = (taken + 1, used, page) if page not in bit_of else (taken, used | bit_of[page], page)
                candidate = value + row[page]
                if nxt not in best:
                    layers[size + 1].append(nxt)
                if candidate > best.get(nxt, NEG) + EPSILON:
                    best[nxt] = candidate
                    back[nxt] = state
    full = layers[n]
    if not full:
        return None
    state: tuple[int, int, int] | None = max(full, key=lambda st: (best[st] + end[st[2]], -st[2]))
    order = []
    while state is not None:
        order.append(state[2])
        state = back[state]
    order.reverse()
    return order


def greedy_chains(
    score: Matrix, min_score: float, labels: Labels | None = None, stop_at: int = 1
) -> list[list[int]]:
    """Chains made of the strongest boundaries first, each page used once per side.

    Only boundaries scoring at least ``min_score`` are taken; a boundary that
    would close a cycle, or put a chain's labels after a higher one's, is
    skipped; joining stops when ``stop_at`` chains are left. Chains come back
    sorted by their first page.
    """
    n = len(score)
    edges = []
    for a in range(n):
        row = score[a]
        edges += [(value, a, b) for b, value in enumerate(row) if value >= min_score and a != b]
    # Strongest first; on equal scores, input-adjacent and earlier pages first.
    edges.sort(key=lambda e: (-e[0], e[2] != e[1] + 1, e[1], e[2]))
    succ = [-1] * n
    pred = [-1] * n
    head = list(range(n))  # head[x]: first page of the chain ending at x (valid for chain tails)
    tail = list(range(n))  # tail[x]: last page of the chain starting at x (valid for chain heads)
    # Lowest and highest label of the chain starting at x (valid for chain heads).
    low = [span[0] if span else None for span in labels] if labels else [None] * n
    high = [span[1] if span else None for span in labels] if labels else [None] * n
    count = n
    for _value, a, b in edges:
        if count <= stop_at:
            break
        if succ[a] >= 0 or pred[b] >= 0:
            continue
        first = head[a]  # a is a chain tail, b a chain head
        if first == b:
            continue  # would close a cycle
        if high[first] is not None and low[b] is not None and low[b] <= high[first]:
            continue  # labels would go backwards
        last = tail[b]
        count -= 1
        succ[a], pred[b] = b, a
        tail[first] = last
        head[last] = first
        if low[first] is None:
            low[first] = low[b]
        if high[b] is not None:
            high[first] = high[b]
    chains = []
    for x in range(n):
        if pred[x] < 0:
            chain = [x]
            while succ[chain[-1]] >= 0:
                chain.append(succ[chain[-1]])
            chains.append(chain)
    return chains


def chain_labels(chains: list[list[int]], labels: Labels | None) -> list[tuple[int, int] | None] | None:
    """(first, last) label of each chain, None for chains without labels."""
    if not labels:
        return None
    spans = []
    for chain in chains:
        found = [labels[p] for p in chain if labels[p] is not None]
        spans.append((found[0][0], max(s[1] for s in found)) if found else None)
    return spans


def order_chains(
    chains: list[list[int]],
    score: Matrix,
    start: Sequence[float],
    end: Sequence[float],
    labels: Labels | None = None,
    penalty: float = 0.0,
) -> list[int]:
    """Order whole chains by the boundaries between them: exactly if few, else greedily."""
    m = len(chains)
    zeros = [0.0] * len(score)
    inner = [path_value(c, score, zeros, zeros) for c in chains]
    cscore = [[inner[y] + score[chains[x][-1]][chains[y][0]] if x != y else 0.0 for y in range(m)] for x in range(m)]
    cstart = [start[c[0]] + inner[i] for i, c in enumerate(chains)]
    cend = [end[c[-1]] for c in chains]
    if m <= EXACT_MAX:
        arrangement = exact_path(cscore, cstart, cend, chain_labels(chains, labels), penalty)
    else:
        arrangement = greedy_chains(cscore, NEG)[0]  # a complete graph: one chain
    return [page for x in arrangement for page in chains[x]]


def _neighbours(score: Matrix, k: int) -> tuple[list[list[int]], list[list[int]]]:
    """Each page's k best successors and k best predecessors (ties to input order)."""
    n = len(score)
    columns = [array("d", col) for col in zip(*score)]

    def best(values: Sequence[float], skip: int) -> list[int]:
        # A stable sort keeps the earlier index on ties: the input order wins.
        return [x for x in sorted(range(n), key=values.__getitem__, reverse=True)[: k + 1] if x != skip][:k]

    return [best(score[a], a) for a in range(n)], [best(columns[b], b) for b in range(n)]


def or_opt(
    order: list[int],
    score: Matrix,
    start: Sequence[float],
    end: Sequence[float],
    neighbours: tuple[list[list[int]], list[list[int]]] | None = None,
    labels: Labels | None = None,
    penalty: float = 0.0,
) -> list[int]:
    """Move short segments (kept in their direction) wherever that raises the value.

    A segment is only tried next to one of its ends' best neighbours (the
    usual neighbour-list restriction), which keeps a sweep near-linear. With
    labels, a move that gains on the boundaries is made only if it does not
    add label descents worth more.
    """
    order = list(order)
    n = len(order)
    if n < 3:
        return order
    succ, pred = neighbours or _neighbours(score, OR_OPT_NEIGHBOURS)
    # Item n stands for the document's edge: link[a][n] is a's end value,
    # link[n][b] b's start value, so every boundary is one lookup.
    edge = n
    link = [array("d", score[a]) + array("d", [end[a]]) for a in range(n)]
    link.append(array("d", start) + array("d", [0.0]))
    position = [0] * n
    for pos, page in enumerate(order):
        position[page] = pos
    descents = label_descents(order, labels) if labels and penalty else None
    for _sweep in range(OR_OPT_MAX_SWEEPS):
        improved = False
        for length in range(1, OR_OPT_MAX_SEGMENT + 1):
            i = 0
            while i + length <= n:
                segment = order[i : i + length]
                first, last = segment[0], segment[-1]
                before = order[i - 1] if i > 0 else edge
                after = order[i + length] if i + length < n else edge
                removed = link[before][after] - link[before][first] - link[last][after]
                # Insert between p and q: p one of first's best predecessors,
                # or q one of last's best successors, or at either end.
                slots = {(order[-1], edge), (edge, order[0])}
                for p in pred[first]:
                    slots.add((p, order[position[p] + 1] if position[p] + 1 < n else edge))
                for q in succ[last]:
                    slots.add((order[position[q] - 1] if position[q] > 0 else edge, q))
                best_gain, best_slot = EPSILON, None
                for p, q in sorted(slots):
                    if p in segment or q in segment or p == before:
                        continue  # inside the segment, or where it already is
                    gain = removed + link[p][first] + link[last][q] - link[p][q]
                    if gain > best_gain:
                        best_gain, best_slot = gain, p
                if best_slot is not None:
                    rest = order[:i] + order[i + length :]
                    p = best_slot
                    at = 0 if p == edge else (position[p] if position[p] < i else position[p] - length) + 1
                    moved = rest[:at] + segment + rest[at:]
                    if descents is None or best_gain > penalty * (label_descents(moved, labels) - descents) + EPSILON:
                        order = moved
                        descents = label_descents(order, labels) if descents is not None else None
                        for pos in range(min(i, at), max(i, at) + length):
                            position[order[pos]] = pos
                        improved = True
                i += 1
        if not improved:
            break
    return order


def best_path(
    score: Matrix,
    start: Sequence[float],
    end: Sequence[float],
    chain_min: float,
    labels: Labels | None = None,
    penalty: float = 0.0,
) -> list[int]:
    """The best order found: exact for small inputs, chains plus polishing otherwise.

    ``chain_min`` is the boundary score above which the greedy matching may
    fix a boundary before the chains are ordered.
    """
    n = len(start)
    if n <= EXACT_MAX:
        return exact_path(score, start, end, labels, penalty)
    # Starting points, each polished: the input order itself (the prior; it
    # wins ties, so a document already in order is not traded for an equally
    # good guess); all strong boundaries fixed and the chains ordered; for
    # shorter documents, the strongest boundaries fixed until few enough
    # chains are left to order them exactly (this includes every arrangement
    # of the strong chains when they are few).
    near = _neighbours(score, OR_OPT_NEIGHBOURS)
    starts = [list(range(n))]
    few = greedy_chains(score, CONTRACT_MIN, labels, stop_at=EXACT_MAX) if n <= CONTRACT_MAX_PAGES else []
    if few and len(few) <= EXACT_MAX:
        starts.append(order_chains(few, score, start, end, labels, penalty))
    strong = greedy_chains(score, chain_min, labels)
    if len(strong) > EXACT_MAX or not few:
        starts.append(order_chains(strong, score, start, end, labels, penalty))
    if labels and penalty:
        in_label_order = exact_path_in_label_order(score, start, end, labels)
        if in_label_order is not None:
            starts.append(in_label_order)
    best, best_value = [], NEG
    for candidate in starts:
        polished = or_opt(candidate, score, start, end, near, labels, penalty)
        value = path_value(polished, score, start, end, labels, penalty)
        if value > best_value + EPSILON:
            best, best_value = polished, value
    return best


def input_breaks(order: Sequence[int]) -> int:
    """How many boundaries of an order are not input neighbours."""
    return sum(1 for a, b in zip(order, order[1:]) if b != a + 1)


def keep_input_where_weak(
    order: list[int],
    score: Matrix,
    start: Sequence[float],
    end: Sequence[float],
    margin: float,
    labels: Labels | None = None,
    penalty: float = 0.0,
) -> list[int]:
    """Undo moves the evidence barely supports: put input neighbours back together.

    The order is cut into blocks of input-consecutive pages. Wherever page k
    ends one block and page k+1 starts another, moving one block next to the
    other restores a stretch of input order; so does going back to the input
    order altogether. A restoration is made when it costs less than
    ``margin`` per input boundary it restores (the cheapest first), until
    none is left. Label descents a restoration adds count in its cost.
    """
    order = list(order)
    labelled = bool(labels and penalty)

    def link(a: int, b: int) -> float:
        if a < 0:
            return start[b] if b >= 0 else 0.0
        return end[a] if b < 0 else score[a][b]

    while True:
        blocks: list[list[int]] = []
        for page in order:
            if blocks and page == blocks[-1][-1] + 1:
                blocks[-1].append(page)
            else:
                blocks.append([page])
        if len(blocks) == 1:
            return order
        current = path_value(order, score, start, end, labels, penalty)
        descents = label_descents(order, labels) if labelled else 0
        breaks = input_breaks(order)
        best_cost = (current - path_value(sorted(order), score, start, end, labels, penalty)) / breaks
        best = sorted(order) if best_cost < margin else None
        first_of = {block[0]: i for i, block in enumerate(blocks)}

        def edge(i: int, side: int) -> int:
            """Last page of the block before blocks[i] (side -1) or first page after it (+1)."""
            j = i + side
            if j < 0 or j >= len(blocks):
                return -1
            return blocks[j][-1] if side < 0 else blocks[j][0]

        for x, block in enumerate(blocks):
            y = first_of.get(block[-1] + 1)
            if y is None or y == x + 1:
                continue
            # Either the later block joins the earlier one, or the other way round.
            for anchor, moved in ((x, y), (y, x)):
                mv = blocks[moved]
                p, q = edge(moved, -1), edge(moved, +1)
                taken_out = link(p, q) - link(p, mv[0]) - link(mv[-1], q)
                if moved == y:  # y goes right after x
                    a, b = blocks[x][-1], edge(x, +1)
                    b = q if b == mv[0] else b
                    put_in = link(a, mv[0]) + link(mv[-1], b) - link(a, b)
                else:  # x goes right before y
                    a, b = edge(y, -1), blocks[y][0]
                    a = p if a == mv[-1] else a
                    put_in = link(a, mv[0]) + link(mv[-1], b) - link(a, b)
                cost = -(taken_out + put_in)
                restored = 1 + (p >= 0 and q >= 0 and q == p + 1)
                if cost / restored < (best_cost if best is not None else margin):
                    rest = [blk for i, blk in enumerate(blocks) if i != moved]
                    at = rest.index(blocks[anchor])
                    joined = rest[:at] + [blocks[x] + blocks[y]] + rest[at + 1 :]
                    candidate = [page for blk in joined for page in blk]
                    if labelled:
                        cost += penalty * (label_descents(candidate, labels) - descents)
                    if cost / restored < (best_cost if best is not None else margin):
                        best, best_cost = candidate, cost / restored
        if best is None:
            return order
        order = best
