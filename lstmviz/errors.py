"""Mistakes a user can make (a bad file, setting, link or ticker), as a code with parameters.

`UserError("csv.no_numeric", columns=("Data", "Preço"))` is a ValueError whose English text comes
from MESSAGES, the msgids of the Portuguese catalogue (lstmviz/ui/locales): the UI translates by
code and writes the parameters for its language (lstmviz.ui.i18n.error_text), and a notebook
prints the English. Messages say what the user sees on screen, never a field name of the code.
A message is a text, or (singular, plural, the parameter that counts) for a count.
"""

from __future__ import annotations

import string

from lstmviz import formats

MESSAGES: dict[str, str | tuple[str, str, str]] = {
    # settings (TrainConfig, sequence and series generators, downloads); {setting} is the label the page shows
    "setting.between": "{setting} must be between {low} and {high}; it is {value}",
    "setting.at_least": "{setting} must be at least {low}; it is {value}",
    "setting.above": "{setting} must be above {low}; it is {value}",
    "setting.above_at_most": "{setting} must be above {low} and at most {high}; it is {value}",
    "setting.at_least_below": "{setting} must be at least {low} and below {high}; it is {value}",
    "setting.share": "{setting} must be at least {low:.0%} and below {high:.0%}; it is {value:.0%}",
    "setting.one_of": "{setting} must be one of {choices}; it is {value}",
    "setting.shares": (
        "the validation share ({val:.0%}) and the test share ({test:.0%}) leave too little to train on; keep them "
        "at most {most:.0%} together"
    ),
    "setting.unknown": "unknown settings: {names}",
    # the chronological split
    "split.no_test_rows": (
        "the test part ({share:.0%}) of {n} row gets no row at all; use more data",
        "the test part ({share:.0%}) of {n} rows gets no row at all; use more data",
        "n",
    ),
    "split.val_short": (
        "the validation part ({rows} row) is shorter than the horizon ({horizon}); raise the validation share "
        "({share:.0%}) or use more data",
        "the validation part ({rows} rows) is shorter than the horizon ({horizon}); raise the validation share "
        "({share:.0%}) or use more data",
        "rows",
    ),
    "split.train_short": (
        "the lookback ({lookback}) plus the horizon ({horizon}) need more rows than the training part has "
        "({train} of {n}); shorten them or use more data"
    ),
    "split.test_start_no_dates": "a test that starts on a date ({start}) needs data with dates",
    "split.test_start_late": "no row is dated {start} or later (the last is {last}), so the test has no rows",
    # the data handed to training
    "data.no_column": "column {column} is not in the data (columns: {columns})",
    "data.not_numeric": "column {column} does not hold numbers",
    "data.target_is_feature": "{column} is the column to forecast; it cannot also be an extra input feature",
    "data.not_finite": "column {column} has empty or infinite values (the first at {first}); clean them first",
    "data.unsorted": "the rows must be in increasing order of date, each date once",
    "data.log_return": "log returns need values above 0; {column} has some at or below 0 (the first at {first})",
    "backtest.folds": "the test part has {rows} rows, too few for {folds} folds; use fewer folds or more data",
    "data.window_ratio": (
        "each window relative to its last value needs values above 0; {column} has some at or below 0 (the first "
        "at {first})"
    ),
    "model.columns": (
        "the model reads a different number of input columns ({model}) than this data gives ({data}); choose the "
        "extra input features it was trained with"
    ),
    "forecast.origin": "a forecast can start on {first} at the earliest: the lookback needs {lookback} rows before it",
    "forecast.unknown_origin": "{origin} is not a row of the data",
    # uploaded CSV files
    "csv.too_large": "the file is larger than the {mb} MB limit; upload fewer rows",
    "csv.empty": "the file is empty",
    "csv.workbook": "it is an Excel workbook, not a CSV file; in Excel, save it with Save As, as CSV",
    "csv.zip": "it is a zip archive, not a CSV file; unzip it and upload the CSV file inside",
    "csv.binary": "it holds binary data, not text; upload a CSV file (text, one row per line)",
    "csv.too_many_columns": "the file has {columns} columns; this app reads at most {most}",
    "csv.encoding": "the file's text encoding could not be recognised; save it as CSV UTF-8 and upload it again",
    "csv.ragged": "row {row} does not have as many cells as the header ({found} instead of {expected})",
    "csv.unreadable": "the file could not be read as a table with one value per cell",
    "csv.no_rows": "the CSV has a header but no rows",
    "csv.no_numeric": "the CSV has no numeric column (columns: {columns})",
    "csv.bad_dates": (
        "column {column}: {bad} of {n} values is not a date (the first: {value})",
        "column {column}: {bad} of {n} values are not dates (the first: {value})",
        "bad",
    ),
    "csv.repeated_date": "column {column} repeats the date {date}; keep one row per date",
    "csv.ambiguous_dates": (
        "the dates in column {column} can be read day first ({day_first:long}) or month first "
        "({month_first:long}); choose the date order beside the file"
    ),
    "csv.out_of_range": "column {column} has a value too large for the model ({value:.4g}, row {row})",
    "csv.missing_values": (
        "column {column} has {count} missing value (the first at {first}); under Missing values, choose to drop "
        "those rows or to carry the last value forward",
        "column {column} has {count} missing values (the first at {first}); under Missing values, choose to drop "
        "those rows or to carry the last value forward",
        "count",
    ),
    # a training file and a test file (lstmviz.data.csvpair)
    "csvpair.no_dates": "the {file} has no date column: the two files are joined by date",
    "csvpair.columns": (
        "the test file's numeric columns ({test}) are not the training file's ({train}); both need the same columns"
    ),
    "csvpair.test_first": (
        "the test file ({test_first} to {test_last}) starts before the training file ({train_first} to "
        "{train_last}); the test must come after the training: swap the two files"
    ),
    "csvpair.overlap": (
        "the test file starts on {test_first}, before the training file ends ({train_last}): {days} of its dates "
        "is inside the training dates; the test must start after the training ends",
        "the test file starts on {test_first}, before the training file ends ({train_last}): {days} of its dates "
        "are inside the training dates; the test must start after the training ends",
        "days",
    ),
    # typed numbers (Cell page)
    "numbers.empty": "type at least one number, e.g. 0.1 0.5 -0.3",
    "numbers.too_many": "at most {most} values; got {count}",
    "numbers.not_a_number": "value {position} ({text}) is not a number",
    "numbers.too_large": "value {position} ({text}) is too large for the model (at most ±3.4e38)",
    # Yahoo Finance
    "tickers.empty": "type at least one ticker symbol, e.g. AAPL",
    "tickers.too_many": "at most {most} tickers at once; got {count}",
    "tickers.bad_symbol": "{symbol} is not a Yahoo symbol (letters, digits and . ^ = -)",
    "tickers.dates": "the start date ({start}) must come before the end date ({end})",
    "yahoo.unknown_ticker": "Yahoo Finance has no prices for {tickers}; check the symbol",
    "yahoo.network": "Yahoo Finance could not be reached: check the connection, or work offline with the sample",
    "yahoo.rate_limit": "Yahoo Finance is rate limiting this server; try again in a minute",
    "yahoo.bad_response": "Yahoo Finance sent an answer that could not be read; try again later",
    # saved models
    "model.not_ours": "this is not a model saved by this app",
    "cost.memory": (
        "this run would need about {mb:.0f} MB of memory, more than this server gives one run ({most:.0f} MB); "
        "lower {setting}"
    ),
    "model.evaluate_budget": (
        "evaluating this model on this data takes longer than this server's {seconds:.0f} s limit; use fewer rows"
    ),
    "model.file_size": "the file is {size:.1f} MB; a model saved by this app is at most {most:.0f} MB",
    "model.beyond_limits": "the saved model's {setting} ({value}) is more than this app trains ({most})",
    "model.weights": "the saved weights do not fit the saved settings",
    # attribution
    "attribution.budget": (
        "attributing these forecasts takes longer than this server's {seconds:.0f} s limit; use a shorter test part"
    ),
}


MAX_SHOWN = 40  # characters of a text parameter a message shows (a 9,999-digit number is cut, not echoed)
MAX_ITEMS = 12  # items of a list parameter (column names) a message shows


def shown(params: dict) -> dict:
    """`params` as a message shows them: long texts cut with an ellipsis, long lists cut to their first items."""
    out = {}
    for key, value in params.items():
        if isinstance(value, str) and not isinstance(value, Text) and len(value) > MAX_SHOWN:
            value = value[: MAX_SHOWN - 1] + "…"
        elif isinstance(value, tuple | list) and len(value) > MAX_ITEMS:
            value = ", ".join(map(str, shown(dict(enumerate(value[:MAX_ITEMS]))).values())) + ", …"  # not "a, b and …"
        elif isinstance(value, tuple | list):
            value = tuple(shown(dict(enumerate(value))).values())
        out[key] = value
    return out


class Text(str):
    """A parameter that is itself a text to translate, e.g. a setting's label: Text("Hidden units")."""

    __slots__ = ()


def fields(message: str | tuple[str, str, str]) -> set[str]:
    """The parameters a message's text uses."""
    texts = message[:2] if isinstance(message, tuple) else (message,)
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


def template(code: str, params: dict) -> str:
    """The English text (the msgid) of `code`, singular or plural by its count."""
    message = MESSAGES[code]
    if isinstance(message, str):
        return message
    singular, plural, count = message
    return singular if params[count] == 1 else plural


class UserError(ValueError):
    """A mistake the user can fix: `code` is a key of MESSAGES, `params` fill its text (all of them, no more)."""

    detail = ""  # what exactly was wrong, for a developer (a log, a test); never shown to the user

    def __init__(self, code: str, **params) -> None:
        if code not in MESSAGES:
            raise KeyError(f"unknown UserError code {code!r}")
        if set(params) != fields(MESSAGES[code]):
            raise TypeError(f"{code} takes {sorted(fields(MESSAGES[code]))}, got {sorted(params)}")
        super().__init__(code, params)
        self.code, self.params = code, params

    def __reduce__(self):  # pickled with its code and params (st.cache_data keeps a failed parse's error)
        return _rebuild, (type(self), self.code, self.params, self.detail)

    def __str__(self) -> str:
        text = template(self.code, self.params).format(**formats.localised(shown(self.params), "en"))
        return f"{text} [{self.detail}]" if self.detail else text

    def because(self, detail: str) -> UserError:
        """This error with a developer's note on the exact cause (UserError("model.not_ours").because("...")."""
        self.detail = detail
        return self


def _rebuild(cls: type[UserError], code: str, params: dict, detail: str) -> UserError:
    return cls(code, **params).because(detail)


class DataSourceError(UserError):
    """A download that failed ("yahoo.*" codes): the page offers the bundled sample instead."""

    @property
    def kind(self) -> str:
        """ "unknown_ticker", "network", "rate_limit" or "bad_response"."""
        return self.code.removeprefix("yahoo.")

    @property
    def tickers(self) -> tuple[str, ...]:
        return tuple(self.params.get("tickers", ()))
