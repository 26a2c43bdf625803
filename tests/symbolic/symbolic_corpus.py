"""Pairs of (answer, expected) formulas from the course's derivatives and the classic traps.

Each pair says whether the two are equivalent (equal at every real point where both are
defined) and, for a wrong answer, the kind of mistake ``check`` should name. Used by the tests
and by ``benchmarks/bench_symbolic.py``. Also: text that is not a formula, to be refused.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pair:
    answer: str
    expected: str
    equivalent: bool
    mistake: str | None = None
    topic: str = ""

    def __str__(self) -> str:
        return f"{self.answer}  vs  {self.expected}"


def _right(answer: str, expected: str, topic: str) -> Pair:
    return Pair(answer, expected, True, None, topic)


def _wrong(answer: str, expected: str, mistake: str, topic: str) -> Pair:
    return Pair(answer, expected, False, mistake, topic)


# The lecture's derivatives.
MSE = "-2*x*(y - w*x)"  # d/dw (y - w*x)**2
MSE_MULTI = "-2*x1*(y - w1*x1 - w2*x2 - b)"  # d/dw1 (y - w1*x1 - w2*x2 - b)**2
LOGISTIC = "(1/(1 + exp(-w*x)) - y)*x"  # d/dw of the logistic loss, (p - y)*x
LA = "-y*x*exp(-w*x)/(1 + exp(-w*x))"  # d/dw of L^A = -y*log(p)
LB = "(1 - y)*x/(1 + exp(-w*x))"  # d/dw of L^B = -(1 - y)*log(1 - p)
SIGMOID_PRIME = "exp(-z)/(1 + exp(-z))**2"  # sigma'(z) = sigma*(1 - sigma)
ONE_MINUS_SIGMOID = "exp(-z)/(1 + exp(-z))"  # d/dz log(sigma(z))
RELU_LOSS = "2*(max(0, w*x) - y)"  # d/dz (z - y)**2 at z = max(0, w*x)

CORPUS: tuple[Pair, ...] = (
    # Regression with one weight: L = (y - w*x)**2.
    _right("2*x*(w*x - y)", MSE, "mse"),
    _right("-2*x*y + 2*w*x^2", MSE, "mse"),
    _right("2*(y - w*x)*(-x)", MSE, "mse: unsimplified chain rule"),
    _wrong("2*(y - w*x)", MSE, "missing_factor", "mse: inner derivative -x forgotten"),
    _wrong("-2*(y - w*x)", MSE, "missing_factor", "mse: inner derivative x forgotten"),
    _wrong("2*x*(y - w*x)", MSE, "sign", "mse: sign of the inner derivative"),
    _wrong("-x*(y - w*x)", MSE, "constant_factor", "mse: factor 2 of the power rule"),
    _wrong("-2*x^2*(y - w*x)", MSE, "extra_factor", "mse: inner derivative taken twice"),
    _wrong("(y - w*x)**2", MSE, "not_equivalent", "mse: the loss, not its derivative"),
    _wrong("-2*x*(y - w*x)", "-x*(y - w*x)", "constant_factor", "mse with 1/2: kept the 2"),
    # Several weights: L = (y - w1*x1 - w2*x2 - b)**2.
    _right("2*x1*(w1*x1 + w2*x2 + b - y)", MSE_MULTI, "mse, several weights"),
    _right("2*x_1*(w_1*x_1 + w_2*x_2 + b - y)", MSE_MULTI, "mse, indices with underscores"),
    _wrong("-2*x2*(y - w1*x1 - w2*x2 - b)", MSE_MULTI, "not_equivalent", "mse: wrong input"),
    _wrong("-2*(y - w1*x1 - w2*x2 - b)", MSE_MULTI, "missing_factor", "mse: x1 forgotten"),
    _right("2*(w1*x1 + w2*x2 + b - y)", "-2*(y - w1*x1 - w2*x2 - b)", "mse: d/db"),
    _right("w1 + 2*eta*x1*(y - w1*x1)", "w1 - eta*(-2*x1*(y - w1*x1))", "gradient descent step"),
    _wrong(
        "w1 - 2*eta*x1*(y - w1*x1)",
        "w1 - eta*(-2*x1*(y - w1*x1))",
        "not_equivalent",
        "gradient descent step: uphill",
    ),
    # Logistic regression: the whole loss.
    _right("x*(1/(1 + exp(-w*x)) - y)", LOGISTIC, "logistic"),
    _right(f"{LA} + {LB}", LOGISTIC, "logistic: sum of the two parts"),
    _right("x*((1 + tanh(w*x/2))/2 - y)", LOGISTIC, "logistic: hyperbolic sigmoid"),
    _right("x*(sigmoid(w*x) - y)", LOGISTIC, "logistic: sigmoid function"),
    _wrong("(y - 1/(1 + exp(-w*x)))*x", LOGISTIC, "sign", "logistic: y - p"),
    _wrong("1/(1 + exp(-w*x)) - y", LOGISTIC, "missing_factor", "logistic: x forgotten"),
    _wrong("x*(exp(-w*x)/(1 + exp(-w*x)) - y)", LOGISTIC, "not_equivalent", "logistic: 1 - p"),
    # L^A = -y*log(p).
    _right("-y*x*(1 - 1/(1 + exp(-w*x)))", LA, "L^A: 1 - p"),
    _right("-y*x/(1 + exp(w*x))", LA, "L^A: sigmoid of -w*x"),
    _right(
        "(-y)*(1 + exp(-w*x))*(-1/(1 + exp(-w*x))^2)*exp(-w*x)*(-x)",
        LA,
        "L^A: unsimplified chain of xi1 ... xi5",
    ),
    _wrong(
        "(-y)*(1 + exp(-w*x))*(-1/(1 + exp(-w*x))^2)*exp(-w*x)",
        LA,
        "missing_factor",
        "L^A: chain stopped before xi1 = -w*x",
    ),
    _wrong("-y*exp(-w*x)/(1 + exp(-w*x))", LA, "missing_factor", "L^A: x forgotten"),
    _wrong("y*x*exp(-w*x)/(1 + exp(-w*x))", LA, "sign", "L^A: sign"),
    _wrong("-y*x*exp(-w*x)/(1 + exp(-w*x))^2", LA, "extra_factor", "L^A: extra sigmoid"),
    _wrong("-y*x*exp(-w*x)", LA, "missing_factor", "L^A: 1/xi3 forgotten"),
    _wrong("-y*x*exp(-w*x)/(1 + exp(-w*x))/2", LA, "constant_factor", "L^A: halved"),
    # L^B = -(1 - y)*log(1 - p).
    _right("(1 - y)*x*sigmoid(w*x)", LB, "L^B"),
    _right("(1 - y)*x*(1/2 + tanh(w*x/2)/2)", LB, "L^B: hyperbolic sigmoid"),
    _right("x*exp(w*x)*(1 - y)/(1 + exp(w*x))", LB, "L^B: multiplied by exp(w*x)"),
    _wrong("(1 - y)/(1 + exp(-w*x))", LB, "missing_factor", "L^B: x forgotten"),
    _wrong("(y - 1)*x/(1 + exp(-w*x))", LB, "sign", "L^B: sign"),
    _wrong("(1 - y)*x*exp(-w*x)/(1 + exp(-w*x))", LB, "extra_factor", "L^B: extra exp"),
    # Steps of the chain xi1 ... xi6.
    _right("e^xi1", "exp(xi1)", "d xi2/d xi1"),
    _right("-xi3^(-2)", "-1/xi3**2", "d xi4/d xi3"),
    _wrong("1/xi3**2", "-1/xi3**2", "sign", "d xi4/d xi3: sign"),
    _right("1/xi4", "1/xi4", "d xi5/d xi4"),
    _wrong("log(xi4)", "1/xi4", "not_equivalent", "d xi5/d xi4: not differentiated"),
    _wrong("x", "-x", "sign", "d xi1/d w: sign"),
    _right("-1/(1 - xi4)", "1/(xi4 - 1)", "d xi6/d xi4"),
    # The chain rule with the exercise's own symbols: z = sin(u), u = g = x**2, h = exp(-a*t).
    _right("cos(u)", "cos(u)", "chain rule: dz/du"),
    _right("2*x*cos(x^2)", "cos(x**2)*2*x", "chain rule: dz/dx, u substituted"),
    _wrong("cos(x^2)", "2*x*cos(x**2)", "missing_factor", "chain rule: du/dx forgotten"),
    _wrong("-cos(u)", "cos(u)", "sign", "chain rule: sin' taken as -cos"),
    _wrong("2*g*cos(g)", "cos(g)", "extra_factor", "chain rule: dg/dx where it is not"),
    _wrong("a*exp(-a*t)", "-a*exp(-a*t)", "sign", "chain rule: inner -a, sign lost"),
    _wrong("exp(-a*t)", "-a*exp(-a*t)", "missing_factor", "chain rule: inner -a forgotten"),
    _wrong("-t*exp(-a*t)", "-a*exp(-a*t)", "not_equivalent", "chain rule: d/da, not d/dt"),
    # ReLU, max(0, z), and its chain rule in a squared loss.
    _right("(z + abs(z))/2", "max(0, z)", "relu written with abs"),
    _right("Max(z, 0)", "-min(0, -z)", "relu as a min"),
    _right("min(x, y)", "(x + y - Abs(x - y))/2", "min with abs"),
    _right("2*(Max(0, w*x) - y)", RELU_LOSS, "relu loss: dL/dz"),
    _wrong("Max(0, w*x) - y", RELU_LOSS, "constant_factor", "relu loss: factor 2 forgotten"),
    _wrong("2*(y - max(0, w*x))", RELU_LOSS, "sign", "relu loss: y - z"),
    _wrong("2*(w*x - y)", RELU_LOSS, "not_equivalent", "relu loss: max(0, .) dropped"),
    _wrong("z", "max(0, z)", "not_equivalent", "relu is not the identity"),
    _wrong("max(0, z)", "Abs(z)", "not_equivalent", "relu is not abs"),
    # The sigmoid's derivative and its hyperbolic forms.
    _right("1/(1 + exp(-z))*(1 - 1/(1 + exp(-z)))", SIGMOID_PRIME, "sigma*(1 - sigma)"),
    _right("1/(4*cosh(z/2)^2)", SIGMOID_PRIME, "sigma': cosh form"),
    _right("(1 - tanh(z/2)^2)/4", SIGMOID_PRIME, "sigma': tanh form"),
    _right("sech(z/2)**2/4", SIGMOID_PRIME, "sigma': sech form"),
    _right("exp(z)/(1 + exp(z))^2", SIGMOID_PRIME, "sigma': exp(z) form"),
    _right("sigmoid(z)*sigmoid(-z)", SIGMOID_PRIME, "sigma': sigma(z)*sigma(-z)"),
    _wrong("1/(1 + exp(-z))", SIGMOID_PRIME, "missing_factor", "sigma' written as sigma"),
    _wrong("p", "p*(1 - p)", "missing_factor", "sigma' = sigma, in p"),
    _right("p - p^2", "p*(1 - p)", "sigma' in p"),
    _right("(1 + tanh(z/2))/2", "1/(1 + exp(-z))", "sigmoid as tanh"),
    # The log of a sigmoid and log-sum-exp forms.
    _right("log(1/(1 + exp(-z)))", "-log(1 + exp(-z))", "log sigma"),
    _right("z - log(1 + exp(z))", "-log(1 + exp(-z))", "log sigma: log-sum-exp form"),
    _right("log(exp(z)/(1 + exp(z)))", "-log(1 + exp(-z))", "log sigma: exp(z) form"),
    _right("1 - 1/(1 + exp(-z))", ONE_MINUS_SIGMOID, "(log sigma)' = 1 - sigma"),
    _right("1/(1 + exp(z))", ONE_MINUS_SIGMOID, "(log sigma)' = sigma(-z)"),
    _wrong("1/(1 + exp(-z))", ONE_MINUS_SIGMOID, "missing_factor", "(log sigma)' = sigma"),
    _wrong("-log(1 + exp(z))", "-log(1 + exp(-z))", "not_equivalent", "log sigma: sign inside"),
    _wrong("log(1 + exp(-z))", "-log(1 + exp(-z))", "sign", "log sigma: sign outside"),
    _right("exp(x)/(1 + exp(x))", "1/(1 + exp(-x))", "softplus'"),
    _right("ln(1 + e^x) - ln(1 + e^(-x))", "x", "softplus difference"),
    # Abs and sqrt(x**2).
    _wrong("sqrt(x^2)", "x", "not_equivalent", "sqrt(x**2) is Abs(x)"),
    _right("sqrt(x^2)", "Abs(x)", "sqrt(x**2)"),
    _wrong("Abs(x)", "x", "not_equivalent", "Abs(x) is not x"),
    _right("sqrt(x^2)*sqrt(y^2)", "Abs(x*y)", "sqrt of squares"),
    _right("Abs(x)/x", "x/Abs(x)", "d|x|/dx"),
    _wrong("1", "x/Abs(x)", "missing_factor", "d|x|/dx is not 1"),
    _right("2*log(Abs(x))", "log(x^2)", "log of a square"),
    _right("log(x^2)", "2*log(x)", "log(x**2) where both are defined"),
    _right("sqrt(x)*sqrt(y)", "sqrt(x*y)", "sqrt of a product where both are defined"),
    # Floats against rationals.
    _right("0.5*x", "x/2", "float 0.5"),
    _wrong("0.333*x", "x/3", "constant_factor", "rounded 1/3"),
    _right("0.3333333333333333*x", "x/3", "1/3 to double precision"),
    _wrong("2.718*x", "e*x", "constant_factor", "rounded e"),
    _right("1e-3*x", "x/1000", "scientific notation"),
    _right("0.1*x + 0.2*x", "3*x/10", "0.1 + 0.2"),
    _right("x^0.5", "sqrt(x)", "float exponent"),
    _right("x^2.0", "x^2", "float exponent, negative base"),
    _wrong("x + 0.000001", "x", "not_equivalent", "a tiny constant"),
    # Classic identities and traps.
    _right("(x^2 - 1)/(x - 1)", "x + 1", "removable singularity"),
    _right("(x^2 - 1)/(x + 1)", "x - 1", "removable singularity"),
    _right("sin(x)^2 + cos(x)^2", "1", "Pythagoras"),
    _right("cosh(x)^2 - sinh(x)^2", "1", "hyperbolic Pythagoras"),
    _right("tanh(x)", "(exp(2*x) - 1)/(exp(2*x) + 1)", "tanh"),
    _right("1 - tanh(x)^2", "1/cosh(x)^2", "tanh'"),
    _right("exp(x + y)", "exp(x)*exp(y)", "exp of a sum"),
    _right("log(exp(x))", "x", "log of exp"),
    _right("2^x", "exp(x*log(2))", "power of 2"),
    _right("log(x, 2)", "log(x)/log(2)", "log base 2"),
    _wrong("sin(x)", "cos(x)", "not_equivalent", "sin is not cos"),
    _wrong("exp(-x^2)", "exp(-x)^2", "not_equivalent", "exp(-x**2) is not exp(-x)**2"),
    _wrong("log(x + y)", "log(x) + log(y)", "not_equivalent", "log of a sum"),
    _wrong("1/(1 + exp(-z))", "1/(1 + exp(z))", "not_equivalent", "sigma(z) is not sigma(-z)"),
    _wrong("2*sin(x)*cos(x)", "sin(x)*cos(x)", "constant_factor", "double angle"),
    _wrong("x^3", "3*x^2", "extra_factor", "not differentiated"),
    _wrong("x^2", "x^3", "missing_factor", "power one too low"),
    _wrong("0", "2*x", "not_equivalent", "zero"),
)

#: Python that is not a formula, from injection attempts to typos: all unparseable.
INJECTIONS = [
    "__import__('os')",
    "__import__('os').system('ls')",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "x.evalf()",
    "np.exp(x)",
    "sympy.exp(x)",
    "lambda: 1",
    "(lambda f: f(f))(lambda f: f(f))",
    "[c for c in range(10)]",
    "{c: 1 for c in 'ab'}",
    "exec('import os')",
    "eval('1')",
    "getattr(x, 'evalf')()",
    "globals()",
    "Symbol('x')",
    "sympify('x')",
    "x if y else w",
    "x == y",
    "x < y",
    "'x'",
    "b'x'",
    "f'{x}'",
    "x[0]",
    "x, y",
    "[x]",
    "(x := 3)",
    "not x",
    "~x",
    "x @ y",
    "x // y",
    "x % y",
    "x & y",
    "1j",
    "True",
    "None",
    "...",
    "exp(x=1)",
    "exp(*[x])",
    "exp(x, y)",
    "log(x, 2, 3)",
    "x(y)",
    "(x)(y)",
    "2(x)",
    "exp",
    "2x",
    "x +",
    "",
    "   ",
    "dL/dw = 2*x",
    "yield x",
    "await x",
    "import os",
    "\x00",
]
