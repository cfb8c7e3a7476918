"""The Train page's lesson: forecasting honestly, against persistence (the page draws it: its panels)."""

from lstmviz.course import TRAIN
from lstmviz.ui.i18n import N_
from lstmviz.ui.lessons import Lesson
from lstmviz.ui.settings.train import preset_settings

TEXT = (
    "**Forecasting honestly.** The series is cut by time: the model learns on the oldest part (train), "
    "early stopping watches the next part (validation), and the newest part (test) is never seen until the "
    "scores are computed. The scaler is fit on the training part only; fitting it on the whole series would "
    "leak the future's level into the past. Every prediction reads only values before its date.\n\n"
    "**Persistence** (tomorrow = today) is the baseline to beat: on prices it is hard to beat, and a chart of "
    "one-step predictions always looks close to the actual curve, because each prediction starts from the "
    "value just before it. Compare the RMSE in the table, not the look of the chart."
)
# "train_now" trains as the label says. Log returns need the prices they are taken of: the S&P 500 sample's
# close, with StockLSTM (the page's default data, a noisy sine, goes below 0, where a log return has no value).
_STOCK = {**preset_settings("StockLSTM"), "train_now": True}
SUGGESTIONS = (
    (N_("Train StockLSTM on the S&P 500 and compare with persistence"), _STOCK),
    (N_("Learn log returns instead of prices"), {**_STOCK, "target_mode": "log_return"}),
)
LESSON = Lesson("train", TRAIN, TEXT, suggestions=SUGGESTIONS, chapters=("windows", "training", "persistence",
                "backtest"), prefix="")  # fmt: skip
