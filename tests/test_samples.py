import pandas as pd
import pytest

from lstmviz.data.samples import SAMPLES, load_sample


def test_sp500():
    df = load_sample("sp500")
    assert list(df.columns) == ["Open", "High", "Low", "Close", "Adj Close", "Volume"]
    assert len(df) == 5031
    assert df.index[0] == pd.Timestamp("1999-01-04") and df.index[-1] == pd.Timestamp("2018-12-31")
    assert df.loc["1999-01-04", "Close"] == pytest.approx(1228.099976)


def test_vix_skips_holidays():
    df = load_sample("vix")
    assert list(df.columns) == ["vix"] and len(df) == 1259
    assert df.index[0] == pd.Timestamp("2014-01-03") and pd.Timestamp("2014-01-20") not in df.index
    assert not df.isna().any().any()


def test_every_sample_loads_sorted():
    for name in SAMPLES:
        assert load_sample(name).index.is_monotonic_increasing


def test_unknown_sample():
    with pytest.raises(ValueError, match="sample must be one of sp500, vix; got 'dow'"):
        load_sample("dow")
