"""A small computational graph: forward values, backward gradients, and a picture.

Each :class:`Node` applies one elementary operation to earlier nodes. The forward pass
computes every node's value at a point; the backward pass computes the derivative of the
last node (the output) with respect to every node, by the chain rule: a node's gradient
is the sum, over the nodes that use it, of their gradient times the local derivative.
That sum is the "sum over j" of the vector chain rule: a node used twice collects two
contributions.

>>> g = Graph([Node("x"), Node("w"), Node("u", "*", ("w", "x")), Node("z", "exp", ("u",))])
>>> values = g.forward(x=2.0, w=0.5)
>>> round(values["z"], 4)
2.7183
>>> grads = g.backward(values)
>>> round(grads["w"], 4), round(grads["x"], 4)  # dz/dw = x e^u, dz/dx = w e^u
(5.4366, 1.3591)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

__all__ = ["OPERATIONS", "Graph", "Node"]

Local = Callable[..., tuple[float, ...]]

#: Each operation: (how many inputs, forward, local derivatives with respect to each input).
OPERATIONS: dict[str, tuple[int, Callable[..., float], Local]] = {
    "+": (2, lambda a, b: a + b, lambda a, b: (1.0, 1.0)),
    "-": (2, lambda a, b: a - b, lambda a, b: (1.0, -1.0)),
    "*": (2, lambda a, b: a * b, lambda a, b: (b, a)),
    "neg": (1, lambda a: -a, lambda a: (-1.0,)),
    "exp": (1, math.exp, lambda a: (math.exp(a),)),
    "log": (1, math.log, lambda a: (1.0 / a,)),
    "1/": (1, lambda a: 1.0 / a, lambda a: (-1.0 / a**2,)),
    "1+": (1, lambda a: 1.0 + a, lambda a: (1.0,)),
    "1-": (1, lambda a: 1.0 - a, lambda a: (-1.0,)),
    "square": (1, lambda a: a * a, lambda a: (2.0 * a,)),
    "sigmoid": (
        1,
        lambda a: 1.0 / (1.0 + math.exp(-a)) if a >= 0 else math.exp(a) / (1.0 + math.exp(a)),
        lambda a: (_sigmoid(a) * (1.0 - _sigmoid(a)),),
    ),
}


def _sigmoid(a: float) -> float:
    return OPERATIONS["sigmoid"][1](a)


@dataclass(frozen=True)
class Node:
    """A named node: an input (``op`` None) or ``op`` applied to earlier nodes ``inputs``.

    >>> Node("u", "*", ("w", "x")).is_input
    False
    """

    name: str
    op: str | None = None
    inputs: tuple[str, ...] = ()

    @property
    def is_input(self) -> bool:
        return self.op is None


class Graph:
    """Nodes in the order they are computed; the last one is the output.

    >>> Graph([Node("x"), Node("y", "exp", ("z",))])
    Traceback (most recent call last):
    ...
    ValueError: node 'y' uses 'z', which is not defined before it
    """

    def __init__(self, nodes: Sequence[Node]) -> None:
        seen: set[str] = set()
        for node in nodes:
            if node.name in seen:
                raise ValueError(f"two nodes are called {node.name!r}")
            if node.op is not None:
                if node.op not in OPERATIONS:
                    raise ValueError(
                        f"unknown operation {node.op!r}; known: {', '.join(OPERATIONS)}"
                    )
                if len(node.inputs) != OPERATIONS[node.op][0]:
                    raise ValueError(f"{node.op!r} takes {OPERATIONS[node.op][0]} input(s)")
            for name in node.inputs:
                if name not in seen:
                    raise ValueError(
                        f"node {node.name!r} uses {name!r}, which is not defined before it"
                    )
            seen.add(node.name)
        if not nodes or nodes[-1].is_input:
            raise ValueError("a graph needs at least one operation, its output last")
        self.nodes = list(nodes)
        self.output = nodes[-1].name
        self.inputs = [node.name for node in nodes if node.is_input]

    def forward(self, **inputs: float) -> dict[str, float]:
        """The value of every node at the point ``inputs`` (one number per input node)."""
        missing = set(self.inputs) - set(inputs)
        if missing:
            raise ValueError(f"give a value for {', '.join(sorted(missing))}")
        values: dict[str, float] = {}
        for node in self.nodes:
            if node.is_input:
                values[node.name] = float(inputs[node.name])
                continue
            try:
                values[node.name] = OPERATIONS[node.op][1](*(values[i] for i in node.inputs))
            except (ValueError, ZeroDivisionError, OverflowError) as err:
                raise ValueError(
                    f"node {node.name!r} ({_op_text(node)}) has no value at this point: {err}"
                ) from None
        return values

    def local(self, node: Node, values: Mapping[str, float]) -> tuple[float, ...]:
        """The local derivatives of ``node`` with respect to each of its inputs."""
        return OPERATIONS[node.op][2](*(values[i] for i in node.inputs))

    def backward(self, values: Mapping[str, float]) -> dict[str, float]:
        """d output / d node for every node, from the forward ``values``."""
        grads = {node.name: 0.0 for node in self.nodes}
        grads[self.output] = 1.0
        for node in reversed(self.nodes):
            if node.is_input:
                continue
            for name, local in zip(node.inputs, self.local(node, values), strict=True):
                grads[name] += grads[node.name] * local  # the sum over the nodes that use it
        return grads

    def _positions(self) -> dict[str, tuple[float, float]]:
        """Operations in columns by depth; each input just left of its first user."""
        depth: dict[str, int] = {}
        for node in self.nodes:
            depth[node.name] = 1 + max((depth[i] for i in node.inputs), default=-1)
        for node in self.nodes:
            if node.is_input:
                users = [depth[n.name] for n in self.nodes if node.name in n.inputs]
                depth[node.name] = min(users, default=1) - 1
        columns: dict[int, list[str]] = {}
        for node in self.nodes:
            columns.setdefault(depth[node.name], []).append(node.name)
        return {
            name: (float(d), (len(names) - 1) / 2 - k)
            for d, names in columns.items()
            for k, name in enumerate(names)
        }

    def draw(
        self,
        values: Mapping[str, float] | None = None,
        grads: Mapping[str, float] | None = None,
        ax: Axes | None = None,
    ) -> Axes:
        """Draw the graph: each node with its operation, forward value and gradient.

        ``values`` and ``grads`` may be partial (a student's passes, say): what is missing
        shows as "?". Inputs are on the left, the output on the right.
        """
        if ax is None:
            _, ax = plt.subplots(figsize=(2.2 * (max(self._positions().values())[0] + 1), 3.5))
        where = self._positions()
        boxes = {}
        for node in self.nodes:
            label = node.name if node.is_input else f"{node.name} = {_op_text(node)}"
            lines = [
                label,
                f"value {_number(values, node.name)}",
                f"grad {_number(grads, node.name)}",
            ]
            boxes[node.name] = ax.text(
                *where[node.name],
                "\n".join(lines),
                ha="center",
                va="center",
                fontsize=10,
                bbox={
                    "boxstyle": "round,pad=0.4",
                    "facecolor": "#e8f0fe" if node.is_input else "#fff4e0",
                    "edgecolor": "grey",
                },
            )
        for node in self.nodes:
            for name in node.inputs:  # from the right edge of the input to the left of the node
                ax.annotate(
                    "",
                    xy=(0, 0.5),
                    xycoords=boxes[node.name],
                    xytext=(1, 0.5),
                    textcoords=boxes[name],
                    arrowprops={"arrowstyle": "-|>", "color": "grey", "shrinkA": 6, "shrinkB": 6},
                )
        xs = [x for x, _ in where.values()]
        ys = [y for _, y in where.values()]
        ax.set(xlim=(min(xs) - 0.6, max(xs) + 0.6), ylim=(min(ys) - 0.8, max(ys) + 0.8))
        ax.set_axis_off()
        return ax


def _op_text(node: Node) -> str:
    a = node.inputs
    if node.op in ("+", "-", "*"):
        return f"{a[0]} {node.op} {a[1]}"
    if node.op in ("1/", "1+", "1-"):
        return f"{node.op}{a[0]}"
    if node.op == "neg":
        return f"-{a[0]}"
    if node.op == "square":
        return f"{a[0]}²"
    return f"{node.op}({a[0]})"


def _number(table: Mapping[str, float] | None, name: str) -> str:
    if table is None or name not in table:
        return "?"
    try:
        return f"{float(table[name]):.4g}"
    except (TypeError, ValueError):
        return "?"
