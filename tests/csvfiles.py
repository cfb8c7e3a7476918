"""CSV files as spreadsheets write them, built in the test: a Brazilian Excel export and its UTF-16 twin."""

import holidays
import numpy as np
import pandas as pd

DAYS = pd.bdate_range("2023-01-02", periods=300)  # 110 of them have a day of 12 or less
PRICES = np.round(1000 + np.cumsum(np.sin(np.arange(300)) * 7.5), 2)


def _br(number: float) -> str:
    return f"{number:,.2f}".translate(str.maketrans(",.", ".,"))  # 1,234.5 -> 1.234,50


def excel_br_text(separator: str = ";") -> str:
    """What "CSV (separado por vírgulas)" writes: `;`, decimal commas with thousands dots, dd/mm/yyyy, CRLF, a
    text column, and the empty row a spreadsheet leaves at the end. Encode it as cp1252 (Latin-1)."""
    lines = [separator.join(["Data", "Preço", "Volume", "Ativo"])]
    for k, (day, price) in enumerate(zip(DAYS, PRICES, strict=True)):
        lines.append(separator.join([day.strftime("%d/%m/%Y"), _br(price), str(1000 * k), "PETR4"]))
    return "\r\n".join([*lines, separator * 3]) + "\r\n"


EXCEL_BR = excel_br_text().encode("cp1252")
UNICODE_TEXT = excel_br_text("\t").encode("utf-16")  # what "Texto Unicode" writes: UTF-16 with a BOM, tabs


def petr4_pair(test_as: str = "yahoo") -> tuple[bytes, bytes]:
    """The Brazilian course's pair, as its repositories ship it: petr4_treinamento.csv, Yahoo's export of PETR4 for
    2013–2017 (Date,Open,High,Low,Close,Adj Close,Volume, ISO dates, decimal points), and petr4_teste.csv, January
    2018. `test_as="excel"`: the test file saved again by Brazilian Excel (; and decimal commas, dd/mm/yyyy)."""
    closed = holidays.financial_holidays("B3", years=range(2013, 2019))  # Carnaval, Tiradentes, Christmas…
    days = pd.bdate_range("2013-01-02", "2018-01-31")
    days = days[~days.isin(pd.to_datetime(list(closed)))]
    rng = np.random.default_rng(4)
    close = 19.0 * np.exp(np.cumsum(0.02 * rng.standard_normal(len(days))))
    frame = pd.DataFrame(
        {
            "Open": close * (1 + 0.005 * rng.standard_normal(len(days))),
            "High": close * 1.01,
            "Low": close * 0.99,
            "Close": close,
            "Adj Close": close * 0.93,
            "Volume": rng.integers(20_000_000, 90_000_000, len(days)),
        },
        index=pd.Index(days, name="Date"),
    ).round({"Open": 6, "High": 6, "Low": 6, "Close": 6, "Adj Close": 6})
    train, test = frame.loc[:"2017-12-31"], frame.loc["2018-01-01":]
    if test_as == "excel":
        text = test.to_csv(sep=";", decimal=",", date_format="%d/%m/%Y", lineterminator="\r\n")
        return train.to_csv().encode(), text.encode("cp1252")
    return train.to_csv().encode(), test.to_csv().encode()
