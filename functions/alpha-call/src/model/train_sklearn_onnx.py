#!/usr/bin/env python3
"""Trains the shipped scikit-learn model and exports it to ONNX without skl2onnx (docs/models.md).

The fitted StandardScaler + LogisticRegression is written as a plain ONNX graph built with the `onnx` package
(Debian python3-onnx, python3-sklearn):

    features float[N, F] -> Sub(mean) -> Div(std) -> MatMul(coef[F, 1]) -> Add(intercept) -> Sigmoid -> p_up float[N, 1]

The model's identity travels in the file's metadata_props (marketfn.name, marketfn.version, marketfn.features),
so alpha-call's OnnxScorer needs nothing but the file. Training rows are synthetic with a known signal (a fixed
seed): this shows the pipeline end to end, it is not a market model.

    python3 train_sklearn_onnx.py OUT_DIR_MODEL OUT_DIR_FIXTURE   # writes the model and the reference outputs
    python3 train_sklearn_onnx.py --check MODEL FIXTURE           # re-fits, checks both files are what it writes
"""
import csv
import io
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

NAME = "mean_reversion_sklearn"
VERSION = "1.0.0"
FEATURES = ["rsi_14", "ret_1", "vol_20", "stoch_k_14", "cci_20"]
SEED = 20261207


def training_rows(n, rng):
    """Indicator-like rows; the label is up with a probability that falls with RSI and stochastics (mean reversion)."""
    x = np.column_stack([
        rng.uniform(10, 90, n),        # rsi_14
        rng.normal(0, 0.015, n),       # ret_1
        rng.uniform(0.005, 0.05, n),   # vol_20
        rng.uniform(0, 100, n),        # stoch_k_14
        rng.normal(0, 100, n),         # cci_20
    ])
    z = -0.08 * (x[:, 0] - 50) - 20 * x[:, 1] - 0.02 * (x[:, 3] - 50) - 0.004 * x[:, 4]
    y = (rng.uniform(0, 1, n) < 1 / (1 + np.exp(-z))).astype(int)
    return x, y


def fit():
    rng = np.random.default_rng(SEED)
    x, y = training_rows(4000, rng)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
    model.fit(x, y)
    reference, _ = training_rows(64, rng)  # rows the Java test scores again
    return model, reference


def to_onnx(model):
    scaler, lr = model.named_steps["standardscaler"], model.named_steps["logisticregression"]
    f = len(FEATURES)
    init = [
        numpy_helper.from_array(scaler.mean_.astype(np.float32).reshape(1, f), "mean"),
        numpy_helper.from_array(scaler.scale_.astype(np.float32).reshape(1, f), "std"),
        numpy_helper.from_array(lr.coef_.astype(np.float32).reshape(f, 1), "coef"),
        numpy_helper.from_array(lr.intercept_.astype(np.float32).reshape(1, 1), "intercept"),
    ]
    nodes = [
        helper.make_node("Sub", ["features", "mean"], ["centered"]),
        helper.make_node("Div", ["centered", "std"], ["scaled"]),
        helper.make_node("MatMul", ["scaled", "coef"], ["linear"]),
        helper.make_node("Add", ["linear", "intercept"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["p_up"]),
    ]
    graph = helper.make_graph(nodes, NAME, [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", f])],
                              [helper.make_tensor_value_info("p_up", TensorProto.FLOAT, ["N", 1])], init)
    m = helper.make_model(graph, producer_name="marketfn train_sklearn_onnx.py",
                          opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    helper.set_model_props(m, {"marketfn.name": NAME, "marketfn.version": VERSION,
                               "marketfn.features": ",".join(FEATURES),
                               "marketfn.trained": "synthetic rows, seed %d, sklearn StandardScaler+LogisticRegression" % SEED})
    onnx.checker.check_model(m)
    return m.SerializeToString()


def fixture(model, rows):
    """The reference: each row's features and scikit-learn's p(up), in float64, as CSV."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(FEATURES + ["p_up"])
    for row, p in zip(rows, model.predict_proba(rows)[:, 1]):
        w.writerow([repr(float(v)) for v in row] + [repr(float(p))])
    return out.getvalue()


def main(argv):
    model, rows = fit()
    onnx_bytes, csv_text = to_onnx(model), fixture(model, rows)
    if argv[:1] == ["--check"]:
        with open(argv[1], "rb") as f:
            same_model = f.read() == onnx_bytes
        with open(argv[2]) as f:
            same_fixture = f.read() == csv_text
        print("model %s, fixture %s" % ("matches" if same_model else "DIFFERS", "matches" if same_fixture else "DIFFERS"))
        return 0 if same_model and same_fixture else 1
    with open(argv[0] + "/" + NAME + "-v1.onnx", "wb") as f:
        f.write(onnx_bytes)
    with open(argv[1] + "/" + NAME + "-reference.csv", "w") as f:
        f.write(csv_text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
