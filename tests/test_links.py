"""No link crashes a page: every setting of every page, set to anything a hand-edited link can hold."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstmviz.ui.settings import APP, MAX_TEXT, decode, encode
from lstmviz.ui.settings.cell import CELL
from lstmviz.ui.settings.gradients import GRADIENTS
from lstmviz.ui.settings.learning import LEARNING
from lstmviz.ui.settings.train import TRAIN
from tests.apphelpers import open_page

PAGES = {"pages/1_Cell.py": CELL, "pages/2_Gradients.py": GRADIENTS, "pages/3_Train.py": TRAIN,
         "pages/4_Learning.py": LEARNING}  # fmt: skip
NASTY = ["inf", "-inf", "nan", "1e400", "-1e400", "1e308", "1e39", "0x10", "", " ", "1.5", "-0", "1" + "0" * 30,
         "[x](https://evil.example)", "2024-02-30", "☃", "1,2,inf", "%00"]  # fmt: skip
raw = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))


@pytest.mark.parametrize("raw_value", ["inf", "-inf", "1e400", "nan", "1.5"])
def test_a_whole_number_setting_never_takes_a_value_that_is_not_one(raw_value):
    with pytest.raises(ValueError):
        decode(raw_value, 3)


@pytest.mark.parametrize("raw_value", ["inf", "-inf", "1e400", "nan"])
def test_a_float_setting_is_finite(raw_value):
    with pytest.raises(ValueError):
        decode(raw_value, 0.5)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_what_a_link_sets_is_the_default_or_of_the_right_type_and_inside_the_bounds(data):
    table = data.draw(st.sampled_from([APP, CELL, GRADIENTS, TRAIN, LEARNING]))
    row = data.draw(st.sampled_from(list(table.values())))
    name = data.draw(st.sampled_from([row.key, row.old or row.key]))
    got = row.from_link({name: data.draw(raw)})
    assert got == row.default or (row.allows(got) and type(got) is type(row.default))
    if isinstance(got, str):
        assert len(got) <= MAX_TEXT


def test_a_link_can_set_every_setting_to_an_allowed_value():
    for table in (CELL, GRADIENTS, TRAIN, LEARNING):
        for row in table.values():
            value = row.choices[-1] if row.choices else (row.bounds[1] if row.bounds else row.default)
            value = [value] if isinstance(row.default, list) and not isinstance(value, list) else value
            assert row.from_link({row.key: encode(value)}) == value, row.key


@pytest.mark.parametrize("script", list(PAGES))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_link_crashes_a_page(script, data):
    table = PAGES[script]
    keys = data.draw(st.lists(st.sampled_from([*table, *[r.old for r in table.values() if r.old]]), max_size=6))
    query = {key: data.draw(raw) for key in keys}
    at = open_page(script, **query)
    assert not at.exception, (query, at.exception)


def test_one_bound_for_the_features_shared_by_the_link_the_multiselect_and_a_saved_model():
    """Was: `features=` in a link had no bound (300 columns went through), and MODEL_LIMITS was checked only when a
    model file was loaded."""
    from lstmviz.config import MODEL_LIMITS

    row, most = TRAIN["features"], MODEL_LIMITS["features"]
    names = [f"c{j}" for j in range(most + 1)]
    assert row.from_link({"features": ",".join(names[:most])}) == names[:most]
    assert row.from_link({"features": ",".join(names)}) == row.default
    page = open_page("pages/3_Train.py", data="synthetic", series="demand")
    assert page.multiselect(key="features").proto.max_selections == most
