"""Likely wrong answers in 06_logistic_derivative: each is one change to the right answer.

Every mistake is caught by the visible test (the tables and typed answers have no hidden
part; the gradient's visible cases have both labels and an odd number of examples).
"""

from ..likely import Mistake, variant

TABLE_A = (
    "table_A = {\n"
    '    "xi1": ("-w*x", "-x"),\n'
    '    "xi2": ("exp(xi1)", "exp(xi1)"),\n'
    '    "xi3": ("1 + xi2", "1"),\n'
    '    "xi4": ("1/xi3", "-1/xi3**2"),\n'
    '    "xi5": ("log(xi4)", "1/xi4"),\n'
    '    "L": ("-y*xi5", "-y"),\n'
    "}"
)
TABLE_B = (
    "table_B = {\n"
    '    "xi1": ("-w*x", "-x"),\n'
    '    "xi2": ("exp(xi1)", "exp(xi1)"),\n'
    '    "xi3": ("1 + xi2", "1"),\n'
    '    "xi4": ("1/xi3", "-1/xi3**2"),\n'
    '    "xi5": ("1 - xi4", "-1"),\n'
    '    "xi6": ("log(xi5)", "1/xi5"),\n'
    '    "L": ("-(1 - y)*xi6", "-(1 - y)"),\n'
    "}"
)
GRADIENT = (
    "def chain_rule_gradient(w, X, y):\n"
    "    xi1 = -X @ w\n"
    "    xi2 = np.exp(xi1)\n"
    "    xi3 = 1 + xi2\n"
    "    xi4 = 1 / xi3\n"
    "    dxi4_dxi1 = (-1 / xi3**2) * 1 * xi2\n"
    "    dLA_dxi4 = -y * (1 / xi4)\n"
    "    xi5 = 1 - xi4\n"
    "    dLB_dxi4 = -(1 - y) * (1 / xi5) * -1\n"
    "    dL_dxi1 = (dLA_dxi4 + dLB_dxi4) * dxi4_dxi1\n"
    "    return np.mean(dL_dxi1[:, None] * -X, axis=0)"
)


def row_a(old: str, new: str, kind: str) -> Mistake:
    """``table_A`` with one entry changed (``old`` -> ``new``, a whole row as text)."""
    return Mistake("table_A", "test_table_A", variant(TABLE_A, old, new), kind)


def row_b(old: str, new: str, kind: str) -> Mistake:
    return Mistake("table_B", "test_table_B", variant(TABLE_B, old, new), kind)


def typed(cell: str, answer: str, kind: str) -> Mistake:
    """The answer variable ``cell`` set to the text ``answer``."""
    return Mistake(cell, f"test_{cell}", f"{cell} = {answer!r}", kind)


def gradient(old: str, new: str, kind: str) -> Mistake:
    return Mistake(
        "chain_rule_gradient", "test_chain_rule_gradient", variant(GRADIENT, old, new), kind
    )


MISTAKES = [
    # Exercise 1: the table of L^A
    row_a('"xi1": ("-w*x", "-x")', '"xi1": ("w*x", "x")', "sign"),
    row_a('"xi1": ("-w*x", "-x")', '"xi1": ("-w*x", "x")', "sign"),
    row_a('"xi1": ("-w*x", "-x")', '"xi1": ("-w*x", "-w")', "wrong_variable"),
    row_a('"xi1": ("-w*x", "-x")', '"xi1": ("-w*x", "-1")', "missing_factor"),
    row_a('"xi1": ("-w*x", "-x")', '"xi1": "-w*x"', "type"),
    row_a('"xi2": ("exp(xi1)", "exp(xi1)")', '"xi2": ("exp(-xi1)", "exp(-xi1)")', "double_minus"),
    row_a(
        '"xi2": ("exp(xi1)", "exp(xi1)")', '"xi2": ("exp(xi1)", "-x*exp(xi1)")', "wrong_variable"
    ),
    row_a('"xi2": ("exp(xi1)", "exp(xi1)")', '"xi2": ("exp(xi1)", "xi1*exp(xi1)")', "power_rule"),
    row_a('"xi3": ("1 + xi2", "1")', '"xi3": ("1 + xi2", "1 + xi2")', "copied_value"),
    row_a('"xi4": ("1/xi3", "-1/xi3**2")', '"xi4": ("1/xi3", "1/xi3**2")', "sign"),
    row_a('"xi4": ("1/xi3", "-1/xi3**2")', '"xi4": ("1/xi3", "-1/xi3")', "power_rule"),
    row_a('"xi4": ("1/xi3", "-1/xi3**2")', '"xi4": ("1/xi3", "log(xi3)")', "antiderivative"),
    row_a(
        '"xi4": ("1/xi3", "-1/xi3**2")',
        '"xi4": ("1/(1 + exp(-w*x))", "-1/xi3**2")',
        "skipped_step",
    ),
    row_a('"xi5": ("log(xi4)", "1/xi4")', '"xi5": ("log(xi4)", "log(xi4)")', "copied_value"),
    row_a('"xi5": ("log(xi4)", "1/xi4")', '"xi5": ("log(xi4)", "-1/xi4**2")', "wrong_function"),
    row_a('"xi5": ("log(xi4)", "1/xi4")', '"xi5": ("-log(xi4)", "-1/xi4")', "sign"),
    row_a('"L": ("-y*xi5", "-y")', '"L": ("-(1 - y)*xi5", "-(1 - y)")', "labels_swapped"),
    row_a('"L": ("-y*xi5", "-y")', '"L": ("y*xi5", "y")', "sign"),
    row_a('"L": ("-y*xi5", "-y")', '"L": ("-y*xi5", "-xi5")', "wrong_variable"),
    # Exercise 2: dL^A/dw
    typed("dLA_dw", "y*x*(1 - p)", "sign"),
    typed("dLA_dw", "-y*(1 - p)", "missing_factor"),
    typed("dLA_dw", "-(1 - y)*x*(1 - p)", "labels_swapped"),
    typed("dLA_dw", "-y*w*(1 - p)", "wrong_variable"),
    typed("dLA_dw", "-y*x*p", "complement"),
    typed("dLA_dw", "-y*x*p*(1 - p)", "missing_factor"),  # the log's link left out
    typed("dLA_dw", "y*(1 - p)", "stops_early"),  # dL^A/dxi1: the last link left out
    typed("dLA_dw", "-y*X*(1 - p)", "unknown_symbol"),
    typed("dLA_dw", "(p - y)*x", "total_for_part"),  # the whole loss's slope, known from before
    # Exercise 3: the table of L^B, where the slides slip
    row_b('"L": ("-(1 - y)*xi6", "-(1 - y)")', '"L": ("(1 - y)*xi6", "1 - y")', "slide_sign"),
    row_b('"L": ("-(1 - y)*xi6", "-(1 - y)")', '"L": ("-(1 - y)*xi6", "1 - y")', "slide_sign"),
    row_b('"L": ("-(1 - y)*xi6", "-(1 - y)")', '"L": ("-y*xi6", "-y")', "labels_swapped"),
    row_b('"L": ("-(1 - y)*xi6", "-(1 - y)")', '"L": ("-(1 - y)*xi6", "xi6")', "wrong_variable"),
    row_b('"xi6": ("log(xi5)", "1/xi5")', '"xi6": ("log(xi4)", "1/xi4")', "log_p"),
    row_b(
        '"xi6": ("log(xi5)", "1/xi5")',
        '"xi6": ("log(1/(1 + exp(-w*x)))", "1/xi5")',
        "slide_log_p",
    ),
    row_b('"xi6": ("log(xi5)", "1/xi5")', '"xi6": ("log(xi5)", "-1/xi5")', "sign"),
    row_b('"xi6": ("log(xi5)", "1/xi5")', '"xi6": ("log(xi5)", "1/xi4")', "wrong_variable"),
    row_b('"xi5": ("1 - xi4", "-1")', '"xi5": ("1 - xi4", "1")', "sign"),
    row_b('"xi5": ("1 - xi4", "-1")', '"xi5": ("xi4 - 1", "1")', "sign"),
    row_b('"xi4": ("1/xi3", "-1/xi3**2")', '"xi4": ("1/xi3", "1/xi3**2")', "sign"),
    # Exercise 4: xi6 in w and x
    typed("xi6_wx", "log(1/(1 + exp(-w*x)))", "slide_log_p"),
    typed("xi6_wx", "-log(1 + exp(-w*x))", "slide_log_p"),
    typed("xi6_wx", "log(1 + exp(-w*x))", "minus_log_p"),
    typed("xi6_wx", "log(1 - p)", "uses_p"),
    typed("xi6_wx", "log(1 - sigmoid(w*x))", "uses_sigmoid"),
    typed("xi6_wx", "log(sigmoid(-w*x))", "uses_sigmoid"),
    typed("xi6_wx", "log(xi5)", "uses_xi"),
    typed("xi6_wx", "-w*x + log(1 + exp(-w*x))", "sign"),  # log(a/b) as log a + log b
    typed("xi6_wx", "w*x - log(1 + exp(-w*x))", "sign"),  # log(e^(-wx)) as wx
    # Exercise 5: dL^B/dw
    typed("dLB_dw", "-(1 - y)*x*p", "slide_sign"),
    typed("dLB_dw", "y*x*p", "labels_swapped"),
    typed("dLB_dw", "(1 - y)*w*p", "wrong_variable"),
    typed("dLB_dw", "(1 - y)*p", "missing_factor"),
    typed("dLB_dw", "(1 - y)*x*(1 - p)", "complement"),
    typed("dLB_dw", "(1 - y)*x*p*(1 - p)", "missing_factor"),  # the log's link left out
    typed("dLB_dw", "(p - y)*x", "total_for_part"),
    # Exercise 6: the sum
    typed("dL_dw", "(y - p)*x", "sign"),
    typed("dL_dw", "p - y", "missing_factor"),
    typed("dL_dw", "(p - (1 - y))*x", "labels_swapped"),
    typed("dL_dw", "(p - y)*w", "wrong_variable"),
    typed("dL_dw", "-y*x*(1 - p)", "only_A"),
    typed("dL_dw", "-y*x*(1 - p) - (1 - y)*x*p", "slide_sign"),
    typed("dL_dw", "y - p", "stops_early"),
    typed("dL_dw", "(p - y)*x*p*(1 - p)", "extra_factor"),
    typed("dL_dw", "(1 - y)*x*p - y*x*p", "complement"),  # p for 1 - p in dL^A/dw only
    typed("dL_dw", "-y*x*(1 - p) + (1 - y)*x*(1 - p)", "complement"),  # in dL^B/dw only
    # Exercise 7: the gradient, link by link
    gradient(
        "np.mean(dL_dxi1[:, None] * -X, axis=0)",
        "np.sum(dL_dxi1[:, None] * -X, axis=0)",
        "sum_for_mean",
    ),
    gradient("dL_dxi1[:, None] * -X", "dL_dxi1[:, None] * X", "sign"),
    gradient("(dLA_dxi4 + dLB_dxi4) * dxi4_dxi1", "dLA_dxi4 * dxi4_dxi1", "only_A"),
    gradient("-(1 - y) * (1 / xi5) * -1", "(1 - y) * (1 / xi5) * -1", "slide_sign"),
    gradient("-(1 - y) * (1 / xi5) * -1", "-(1 - y) * (1 / xi5)", "slide_sign"),
    gradient("xi1 = -X @ w", "xi1 = X @ w", "xi1_sign"),
    gradient(
        "dLA_dxi4 = -y * (1 / xi4)\n    xi5 = 1 - xi4\n    dLB_dxi4 = -(1 - y)",
        "dLA_dxi4 = -(1 - y) * (1 / xi4)\n    xi5 = 1 - xi4\n    dLB_dxi4 = -y",
        "labels_swapped",
    ),
    gradient("-(1 - y) * (1 / xi5) * -1", "-y * (1 / xi5) * -1", "labels_swapped"),  # L^B only
    gradient("-y * (1 / xi4)", "-(1 - y) * (1 / xi4)", "labels_swapped"),  # L^A only
    gradient("(-1 / xi3**2) * 1 * xi2", "(-1 / xi3**2) * 1", "missing_link"),  # dxi2/dxi1
    gradient("-(1 - y) * (1 / xi5) * -1", "-(1 - y) * (1 / xi4) * -1", "mixed_tables"),
    gradient(  # right, one example at a time
        "    return np.mean(dL_dxi1[:, None] * -X, axis=0)",
        "    return np.mean([dL_dxi1[i] * -X[i] for i in range(len(y))], axis=0)",
        "python_loop",
    ),
    gradient("axis=0)", "axis=1)", "wrong_axis"),
    gradient("np.mean(dL_dxi1[:, None] * -X, axis=0)", "dL_dxi1[:, None] * -X", "per_example"),
    gradient("np.mean(dL_dxi1[:, None] * -X, axis=0)", "np.mean(dL_dxi1)", "missing_factor"),
    gradient(
        "np.mean(dL_dxi1[:, None] * -X, axis=0)", "losses.log_loss_grad(w, X, y)", "reference_used"
    ),
    Mistake(
        "chain_rule_gradient",
        "test_chain_rule_gradient",
        "chain_rule_gradient = losses.log_loss_grad",
        "reference_used",
    ),
]
