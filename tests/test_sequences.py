"""Typed numbers (DESIGN.md's parse_numbers contract) and the Cell page's synthetic sequences."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lstmviz.errors import UserError
from lstmviz.sequences import KINDS, MAX_TYPED, make_sequence, parse_numbers


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("1,5; 2,3 -0,25", ",", [1.5, 2.3, -0.25]),
        ("0,5; 1,2; -0,3", ",", [0.5, 1.2, -0.3]),
        ("0,5\n1,2\n\n-0,3", ",", [0.5, 1.2, -0.3]),
        ("0, 0.5, 1, -1", ",", [0, 0.5, 1, -1]),  # an English list (the default, a shared link) reads too
        ("1.234,5 2", ",", [1234.5, 2]),  # a thousands dot
        ("1,5; 2,3", ".", [1.5, 2.3]),  # a ; between values: the commas are decimal marks
        ("1,5 2,3", ".", [1, 5, 2, 3]),  # no ;: commas separate
        ("0.5, 1.2 -3\n4e-2", ".", [0.5, 1.2, -3, 0.04]),
        ("−1.5 +2", ".", [-1.5, 2]),  # a Unicode minus, as copied from a document
        ("3.4e38", ".", [3.4e38]),
    ],
)
def test_reads_numbers(text, decimal, expected):
    values = parse_numbers(text, decimal=decimal)
    assert values.dtype == np.float32
    np.testing.assert_array_equal(values, np.asarray(expected, dtype=np.float32))


@pytest.mark.parametrize(
    ("text", "decimal", "code", "params"),
    [
        ("  ", ".", "numbers.empty", {}),
        ("1, two", ".", "numbers.not_a_number", {"position": 2, "text": "two"}),
        ("1 nan", ".", "numbers.not_a_number", {"position": 2, "text": "nan"}),
        ("inf", ",", "numbers.not_a_number", {"position": 1, "text": "inf"}),
        ("1,2,3", ",", "numbers.not_a_number", {"position": 1, "text": "1,2,3"}),
        ("1 1e39", ".", "numbers.too_large", {"position": 2, "text": "1e39"}),  # finite in float64, inf in float32
        ("-1e308", ".", "numbers.too_large", {"position": 1, "text": "-1e308"}),
        ("1e999", ",", "numbers.too_large", {"position": 1, "text": "1e999"}),
        (" ".join(["1"] * (MAX_TYPED + 1)), ".", "numbers.too_many", {"most": MAX_TYPED, "count": MAX_TYPED + 1}),
    ],
)
def test_refuses_what_is_not_a_float32_number(text, decimal, code, params):
    with pytest.raises(UserError) as e:
        parse_numbers(text, decimal=decimal)
    assert (e.value.code, e.value.params) == (code, params)


finite32 = st.floats(width=32, allow_nan=False, allow_infinity=False)


@given(st.lists(finite32, min_size=1, max_size=40), st.sampled_from(["; ", " ", "\n", ";"]))
def test_brazilian_numbers_round_trip(values, separator):
    text = separator.join(repr(v).replace(".", ",") for v in values)
    np.testing.assert_array_equal(parse_numbers(text, decimal=","), np.asarray(values, dtype=np.float32))
    # the same text in an English session: with a ; between values, the commas are decimal marks
    if ";" in text:
        np.testing.assert_array_equal(parse_numbers(text), np.asarray(values, dtype=np.float32))


@given(st.lists(finite32, min_size=1, max_size=40), st.sampled_from([", ", " ", ",", "\n"]))
def test_english_numbers_round_trip(values, separator):
    text = separator.join(repr(v) for v in values)
    np.testing.assert_array_equal(parse_numbers(text), np.asarray(values, dtype=np.float32))


@given(st.text(max_size=60), st.sampled_from([".", ","]))
def test_any_text_gives_finite_float32_values_or_a_user_error(text, decimal):
    try:
        values = parse_numbers(text, decimal=decimal)
    except UserError:
        return
    assert values.dtype == np.float32 and len(values) >= 1 and np.isfinite(values).all()


def test_sequences_are_seeded_and_checked():
    for kind in KINDS:
        np.testing.assert_array_equal(make_sequence(kind, 50, seed=3), make_sequence(kind, 50, seed=3))
    with pytest.raises(UserError) as e:
        make_sequence("zigzag", 10)
    assert (e.value.code, e.value.params["setting"], e.value.params["value"]) == ("setting.one_of", "Kind", "zigzag")
