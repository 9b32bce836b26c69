"""Best page order as a maximum-weight Hamiltonian path over pair scores.

Pure functions over plain lists, so they can be tested and timed without a
Document. ``score[i][j]`` is how well page j follows page i, ``start[i]``
how well page i opens the document, ``end[i]`` how well it closes it; the
value of an order is the sum of its start, its boundaries and its end.

Small page counts are solved exactly (dynamic programming over subsets,
Held-Karp). Larger ones are first cut into chains by their strongest
boundaries (a greedy edge matching); when few chains remain they are ordered
exactly, else greedily, and the result is polished by moving segments
(or-opt). Every choice breaks ties by input position, so the search is
deterministic and an unscored document keeps its input order.
"""
from __future__ import annotations

import heapq
from array import array
from typing import Sequence

Matrix = Sequence[Sequence[float]]

# Held-Karp costs about 2^n * n^2 / 4 steps; 12 items take ~0.1 s in pure
# Python (measured with benchmarks/order_benchmark.py), 14 items ~0.6 s.
EXACT_MAX = 12
# Or-opt moves segments of at most this many items (longer ones are rare
# improvements and cost a pass over every position each).
OR_OPT_MAX_SEGMENT = 3
# Or-opt tries a segment next to each end's this many best neighbours only.
OR_OPT_NEIGHBOURS = 8
# Stop polishing after this many sweeps without exhausting improvements.
OR_OPT_MAX_SWEEPS = 20
# Gains smaller than this are rounding, not improvements.
EPSILON = 1e-9


def path_value(order: Sequence[int], score: Matrix, start: Sequence[float], end: Sequence[float]) -> float:
    """The value of an order: start + every boundary + end."""
    if not order:
        return 0.0
    total = start[order[0]] + end[order[-1]]
    for a, b in zip(order, order[1:]):
        total += score[a][b]
    return total


def exact_path(score: Matrix, start: Sequence[float], end: Sequence[float]) -> list[int]:
    """The best order by dynamic programming over subsets (Held-Karp).

    ``best[mask][j]`` is the best value of a path visiting ``mask`` and ending
    at j. Ties go to the first-found path, which with items visited in index
    order favours lower indices first (the input order).
    """
    n = len(start)
    if n <= 1:
        return list(range(n))
    size = 1 << n
    neg = float("-inf")
    best = [[neg] * n for _ in range(size)]
    back = [[-1] * n for _ in range(size)]
    for j in range(n):
        best[1 << j][j] = start[j]
    for mask in range(1, size):
        row = best[mask]
        ends = [j for j in range(n) if row[j] != neg]
        if not ends:
            continue
        free = [k for k in range(n) if not mask & (1 << k)]
        for j in ends:
            value = row[j]
            sj = score[j]
            for k in free:
                candidate = value + sj[k]
                nxt = mask | (1 << k)
                if candidate > best[nxt][k] + EPSILON:
                    best[nxt][k] = candidate
                    back[nxt][k] = j
    full = size - 1
    last = max(range(n), key=lambda j: (best[full][j] + end[j], -j))
    order = [last]
    mask = full
    while back[mask][order[-1]] >= 0:
        prev = back[mask][order[-1]]
        mask ^= 1 << order[-1]
        order.append(prev)
    order.reverse()
    return order


def greedy_chains(score: Matrix, min_score: float) -> list[list[int]]:
    """Chains made of the strongest boundaries first, each page used once per side.

    Only boundaries scoring at least ``min_score`` are taken; a boundary that
    would close a cycle is skipped. Chains come back sorted by their first page.
    """
    n = len(score)
    edges = [(score[a][b], a, b) for a in range(n) for b in range(n) if a != b and score[a][b] >= min_score]
    # Strongest first; on equal scores, input-adjacent and earlier pages first.
    edges.sort(key=lambda e: (-e[0], e[2] != e[1] + 1, e[1], e[2]))
    succ = [-1] * n
    pred = [-1] * n
    head = list(range(n))  # head[x]: first page of the chain ending at x (valid for chain tails)
    tail = list(range(n))  # tail[x]: last page of the chain starting at x (valid for chain heads)
    for _value, a, b in edges:
        if succ[a] >= 0 or pred[b] >= 0:
            continue
        first = head[a]  # a is a chain tail, b a chain head
        if first == b:
            continue  # would close a cycle
        last = tail[b]
        succ[a], pred[b] = b, a
        tail[first] = last
        head[last] = first
    chains = []
    for x in range(n):
        if pred[x] < 0:
            chain = [x]
            while succ[chain[-1]] >= 0:
                chain.append(succ[chain[-1]])
            chains.append(chain)
    return chains


def order_chains(chains: list[list[int]], score: Matrix, start: Sequence[float], end: Sequence[float]) -> list[int]:
    """Order whole chains by the boundaries between them: exactly if few, else greedily."""
    m = len(chains)
    inner = [path_value(c, score, [0.0] * len(score), [0.0] * len(score)) for c in chains]
    cscore = [[inner[y] + score[chains[x][-1]][chains[y][0]] if x != y else 0.0 for y in range(m)] for x in range(m)]
    cstart = [start[c[0]] + inner[i] for i, c in enumerate(chains)]
    cend = [end[c[-1]] for c in chains]
    if m <= EXACT_MAX:
        arrangement = exact_path(cscore, cstart, cend)
    else:
        merged = greedy_chains(cscore, float("-inf"))
        arrangement = merged[0]
    return [page for x in arrangement for page in chains[x]]


def _neighbours(score: Matrix, k: int) -> tuple[list[list[int]], list[list[int]]]:
    """Each page's k best successors and k best predecessors (ties to input order)."""
    n = len(score)
    columns = [array("d", col) for col in zip(*score)]

    def best(values: Sequence[float], skip: int) -> list[int]:
        # nlargest keeps the earlier index on ties: the input order wins.
        return [x for x in heapq.nlargest(k + 1, range(n), key=values.__getitem__) if x != skip][:k]

    return [best(score[a], a) for a in range(n)], [best(columns[b], b) for b in range(n)]


def or_opt(
    order: list[int],
    score: Matrix,
    start: Sequence[float],
    end: Sequence[float],
    neighbours: tuple[list[list[int]], list[list[int]]] | None = None,
) -> list[int]:
    """Move short segments (kept in their direction) wherever that raises the value.

    A segment is only tried next to one of its ends' best neighbours (the
    usual neighbour-list restriction), which keeps a sweep near-linear.
    """
    order = list(order)
    n = len(order)
    if n < 3:
        return order
    succ, pred = neighbours or _neighbours(score, OR_OPT_NEIGHBOURS)

    def link(a: int, b: int) -> float:
        """Boundary value, with -1 standing for the document's start or end."""
        if a < 0:
            return start[b] if b >= 0 else 0.0
        if b < 0:
            return end[a]
        return score[a][b]

    position = {page: pos for pos, page in enumerate(order)}
    for _sweep in range(OR_OPT_MAX_SWEEPS):
        improved = False
        for length in range(1, OR_OPT_MAX_SEGMENT + 1):
            i = 0
            while i + length <= n:
                segment = order[i : i + length]
                first, last = segment[0], segment[-1]
                before = order[i - 1] if i > 0 else -1
                after = order[i + length] if i + length < n else -1
                removed = link(before, after) - link(before, first) - link(last, after)
                # Insert between p and q: p one of first's best predecessors,
                # or q one of last's best successors (or the document's ends).
                slots = {(p, -2) for p in pred[first]} | {(-2, q) for q in succ[last]} | {(-1, -2), (-2, -1)}
                best_gain, best_slot = EPSILON, None
                for p, q in sorted(slots):
                    if p == -2:
                        qpos = position[q] if q >= 0 else n
                        p = order[qpos - 1] if qpos > 0 else -1
                    else:
                        ppos = position[p] if p >= 0 else -1
                        q = order[ppos + 1] if ppos + 1 < n else -1
                    if p in segment or q in segment or (p == before and q == after) or (p == before and q == first):
                        continue
                    gain = removed + link(p, first) + link(last, q) - link(p, q)
                    if gain > best_gain:
                        best_gain, best_slot = gain, (p, q)
                if best_slot is not None:
                    rest = order[:i] + order[i + length :]
                    p = best_slot[0]
                    at = rest.index(p) + 1 if p >= 0 else 0
                    order = rest[:at] + segment + rest[at:]
                    position = {page: pos for pos, page in enumerate(order)}
                    improved = True
                i += 1
        if not improved:
            break
    return order


def best_path(score: Matrix, start: Sequence[float], end: Sequence[float], chain_min: float) -> list[int]:
    """The best order found: exact for small inputs, chains plus polishing otherwise.

    ``chain_min`` is the boundary score above which the greedy matching may
    fix a boundary before the chains are ordered.
    """
    n = len(start)
    if n <= EXACT_MAX:
        return exact_path(score, start, end)
    chains = greedy_chains(score, chain_min)
    # Two starting points, each polished: the strongest chains ordered, and
    # the input order itself (the prior; it wins ties, so a document already
    # in order is not traded for an equally good guess).
    near = _neighbours(score, OR_OPT_NEIGHBOURS)
    candidates = [
        or_opt(list(range(n)), score, start, end, near),
        or_opt(order_chains(chains, score, start, end), score, start, end, near),
    ]
    return max(candidates, key=lambda order: path_value(order, score, start, end) - (EPSILON if order is not candidates[0] else 0.0))


def input_breaks(order: Sequence[int]) -> int:
    """How many boundaries of an order are not input neighbours."""
    return sum(1 for a, b in zip(order, order[1:]) if b != a + 1)


def keep_input_where_weak(
    order: list[int], score: Matrix, start: Sequence[float], end: Sequence[float], margin: float
) -> list[int]:
    """Undo moves the evidence barely supports: put input neighbours back together.

    The order is cut into blocks of input-consecutive pages. Wherever page k
    ends one block and page k+1 starts another, moving one block next to the
    other restores a stretch of input order; so does going back to the input
    order altogether. A restoration is made when it costs less than
    ``margin`` per input boundary it restores (the cheapest first), until
    none is left.
    """
    order = list(order)

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
        current = path_value(order, score, start, end)
        breaks = input_breaks(order)
        best_cost = (current - path_value(sorted(order), score, start, end)) / breaks
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
                    best, best_cost = [page for blk in joined for page in blk], cost / restored
        if best is None:
            return order
        order = best
