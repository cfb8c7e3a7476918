"""A course's two files, one to train on and one to test on (petr4_treinamento.csv, petr4_teste.csv), as one
series: the rows joined by date, and the day the test file starts, which TrainConfig.test_start makes the test
split. Each file is read by lstmviz.data.csvdata on its own (its format detected on its own)."""

from __future__ import annotations

import pandas as pd

from lstmviz.data.csvdata import CsvInfo
from lstmviz.errors import Text, UserError


def join(train: CsvInfo, test: CsvInfo) -> tuple[pd.DataFrame, str]:
    """The two files' rows in one frame, the training file's first, and the test file's first day (ISO).

    UserError when they cannot be one series: a file without dates, other numeric columns, a test file that
    starts before the training file or overlaps its dates."""
    for info, which in ((train, Text("training file")), (test, Text("test file"))):
        if info.date_column is None:
            raise UserError("csvpair.no_dates", file=which)
    if set(train.numeric_columns) != set(test.numeric_columns):
        raise UserError("csvpair.columns", train=train.numeric_columns, test=test.numeric_columns)
    a, b = train.frame.index, test.frame.index
    if b[0] < a[0]:
        raise UserError("csvpair.test_first", train_first=a[0], train_last=a[-1], test_first=b[0], test_last=b[-1])
    if b[0] <= a[-1]:
        raise UserError("csvpair.overlap", train_last=a[-1], test_first=b[0], days=int((b <= a[-1]).sum()))
    frame = pd.concat([train.frame, test.frame[list(train.frame.columns)]])
    return frame, str(b[0].date()) if b[0] == b[0].normalize() else b[0].isoformat()
