"""Real-browser tests of the Train page: train, stop, upload a CSV, save and reload a model."""

import re

from devtools.devserver import streamlit_server
from tests.browserhelpers import no_exception, open_page, screenshot, wait_done

QUICK = "epochs=3"


def _train(page):
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_text("Predictions against actuals").wait_for(timeout=180_000)
    wait_done(page)


def test_train_the_default_preset_then_save_and_reload_the_model(page, app_url, tmp_path):
    open_page(page, f"{app_url}/Train?{QUICK}", chart=False)
    _train(page)
    no_exception(page)
    assert page.locator('[data-testid="stAlert"]').filter(has_text="persistence (tomorrow = today)").is_visible()
    screenshot(page, "train.png")

    with page.expect_download() as download:
        page.get_by_role("button", name="Model (.pt)").click()
    saved = tmp_path / "model.pt"
    download.value.save_as(saved)
    (tmp_path / "junk.pt").write_bytes(b"this is not a model")

    page.get_by_text("Load a saved model").click()
    uploader = page.locator('[data-testid="stMain"] [data-testid="stFileUploaderDropzoneInput"]')
    uploader.set_input_files(str(tmp_path / "junk.pt"))
    wait_done(page)
    page.get_by_role("button", name="Evaluate it on the current data").click()
    page.get_by_text("This file cannot be used: this is not a model saved by this app").wait_for(timeout=30_000)
    assert page.get_by_text("Predictions against actuals").count() > 0  # the trained model is still shown

    uploader.set_input_files(str(saved))
    wait_done(page)
    page.get_by_role("button", name="Evaluate it on the current data").click()
    page.get_by_text("Trained on model.pt on synthetic noisy sine").wait_for(timeout=30_000)
    no_exception(page)


def test_a_fix_under_the_verdict_retrains_with_the_setting_it_names(page, app_url):
    # the bundled S&P 500 as prices: the model loses to persistence and the verdict offers fixes
    open_page(page, f"{app_url}/Train?data=sample&rows=400&epochs=2&hidden_size=4&lookback=10&patience=0", chart=False)
    _train(page)
    assert "target_mode" not in page.url
    page.get_by_role("button", name="Scale each window by its last value").click()
    page.wait_for_url(re.compile(r"target_mode=window_ratio"), timeout=60_000)  # the whole page ran: the URL ...
    wait_done(page)
    page.get_by_text("Predictions against actuals").wait_for(timeout=60_000)
    assert not page.get_by_text("from an earlier run").count()  # ... and the section trained on the new setting
    no_exception(page)


def test_inspect_the_trained_model_in_the_cell(page, app_url):
    # the button is in the Train section's fragment: its click reruns the fragment alone, which switches pages
    open_page(page, f"{app_url}/Train?{QUICK}", chart=False)
    _train(page)
    page.get_by_role("button", name="Inspect this model in the cell").click()
    page.wait_for_url(re.compile(r"/Cell"), timeout=60_000)
    page.wait_for_selector(".lsv-equations .katex", timeout=60_000)
    assert page.get_by_text("Trained on synthetic noisy sine, 500 days, the last window").count()
    no_exception(page)


def test_csv_upload_bad_then_good(page, app_url, tmp_path):
    open_page(page, f"{app_url}/Train?data=csv&lookback=5", chart=False)
    bad = tmp_path / "names.csv"
    bad.write_text("name,city\nAna,Recife\nBia,Natal\n")
    good = tmp_path / "sales.csv"
    rows = "\n".join(f"2024-01-{d:02d},{100 + d},{(d * 7) % 5}" for d in range(1, 31))
    good.write_text("date,sales,temperature\n" + rows + "\n")
    # the sidebar's CSV uploader, not the model uploader in the main area (which may render first), nor the test file's
    uploader = page.locator('[data-testid="stSidebar"] [data-testid="stFileUploaderDropzoneInput"]').first
    uploader.set_input_files(str(bad))
    wait_done(page)
    page.get_by_text("the CSV has no numeric column").wait_for(timeout=60_000)
    no_exception(page)
    uploader.set_input_files(str(good))
    wait_done(page)
    page.get_by_text("sales.csv, sales, 30 rows").wait_for(timeout=60_000)
    assert page.get_by_role("button", name="Train", exact=True).is_enabled()
    no_exception(page)


def test_stop_keeps_what_was_learned(page, app_url):
    # a config slow enough (seconds per epoch) to click Stop in the middle of it
    open_page(
        page,
        f"{app_url}/Train?epochs=200&patience=0&days=5000&hidden_size=128&num_layers=2&lookback=60",
        chart=False,
    )
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_text(re.compile(r"Epoch [1-9]\d* of 200")).wait_for(timeout=120_000)
    page.get_by_role("button", name="Stop", exact=True).click()
    page.get_by_text("showing the best weights learned so far").wait_for(timeout=60_000)
    page.get_by_text("Predictions against actuals").wait_for(timeout=30_000)
    wait_done(page)
    no_exception(page)


def test_stop_ends_the_wait_for_a_training_slot(browser, monkeypatch):
    """The Train section is a fragment, where a Cancel button would not interrupt the wait: the note points at
    Stop, outside it, and Stop ends the wait (a server with no free slot: every Train waits)."""
    monkeypatch.setenv("LSTMVIZ_MAX_TRAININGS", "0")
    with streamlit_server() as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        open_page(page, f"{url}/Train?{QUICK}", chart=False)
        page.get_by_role("button", name="Train", exact=True).click()
        waiting = page.get_by_text(re.compile(r"yours starts when a slot frees up \(\d+ s\)\. Press Stop"))
        waiting.wait_for(timeout=60_000)
        assert not page.get_by_role("button", name="Cancel").count()
        page.get_by_role("button", name="Stop", exact=True).click()
        waiting.wait_for(state="detached", timeout=30_000)
        wait_done(page)
        assert page.get_by_text("Press Train: the default trains in a few seconds.").count()
        no_exception(page)
        page.close()
