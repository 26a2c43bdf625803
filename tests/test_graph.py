"""Does the computational graph compute what the chain rule says, and draw it?"""

from __future__ import annotations

import math

import matplotlib
import pytest
import sympy
from matplotlib.text import Annotation

from gdkit.graph import OPERATIONS, Graph, Node

matplotlib.use("Agg")

LOGISTIC = Graph(
    [
        Node("x"),
        Node("w"),
        Node("u", "*", ("w", "x")),
        Node("b"),
        Node("z", "+", ("u", "b")),
        Node("p", "sigmoid", ("z",)),
        Node("L", "log", ("p",)),
    ]
)
FAN_OUT = Graph(
    [Node("x"), Node("a", "square", ("x",)), Node("c", "exp", ("x",)), Node("z", "*", ("a", "c"))]
)


def central_difference(graph: Graph, point: dict[str, float], name: str, h: float = 1e-6) -> float:
    up, down = dict(point), dict(point)
    up[name] += h
    down[name] -= h
    return (graph.forward(**up)[graph.output] - graph.forward(**down)[graph.output]) / (2 * h)


@pytest.mark.parametrize(
    ("graph", "point"),
    [(LOGISTIC, {"x": 1.5, "w": -0.4, "b": 0.2}), (FAN_OUT, {"x": 0.7}), (FAN_OUT, {"x": -1.3})],
)
def test_backward_agrees_with_central_differences(graph, point):
    grads = graph.backward(graph.forward(**point))
    for name in graph.inputs:
        assert grads[name] == pytest.approx(central_difference(graph, point, name), rel=1e-6)


def test_a_node_used_twice_collects_both_paths():
    """The sum over j: dz/dx of z = x^2 e^x is 2x e^x + x^2 e^x, one term per path."""
    x = sympy.Symbol("x")
    exact = sympy.diff(x**2 * sympy.exp(x), x).subs(x, 0.7)
    assert FAN_OUT.backward(FAN_OUT.forward(x=0.7))["x"] == pytest.approx(float(exact))


@pytest.mark.parametrize("op", sorted(OPERATIONS))
def test_every_local_derivative_is_the_derivative_of_its_operation(op):
    arity, forward, local = OPERATIONS[op]
    point = (0.7, -1.9)[:arity]
    for k in range(arity):
        up, down = list(point), list(point)
        up[k] += 1e-6
        down[k] -= 1e-6
        numeric = (forward(*up) - forward(*down)) / 2e-6
        assert local(*point)[k] == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_the_sigmoid_node_never_overflows():
    graph = Graph([Node("z"), Node("p", "sigmoid", ("z",))])
    for z in (-800.0, 800.0):
        values = graph.forward(z=z)
        assert 0.0 <= values["p"] <= 1.0 and math.isfinite(graph.backward(values)["z"])


def test_a_point_outside_the_domain_is_named():
    with pytest.raises(ValueError, match=r"node 'L' \(log\(p\)\) has no value at this point"):
        LOGISTIC.forward(x=1.0, w=-800.0, b=0.0)  # p underflows to 0


@pytest.mark.parametrize(
    ("nodes", "words"),
    [
        ([Node("x"), Node("y", "exp", ("z",))], "not defined before"),
        ([Node("x"), Node("x")], "two nodes"),
        ([Node("x"), Node("y", "cube", ("x",))], "unknown operation"),
        ([Node("x"), Node("y", "+", ("x",))], "takes 2"),
        ([Node("x")], "at least one operation"),
    ],
)
def test_a_malformed_graph_is_refused_plainly(nodes, words):
    with pytest.raises(ValueError, match=words):
        Graph(nodes)


def test_a_missing_input_is_named():
    with pytest.raises(ValueError, match="give a value for b"):
        LOGISTIC.forward(x=1.0, w=2.0)


def test_the_drawing_shows_every_node_with_what_is_known():
    values = LOGISTIC.forward(x=1.5, w=-0.4, b=0.2)
    ax = LOGISTIC.draw(values, {"L": 1.0})
    texts = [t.get_text() for t in ax.texts if not isinstance(t, Annotation)]
    assert len(texts) == len(LOGISTIC.nodes)
    assert any(t.startswith("p = sigmoid(z)") and "grad ?" in t for t in texts)
    assert any("grad 1" in t for t in texts if t.startswith("L ="))
    arrows = [t for t in ax.texts if isinstance(t, Annotation)]
    assert len(arrows) == sum(len(node.inputs) for node in LOGISTIC.nodes)
