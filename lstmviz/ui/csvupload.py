"""Reading an uploaded CSV: one shared parse per file content, the format line under the uploader, its overrides.

Under the uploader the page says how the file was read ("separator ;, decimal comma, dates day/month/year,
Latin-1"); "How the file is read" changes any of it, and a file whose dates read both ways gets the
question beside it instead of a guess. Its settings are in the Train page's table: csv_sep, csv_decimal, csv_dates,
csv_encoding.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from lstmviz.data import csvdata
from lstmviz.errors import UserError
from lstmviz.ui import i18n
from lstmviz.ui import widgets as w
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.safetext import SafeText
from lstmviz.ui.settings.train import DATA as S

SEPARATORS = {",": ",", ";": ";", "tab": "\t"}  # a tab travels in a link as "tab"
LABELS = {  # each choice as the override boxes show it, per box ("," is a separator and a decimal mark)
    "csv_sep": {"auto": N_("as detected"), ",": N_("comma ,"), ";": N_("semicolon ;"), "tab": N_("tab")},
    "csv_decimal": {"auto": N_("as detected"), ".": N_("decimal point (1.5)"), ",": N_("decimal comma (1,5)")},
    "csv_dates": {"auto": N_("as detected"), "dmy": N_("day/month/year (13/01/2024)"),
                "mdy": N_("month/day/year (01/13/2024)")},
    "csv_encoding": {"auto": N_("as detected")},
}  # fmt: skip
ENCODINGS = {"utf-8": "UTF-8", "cp1252": "Latin-1 (Windows)", "utf-16": "UTF-16"}  # names, not translated
DATES = {"dmy": N_("dates day/month/year"), "mdy": N_("dates month/day/year"), "ymd": N_("dates year-month-day")}


@st.cache_data(max_entries=8, show_spinner=False)
def parse(digest: str, encoding: str | None, separator: str | None, decimal: str | None, date_order: str | None,
          _blob: bytes) -> csvdata.CsvInfo | UserError:  # fmt: skip
    """One parse per file content and overrides, shared by every session that uploads the same bytes (keyed
    by their sha256: a class uploading the teacher's file holds it once). A failure is kept the same way, as
    the UserError it raised, so a rerun does not parse a bad file again."""
    try:
        return csvdata.read_csv(_blob, encoding=encoding, separator=separator, decimal=decimal, date_order=date_order)
    except UserError as err:
        return err


@st.cache_data(max_entries=8, show_spinner=False)
def _sha256(file_id: str, _blob: bytes) -> str:
    """The upload's sha256, once per upload (`file_id`) instead of at every rerun of the page (4 ms for 5 MB)."""
    return hashlib.sha256(_blob).hexdigest()


def encoding_name(encoding: str) -> str:
    """UTF-8, UTF-16, Latin-1: what a spreadsheet's Save As dialog calls the encoding."""
    name = encoding.lower().replace("_", "-")
    if name.startswith(("utf-16", "utf-32")):
        return name[:6].upper()
    if name.startswith("utf-8"):
        return "UTF-8"
    return "Latin-1" if name in ("cp1252", "latin-1", "iso8859-1", "iso8859-15") else encoding.upper()


def detected(info: csvdata.CsvInfo) -> str:
    """The format line: "Read as: separator ;, decimal comma, dates day/month/year, Latin-1"."""
    separator = t("tab") if info.separator == "\t" else info.separator
    parts = [t("separator {separator}", separator=separator)]
    parts.append(t("decimal comma") if info.decimal == "," else t("decimal point"))
    if info.thousands:
        parts.append(t("thousands dot") if info.thousands == "." else t("thousands comma"))
    if info.date_order in DATES:
        parts.append(t(DATES[info.date_order]))
    parts.append(encoding_name(info.encoding))
    return t("Read as: {parts}", parts=SafeText(", ".join(parts)))  # the app's own words and the detected names


def _override(key: str) -> None:
    labels = {k: t(v) for k, v in LABELS[key].items()} | ENCODINGS
    w.selectbox(S[key], format_func=labels.get)


def _chosen(key: str) -> str | None:
    value = st.session_state[key]
    return None if value == "auto" else SEPARATORS.get(value, value) if key == "csv_sep" else value


def read(upload, *, boxes: bool = True) -> csvdata.CsvInfo | None:
    """The upload parsed as the user's overrides say; None after showing, under the uploader, why it cannot be.
    The format line and the overrides follow the uploader; a file whose date order it cannot tell asks for it.
    `boxes=False`: the format line alone, for a second file read as the boxes drawn under the first say."""
    blob = upload.getvalue()
    digest = _sha256(upload.file_id, blob)
    overrides = [_chosen(k) for k in ("csv_encoding", "csv_sep", "csv_decimal", "csv_dates")]
    info = error = None
    parsed = parse(digest, *overrides, _blob=blob)
    if isinstance(parsed, UserError):
        error = parsed
        st.error(t("This file cannot be used: {error}.", error=i18n.error_text(error)))
    else:
        info = parsed
    ask_dates = boxes and error is not None and error.code == "csv.ambiguous_dates"
    if ask_dates:  # beside the file, not hidden in the expander below
        _override("csv_dates")
    if info is not None:
        st.caption(detected(info))
    if not boxes:
        return info
    with st.expander(t("How the file is read"), icon=":material/tune:"):
        _override("csv_sep")
        _override("csv_decimal")
        if not ask_dates:
            _override("csv_dates")
        _override("csv_encoding")
    return info
