"""Train a forecaster on data.csv exactly as the LSTM Visual Explorer did, in plain PyTorch.

Exported by the app, which wrote in CONFIG: the same chronological split, the same scaler
fit on the training rows only, the same windows, model, seed, Adam and early stopping. `python train.py` trains,
then prints the test RMSE of the model and of persistence (tomorrow = today); its last line is a JSON object.
Letters: n rows, N windows, W lookback steps, D input columns, K horizon steps.
"""

# %% Settings and data
import json
import math

import numpy as np
import pandas as pd
import torch
from torch import nn

CONFIG: dict = {}  # the run's settings, written in by the app

W, K = CONFIG["lookback"], CONFIG["horizon"]
MODE = CONFIG["target_mode"]  # "price", "log_return" or "window_ratio"
frame = pd.read_csv("data.csv", index_col=0)  # the target column first, then the extra input columns
y = frame.iloc[:, 0].to_numpy(float)  # (n,) the target in its own units

# %% Model rows: what the network reads (log returns r_t = log(y_t / y_t-1) in "log_return" mode)
values = frame.to_numpy(float)  # (n, D)
offset = 0  # the data row of model row 0
if MODE == "log_return":
    values = np.column_stack([np.diff(np.log(y)), values[1:, 1:]])
    offset = 1

# %% Chronological split: train, then validation (early stopping), then test (never seen in training)
n = len(values)
n_val = round(n * CONFIG["val_fraction"])
n_test = CONFIG["test_rows"] or round(n * CONFIG["test_fraction"])  # a separate test file's rows, when there was one
val_start, test_start = n - n_test - n_val, n - n_test

# %% Scaler: mean and standard deviation of the TRAINING rows only
train_rows = values[:val_start]
if MODE == "window_ratio":  # the target is read as ratios to each window's last value: fit on one-step ratios
    train_rows = np.column_stack([train_rows[1:, 0] / train_rows[:-1, 0] - 1, train_rows[1:, 1:]])
mean, std = train_rows.mean(axis=0), train_rows.std(axis=0)
std = np.where(std > 1e-12, std, 1.0)
scaled = (values - mean) / std


def windows(origins):
    """Inputs (N, W, D) and targets (N, K) of the windows ending at model rows `origins` (targets past the end 0)."""
    X = np.stack([scaled[t - W + 1 : t + 1] for t in origins])
    Y = np.stack([np.r_[scaled[t + 1 : t + 1 + K, 0], np.zeros(max(0, t + 1 + K - n))] for t in origins])
    if MODE == "window_ratio":
        for j, t in enumerate(origins):
            X[j, :, 0] = (values[t - W + 1 : t + 1, 0] / values[t, 0] - 1 - mean[0]) / std[0]
            ahead = values[t + 1 : t + 1 + K, 0] / values[t, 0] - 1
            Y[j, : len(ahead)] = (ahead - mean[0]) / std[0]
    return torch.tensor(X, dtype=torch.float32), torch.tensor(Y, dtype=torch.float32)


def origins(first, end):
    """Origins t whose whole forecast t+1 .. t+K lies in rows [first, end)."""
    return np.arange(max(W - 1, first - 1), end - K)


X_train, Y_train = windows(origins(0, val_start))
X_val, Y_val = windows(origins(val_start, test_start))


# %% The model: a recurrent layer and a linear head, one output per horizon step
class StockLSTM(nn.Module):
    def __init__(self, input_size):
        super().__init__()
        rnn = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[CONFIG["cell"]]
        layers = CONFIG["num_layers"]
        self.rnn = rnn(
            input_size,
            CONFIG["hidden_size"],
            num_layers=layers,
            dropout=CONFIG["dropout"] if layers > 1 else 0.0,
            batch_first=True,
        )
        self.drop = nn.Dropout(CONFIG["head_dropout"])
        self.head = nn.Linear(CONFIG["hidden_size"], K)

    def forward(self, x):  # x (B, W, D) -> (B, K)
        out, _ = self.rnn(x)  # (B, W, U)
        return self.head(self.drop(out[:, -1]))


torch.manual_seed(CONFIG["seed"])
model = StockLSTM(values.shape[1])


# %% Training: Adam, gradient clipping, early stopping on the validation loss
def predict(X):
    model.eval()
    with torch.no_grad():
        return torch.cat([model(X[k : k + 256]) for k in range(0, len(X), 256)])


opt = torch.optim.Adam(model.parameters(), lr=CONFIG["lr"], weight_decay=CONFIG["weight_decay"], fused=True)
gen = torch.Generator().manual_seed(CONFIG["seed"])
best, best_epoch, best_state = float("inf"), 0, None
for epoch in range(1, CONFIG["epochs"] + 1):
    model.train()
    perm = torch.randperm(len(X_train), generator=gen)
    X, Y = X_train[perm], Y_train[perm]
    total, seen = 0.0, 0
    for k in range(0, len(X), CONFIG["batch_size"]):
        xb, yb = X[k : k + CONFIG["batch_size"]], Y[k : k + CONFIG["batch_size"]]
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(xb), yb)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), CONFIG["clip_norm"])
        opt.step()
        total, seen = total + loss.item() * len(xb), seen + len(xb)
        if not math.isfinite(loss.item()):
            break
    train_loss = total / seen
    val_loss = nn.functional.mse_loss(predict(X_val), Y_val).item() if len(X_val) else float("nan")
    print(f"epoch {epoch}: train loss {train_loss:.5f}, validation loss {val_loss:.5f}")
    score = val_loss if len(X_val) else -epoch
    if math.isfinite(train_loss) and score < best:
        best, best_epoch = score, epoch
        best_state = {key: v.detach().clone() for key, v in model.state_dict().items()}
    if not math.isfinite(train_loss):
        break
    if CONFIG["patience"] and len(X_val) and epoch - best_epoch >= CONFIG["patience"]:
        break
if best_state is not None:
    model.load_state_dict(best_state)

# %% Test: one step ahead on every test row, in the original units, against persistence (tomorrow = today)
test_origins = np.arange(max(W - 1, test_start - 1), n - 1)  # the forecast of model row t + 1 from rows up to t
X_test, _ = windows(test_origins)
z = predict(X_test)[:, 0].double().numpy() * std[0] + mean[0]  # (N,) in the target's scaled-back units
last = y[test_origins + offset]  # the value at each origin
predicted = {"price": z, "log_return": last * np.exp(z), "window_ratio": last * (1 + z)}[MODE]
actual = y[test_origins + offset + 1]
test_rmse = float(np.sqrt(np.mean((predicted - actual) ** 2)))
persistence_rmse = float(np.sqrt(np.mean((last - actual) ** 2)))
print(f"test RMSE {test_rmse:.4g}; persistence {persistence_rmse:.4g} (best epoch {best_epoch})")
print(
    json.dumps(
        {
            "test_rmse": test_rmse,
            "persistence_rmse": persistence_rmse,
            "best_epoch": best_epoch,
            "val_start": int(val_start),
            "test_start": int(test_start),
            "scaler_mean": mean.tolist(),
            "scaler_std": std.tolist(),
            "test_rows": len(actual),
        }
    )
)
