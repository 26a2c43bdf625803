"""Does every pair of the corpus get the right verdict, and the right name for its mistake?"""

from __future__ import annotations

import pytest
from symbolic_corpus import CORPUS

from gdkit.symbolic import check, equivalent, parse


def test_corpus_is_large_and_balanced():
    """Are there at least 60 pairs, with plenty of both kinds and every kind of mistake?"""
    assert len(CORPUS) >= 60
    assert sum(pair.equivalent for pair in CORPUS) >= 25
    assert sum(not pair.equivalent for pair in CORPUS) >= 25
    kinds = {pair.mistake for pair in CORPUS if not pair.equivalent}
    assert kinds == {"sign", "constant_factor", "missing_factor", "extra_factor", "not_equivalent"}


@pytest.mark.parametrize("pair", CORPUS, ids=str)
def test_equivalent(pair):
    """Is the pair judged equivalent exactly when it is, in either order?"""
    assert equivalent(pair.answer, pair.expected) is pair.equivalent
    assert equivalent(pair.expected, pair.answer) is pair.equivalent


@pytest.mark.parametrize("pair", CORPUS, ids=str)
def test_check_names_the_mistake(pair):
    """Does check say right or wrong, name the kind of mistake, and keep the answer to itself?"""
    verdict = check(pair.answer, pair.expected)
    assert (verdict.correct, verdict.mistake) == (pair.equivalent, pair.mistake)
    if len(pair.expected) > 3:
        message = verdict.message.replace(" ", "")
        assert pair.expected.replace(" ", "") not in message
        assert str(parse(pair.expected, new_symbols=True)).replace(" ", "") not in message
