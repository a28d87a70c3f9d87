"""The array what-if gives what the scalar model gives, scenario by scenario, on random data."""

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcitrack.core.pci_model import Accuracy, SubIndexModel, YearArrays, fit, what_if, what_if_all, what_if_each

YEARS = (2013, 2016, 2030)  # two years with weights, one without


def same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def assert_same(vector, scalar):
    assert all(same(a, b) for a, b in zip(vector.subindices_after, scalar.subindices_after, strict=True))
    assert all(same(a, b) for a, b in zip(vector.subindices_before, scalar.subindices_before, strict=True))
    assert same(vector.pci_before, scalar.pci_before) and same(vector.pci_after, scalar.pci_after)
    assert same(vector.pci_error, scalar.pci_error)
    assert (vector.rank_before, vector.rank_after, vector.rank_range) == (
        scalar.rank_before,
        scalar.rank_after,
        scalar.rank_range,
    )


values_ = st.floats(-50, 150, allow_nan=False, allow_infinity=False)


@st.composite
def worlds(draw):
    """Provinces with indicator values (some missing), sub-index scores, published totals, fitted models."""
    provinces = [f"P{i}" for i in range(draw(st.integers(10, 16)))]
    subs = draw(st.lists(st.sampled_from(range(1, 11)), min_size=1, max_size=4, unique=True))
    codes_by_sub = {s: [f"s{s}c{j}" for j in range(draw(st.integers(1, 4)))] for s in subs}
    codes = [c for cs in codes_by_sub.values() for c in cs]
    directions = {c: draw(st.sampled_from([1, -1])) for c in codes}
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    values = {}
    for p in provinces:
        row = {}
        for c in codes:
            if rng.random() > 0.05:  # a few values missing
                row[c] = float(rng.choice([rng.uniform(0, 100), round(rng.uniform(0, 3))]))  # ties and spread
        values[p] = row
    scores = {p: [float(rng.uniform(1, 10)) for _ in range(10)] for p in provinces}
    models = fit(values, scores, directions, codes_by_sub)
    if draw(st.booleans()) and models:  # a model used on a year where an indicator is flat
        sub = next(iter(models))
        model = models[sub]
        models[sub] = SubIndexModel(sub, model.codes, model.directions, [*model.lows[:-1], 7.0],
                                    [*model.highs[:-1], 7.0], model.intercept, model.coefficients)  # fmt: skip
    published = {p: float(rng.uniform(40, 75)) for p in provinces if rng.random() > 0.1}
    if draw(st.booleans()) and len(published) > 2:  # a tie between published totals
        a, b = list(published)[:2]
        published[b] = published[a]
    accuracy = None
    if draw(st.booleans()):
        accuracy = Accuracy(2013, 2016, {s: float(rng.uniform(0, 1)) for s in subs if rng.random() > 0.2})
    extra = draw(st.booleans())  # an indicator that no model uses
    return provinces, codes + (["unused"] if extra else []), values, scores, published, models, accuracy


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds(), st.sampled_from(YEARS), st.data())
def test_every_single_change_matches_the_scalar_model(world, year, data):
    provinces, codes, values, scores, published, models, accuracy = world
    arrays = YearArrays.build(values, scores, published, codes)
    new_values = np.array(
        [[data.draw(values_) for _ in codes] for _ in provinces], dtype=float
    )  # below, inside and above the observed range
    result = what_if_all(models, arrays, new_values, year, accuracy)
    assert len(result.pci_after) == len(provinces) * len(codes)
    for i, p in enumerate(provinces):
        others = {name: pci for name, pci in published.items() if name != p}
        for k, c in enumerate(codes):
            scalar = what_if(models, values[p], scores[p], {c: new_values[i, k]}, year, others, accuracy)
            assert_same(result.at(i * len(codes) + k, arrays), scalar)


def test_a_batch_of_chosen_scenarios_and_an_empty_one():
    rng = np.random.default_rng(3)
    provinces = [f"P{i}" for i in range(30)]
    values = {p: {"a": float(rng.uniform(0, 1)), "b": float(rng.uniform(1, 20))} for p in provinces}
    scores = {p: [float(rng.uniform(1, 10)) for _ in range(10)] for p in provinces}
    published = {p: float(rng.uniform(40, 70)) for p in provinces}
    models = fit(values, scores, {"a": 1, "b": -1}, {1: ["a"], 4: ["b"]})
    arrays = YearArrays.build(values, scores, published, ["a", "b"])
    accuracy = Accuracy(2013, 2016, {1: 0.5, 4: 0.2})
    result = what_if_each(models, arrays, [5, 5, 7], [0, 1, 0], [0.9, 2.0, 0.1], 2016, accuracy)
    for n, (i, c, v) in enumerate([(5, "a", 0.9), (5, "b", 2.0), (7, "a", 0.1)]):
        p = provinces[i]
        others = {name: pci for name, pci in published.items() if name != p}
        scalar = what_if(models, values[p], scores[p], {c: v}, 2016, others, accuracy)
        assert_same(result.at(n, arrays), scalar)
        assert result.pci_after[n] != result.pci_before[n]  # each change moves the PCI
    empty = what_if_each(models, arrays, [], [], [], 2016, accuracy)
    assert empty.pci_after.shape == (0,) and empty.subindices_after.shape == (0, 10)
