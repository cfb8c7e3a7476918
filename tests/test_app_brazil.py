"""AppTests of a Brazilian class on the Train page: B3 quick picks, a course's training and test files."""

import functools

import numpy as np
from curl_cffi.requests import exceptions as curl_exc

from lstmviz.data import csvdata
from lstmviz.ui import i18n
from tests.apphelpers import open_page, shown
from tests.csvfiles import petr4_pair

_train_page = functools.partial(open_page, "pages/3_Train.py", timeout=120)
B3 = ["Petrobras · PETR4.SA", "Vale · VALE3.SA", "Itaú Unibanco · ITUB4.SA", "Ibovespa · ^BVSP",
      "Dólar em reais · BRL=X"]  # fmt: skip


def test_b3_quick_picks_in_portuguese_download_in_one_click_and_a_failure_offers_the_sample(yahoo):
    i18n.MISSING.clear()
    offline = curl_exc.ConnectionError("Failed to connect to query2.finance.yahoo.com")
    yahoo.routes = {"AAPL": "ok", "PETR4.SA": "ok", "^BVSP": offline}
    at = _train_page(lang="pt", data="yahoo", period="1mo")
    picks = at.button_group(key="ticker_pick")
    assert picks.options == B3 and picks.label == "Escolhas rápidas"
    picks.set_value("PETR4.SA").run()
    assert not at.exception and at.session_state.tickers == "PETR4.SA"
    assert yahoo.charts[-1][0] == "PETR4.SA"  # one click: downloaded
    assert at.button_group(key="ticker_pick").value == "PETR4.SA"  # lit: the box holds it
    assert "(3 de 5)" in shown(at.error[0].value)  # the canned five days arrived: too few to train, as it says
    at.button_group(key="ticker_pick").set_value("^BVSP").run()
    assert not at.exception
    assert [shown(e.value) for e in at.error] == [
        "Não foi possível acessar o Yahoo Finance: confira a conexão, ou trabalhe offline com a amostra."
    ]
    assert any("amostra" in b.label for b in at.button)
    assert not i18n.MISSING, sorted(i18n.MISSING)


def test_english_keeps_its_own_picks(yahoo):
    at = _train_page(data="yahoo", tickers="", period="1mo")
    assert at.button_group(key="ticker_pick").options == ["Apple · AAPL", "Microsoft · MSFT", "S&P 500 index · ^GSPC"]


def _two_files(at, train: bytes, test: bytes):
    at.radio(key="data").set_value("csv").run()
    at.file_uploader(key="csv_file").set_value(("petr4_treinamento.csv", train, "text/csv")).run()
    at.file_uploader(key="csv_test_file").set_value(("petr4_teste.csv", test, "text/csv")).run()
    return at


def test_the_petr4_pair_trains_on_one_file_and_tests_on_the_other():
    i18n.MISSING.clear()
    train, test = petr4_pair("excel")
    at = _two_files(_train_page(lang="pt", epochs="2", hidden_size="4", lookback="20"), train, test)
    assert not at.exception and not at.error, [e.value for e in at.error]
    captions = [shown(c.value) for c in at.caption]
    read_as = [c for c in captions if c.startswith("Lido como")]  # each file's format, said under it
    assert read_as == ["Lido como: separador ,, ponto decimal, datas ano-mês-dia, UTF-8",
                       "Lido como: separador ;, vírgula decimal, datas dia/mês/ano, UTF-8"]  # fmt: skip
    assert "Parte de teste: as 22 linhas do arquivo de teste, a partir de 02/01/2018." in captions
    at.button(key="train").click().run()
    assert not at.exception and not at.error
    result = at.session_state["trained"].result
    assert result.config.test_start == "2018-01-02"
    tested = result.predictions.index[result.predictions["split"] == "test"]
    assert tested.equals(csvdata.read_csv(test).frame.index)  # exactly the test file's rows
    np.testing.assert_allclose(result.predictions.loc[tested, "actual"], csvdata.read_csv(test).frame["Open"])
    assert not i18n.MISSING, sorted(i18n.MISSING)


def test_a_test_file_that_overlaps_the_training_file_says_so_beside_the_files():
    train, test = petr4_pair()
    overlapping = train.splitlines(keepends=True)
    overlapping = b"".join([overlapping[0], *overlapping[-5:]]) + b"".join(test.splitlines(keepends=True)[1:])
    at = _two_files(_train_page(), train, overlapping)
    assert not at.exception
    assert [shown(e.value) for e in at.sidebar.error] == [
        "These two files cannot be used together: the test file starts on 2017-12-22, before the training file ends "
        "(2017-12-29): 5 of its dates are inside the training dates; the test must start after the training ends."
    ]
    assert at.button(key="train").disabled
    at.file_uploader(key="csv_test_file").set_value(("petr4_teste.csv", test, "text/csv")).run()
    assert not at.exception and not at.error and not at.button(key="train").disabled
    assert "Test split: the 22 rows of the test file, from 2018-01-02." in [shown(c.value) for c in at.caption]


def test_the_demand_series_in_portuguese_has_brazils_holidays_and_says_which_calendar():
    i18n.MISSING.clear()
    at = _train_page(lang="pt", preset="DemandLSTM", data="synthetic", series="demand", days="730")
    assert not at.exception
    said = next(shown(c.value) for c in at.caption if c.value.startswith("Feriados"))
    assert said.startswith("Feriados: o calendário do Brasil, do pacote holidays, com feriados e pontos "
                           "facultativos (Confraternização Universal, Carnaval, Quarta-feira de Cinzas,")  # fmt: skip
    assert at.multiselect(key="features").placeholder == "Escolha as opções"  # not Streamlit's "Choose options"
    assert not i18n.MISSING, sorted(i18n.MISSING)
    english = _train_page(preset="DemandLSTM", data="synthetic", series="demand", days="730")
    assert "Holidays: a made-up calendar, about 3% of the days at random." in [c.value for c in english.caption]


def test_portuguese_settings_write_brazilian_numbers_where_streamlit_lets_them():
    i18n.MISSING.clear()
    at = _train_page(lang="pt", noise="0.33")
    noise = at.select_slider(key="noise")  # st.slider writes 0.50 in every language: its steps, written in pt
    assert noise.options[10] == "0,50" and noise.options[-1] == "1,00" and noise.value == 0.35  # the nearest step
    lr = at.select_slider(key="lr")
    assert lr.options == ["0,0001", "0,0003", "0,001", "0,003", "0,01"] and lr.value == 3e-3
    at.radio(key="data").set_value("yahoo").run()
    assert at.selectbox(key="period").options[5] == "5 anos"
    english = _train_page(noise="0.35")
    assert english.slider(key="noise").value == 0.35 and english.select_slider(key="lr").options[2] == "0.001"
    cell = open_page("pages/1_Cell.py", lang="pt", source="typed")
    assert cell.text_area(key="numbers").value == "0; 0,5; 1; 0,5; 0; -0,5; -1"  # as the label asks: 0,5; 1,2
    assert not cell.error and not i18n.MISSING, sorted(i18n.MISSING)
    cell.radio(key="lang").set_value("en").run()
    assert cell.text_area(key="numbers").value == "0, 0.5, 1, 0.5, 0, -0.5, -1"
