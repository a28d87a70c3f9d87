import random

import pytest

from pcitrack.core.pci_model import evaluate, fit, what_if


def synthetic(seed=1, provinces=60):
    """Two indicators make sub-index 1 exactly as VCCI would: rescaled 1-10, weighted 0.6 and 0.4 (lower is better for b)."""
    rng = random.Random(seed)
    values, scores = {}, {}
    for i in range(provinces):
        a, b = rng.uniform(0.2, 0.9), rng.uniform(1, 20)
        values[f"P{i}"] = {"a": a, "b": b}
        scores[f"P{i}"] = [None] * 10
    lows = {k: min(v[k] for v in values.values()) for k in ("a", "b")}
    highs = {k: max(v[k] for v in values.values()) for k in ("a", "b")}
    for p, v in values.items():
        ra = 1 + 9 * (v["a"] - lows["a"]) / (highs["a"] - lows["a"])
        rb = 1 + 9 * (1 - (v["b"] - lows["b"]) / (highs["b"] - lows["b"]))
        scores[p][0] = 0.6 * ra + 0.4 * rb
    return values, scores


def test_the_model_recovers_a_known_construction_and_generalises():
    values, scores = synthetic(1)
    models = fit(values, scores, {"a": 1, "b": -1}, {1: ["a", "b"]})
    model = models[1]
    assert model.coefficients == pytest.approx([0.6, 0.4], abs=0.02)
    other_values, other_scores = synthetic(2)
    accuracy = evaluate(models, other_values, other_scores, {}, 2013, 2016)
    assert accuracy.rmse[1] < 0.05


def test_what_if_moves_the_sub_index_the_right_way():
    values, scores = synthetic(1)
    models = fit(values, scores, {"a": 1, "b": -1}, {1: ["a", "b"]})
    province = "P0"
    sub = [scores[province][0]] + [5.0] * 9
    better = what_if(models, values[province], sub, {"a": values[province]["a"] + 0.1}, 2016, {"X": 50.0}, None)
    worse = what_if(models, values[province], sub, {"b": values[province]["b"] + 2}, 2016, {"X": 50.0}, None)
    assert better.subindices_after[0] > sub[0] and worse.subindices_after[0] < sub[0]
    assert better.pci_after > better.pci_before
    assert 1 <= better.subindices_after[0] <= 10
