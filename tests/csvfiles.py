"""CSV files as spreadsheets write them, built in the test: a Brazilian Excel export and its UTF-16 twin."""

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
