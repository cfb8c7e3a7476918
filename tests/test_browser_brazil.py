"""A Brazilian class in a real browser, projected (1280×720, Portuguese, classroom mode): the B3 picks, a course's
training and test files, and the predictions CSV as Brazilian Excel reads it (; and decimal commas)."""

import io

import numpy as np
import pandas as pd

from lstmviz.data import csvdata
from tests.browserhelpers import no_exception, open_page, screenshot, wait_done
from tests.csvfiles import petr4_pair

CLASS = "lang=pt&classroom=1"


def test_the_petr4_pair_trains_tests_on_the_second_file_and_downloads_for_brazilian_excel(browser, app_url, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    train, test = petr4_pair("excel")
    (tmp_path / "petr4_treinamento.csv").write_bytes(train)
    (tmp_path / "petr4_teste.csv").write_bytes(test)
    open_page(page, f"{app_url}/Train?{CLASS}&data=csv&epochs=3&hidden_size=8&lookback=20", chart=False)
    uploaders = page.locator('[data-testid="stSidebar"] [data-testid="stFileUploaderDropzoneInput"]')
    uploaders.nth(0).set_input_files(str(tmp_path / "petr4_treinamento.csv"))
    wait_done(page)
    uploaders.nth(1).set_input_files(str(tmp_path / "petr4_teste.csv"))
    wait_done(page)
    said = page.get_by_text("Parte de teste: as 22 linhas do arquivo de teste, a partir de 02/01/2018.")
    said.wait_for(timeout=60_000)
    page.get_by_role("button", name="Treinar", exact=True).click()
    page.get_by_text("Previsões contra valores reais").wait_for(timeout=180_000)
    wait_done(page)
    no_exception(page)
    screenshot(page, "brazil_two_files.png")
    with page.expect_download() as download:
        page.get_by_role("button", name="Previsões (CSV)").click()
    saved = tmp_path / "previsoes.csv"
    download.value.save_as(saved)
    first = saved.read_text().splitlines()[:2]
    assert first == ["Date;actual;predicted;lower;upper;split", first[1]] and ";train" in first[1], first
    assert first[1].split(";")[1].count(",") == 1  # 18,603961: a decimal comma
    back = pd.read_csv(saved, sep=";", decimal=",", index_col=0, parse_dates=True)
    tested = back.index[back["split"] == "test"]
    expected = csvdata.read_csv(io.BytesIO(test)).frame
    assert tested.equals(expected.index)  # the test is exactly the second file's rows
    np.testing.assert_allclose(back.loc[tested, "actual"], expected["Open"])
    page.close()


def test_a_b3_pick_is_one_click_and_a_failed_download_offers_the_sample(browser, app_url):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    open_page(page, f"{app_url}/Train?{CLASS}&data=yahoo", chart=False)
    page.locator('[data-testid="stSidebar"] button', has_text="Petrobras · PETR4.SA").click()  # a pill
    wait_done(page, timeout=60_000)
    assert page.get_by_label("Tickers (separados por vírgula)", exact=True).input_value() == "PETR4.SA"
    # this machine has no internet: the download fails as any failed download does, and offers the sample
    page.get_by_text("Não foi possível acessar o Yahoo Finance").wait_for(timeout=60_000)
    assert page.get_by_role("button", name="Usar a amostra do S&P 500").is_visible()
    no_exception(page)
    screenshot(page, "brazil_b3_picks.png")
    page.close()
