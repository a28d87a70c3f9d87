"""An empirical model of how indicators make a sub-index, for "what if" questions.

VCCI does not publish how indicator values become sub-index scores. This model learns it
from the indicator-level data of one year: each indicator is rescaled to 1-10 across the
provinces (10 for the best province, by the indicator's direction), and the sub-index score
is fitted as an intercept plus a weighted sum of the rescaled indicators (ridge least
squares, so that 63 provinces and up to 25 indicators do not overfit). Its accuracy is
measured honestly on another year: fitted on one release, it predicts the other release's
sub-index scores from that year's indicators, and the error is reported with every result.

Pure numpy; no Django.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .pci import total_score, weights_by_year

RIDGE = 1.0


@dataclass
class SubIndexModel:
    sub_index: int
    codes: list[str]
    directions: list[int]  # +1 higher is better, -1 lower
    lows: list[float]  # each indicator's minimum across provinces in the fitting year
    highs: list[float]
    intercept: float
    coefficients: list[float]  # points of sub-index per point of rescaled (1-10) indicator

    def rescale(self, j: int, value: float) -> float:
        low, high = self.lows[j], self.highs[j]
        if high == low:
            return 5.5
        share = (value - low) / (high - low)
        if self.directions[j] < 0:
            share = 1 - share
        return 1 + 9 * min(max(share, 0.0), 1.0)

    def predict(self, values: dict[str, float]) -> float | None:
        if any(c not in values for c in self.codes):
            return None
        return self.intercept + sum(
            b * self.rescale(j, values[c]) for j, (c, b) in enumerate(zip(self.codes, self.coefficients, strict=True))
        )

    def per_unit(self, code: str) -> float:
        """Sub-index points per unit of the indicator (in its own scale), inside its observed range."""
        j = self.codes.index(code)
        span = self.highs[j] - self.lows[j]
        return 0.0 if span == 0 else self.coefficients[j] * 9 / span * self.directions[j]


@dataclass
class Accuracy:
    fitted_on: int
    tested_on: int
    rmse: dict[int, float] = field(default_factory=dict)  # sub-index -> error of predicted scores
    pci_rmse: float | None = None
    rank_mae: float | None = None


def fit(
    values: dict[str, dict[str, float]],
    scores: dict[str, list[float]],
    directions: dict[str, int],
    codes_by_sub: dict[int, list[str]],
) -> dict[int, SubIndexModel]:
    """values: province -> code -> value; scores: province -> 10 sub-index scores."""
    models = {}
    for sub, codes in codes_by_sub.items():
        provinces = [p for p in scores if all(c in values.get(p, {}) for c in codes) and scores[p][sub - 1] is not None]
        usable = [c for c in codes if len({values[p][c] for p in provinces}) > 1]
        if len(provinces) < 10 or not usable:
            continue
        lows = [min(values[p][c] for p in provinces) for c in usable]
        highs = [max(values[p][c] for p in provinces) for c in usable]
        dirs = [directions.get(c, 1) for c in usable]
        model = SubIndexModel(sub, usable, dirs, lows, highs, 0.0, [0.0] * len(usable))
        x = np.array([[model.rescale(j, values[p][c]) for j, c in enumerate(usable)] for p in provinces])
        y = np.array([scores[p][sub - 1] for p in provinces])
        mean_x, mean_y = x.mean(axis=0), y.mean()
        xc = x - mean_x
        beta = np.linalg.solve(xc.T @ xc + RIDGE * np.eye(len(usable)), xc.T @ (y - mean_y))
        model.coefficients = [float(b) for b in beta]
        model.intercept = float(mean_y - mean_x @ beta)
        models[sub] = model
    return models


def with_ranges_of(model: SubIndexModel, values: dict[str, dict[str, float]]) -> SubIndexModel | None:
    """The same coefficients with each indicator rescaled over another year's provinces."""
    provinces = [p for p in values if all(c in values[p] for c in model.codes)]
    if not provinces:
        return None
    lows = [min(values[p][c] for p in provinces) for c in model.codes]
    highs = [max(values[p][c] for p in provinces) for c in model.codes]
    return SubIndexModel(
        model.sub_index, model.codes, model.directions, lows, highs, model.intercept, model.coefficients
    )


def evaluate(
    models: dict[int, SubIndexModel], values, scores, published_pci: dict[str, float], year_fit: int, year_test: int
) -> Accuracy:
    """How well a model fitted on one year predicts another year's sub-indices, PCI and rank."""
    accuracy = Accuracy(year_fit, year_test)
    shifted = {sub: with_ranges_of(model, values) for sub, model in models.items()}
    predicted: dict[str, list] = {p: [None] * 10 for p in scores}
    for sub, model in shifted.items():
        if model is None:
            continue
        errors = []
        for p in scores:
            prediction = model.predict(values.get(p, {}))
            predicted[p][sub - 1] = prediction
            if prediction is not None and scores[p][sub - 1] is not None:
                errors.append(prediction - scores[p][sub - 1])
        if errors:
            accuracy.rmse[sub] = math.sqrt(sum(e * e for e in errors) / len(errors))
    totals = {p: total_score(subs, year_test) for p, subs in predicted.items()}
    totals = {p: t for p, t in totals.items() if t is not None and p in published_pci}
    if totals:
        errors = [totals[p] - published_pci[p] for p in totals]
        accuracy.pci_rmse = math.sqrt(sum(e * e for e in errors) / len(errors))
        true_rank, model_rank = _rank(published_pci), _rank(totals)
        accuracy.rank_mae = sum(abs(true_rank[p] - model_rank[p]) for p in totals) / len(totals)
    return accuracy


def _rank(scores: dict[str, float]) -> dict[str, int]:
    ordered = sorted(scores, key=lambda p: -scores[p])
    return {p: i for i, p in enumerate(ordered, start=1)}


@dataclass
class WhatIf:
    subindices_before: list[float]
    subindices_after: list[float]
    pci_before: float | None
    pci_after: float | None
    pci_error: float | None  # ± one RMSE of the model on the other year, carried to the total
    rank_before: int | None
    rank_after: int | None
    rank_range: tuple[int, int] | None  # the rank with the PCI at ± its error


def what_if(models: dict[int, SubIndexModel], province_values: dict[str, float], subindices: list[float],
            changes: dict[str, float], year: int, others: dict[str, float], accuracy: Accuracy | None) -> WhatIf:  # fmt: skip
    """Change some indicators of one province; the sub-indices move by the model's estimate of the change,
    from the published scores (so the model's bias cancels), and the PCI and rank follow."""
    after = list(subindices)
    for sub, model in models.items():
        if not any(code in model.codes for code in changes):
            continue
        before_value = model.predict(province_values)
        changed = {**province_values, **{c: v for c, v in changes.items() if c in model.codes}}
        after_value = model.predict(changed)
        if before_value is not None and after_value is not None:
            after[sub - 1] = min(10.0, max(1.0, subindices[sub - 1] + after_value - before_value))
    pci_before, pci_after = total_score(subindices, year), total_score(after, year)
    weights = weights_by_year().get(year)
    error = None
    if accuracy is not None and weights and accuracy.rmse:
        touched = [s for s in models if any(c in models[s].codes for c in changes)]
        error = (
            math.sqrt(sum((weights[s - 1] / 10 * accuracy.rmse.get(s, 0.0)) ** 2 for s in touched)) if touched else 0.0
        )
    rank_before = _rank_among(pci_before, others)
    rank_after = _rank_among(pci_after, others)
    rank_range = None
    if pci_after is not None and error is not None:
        rank_range = (_rank_among(pci_after + error, others), _rank_among(pci_after - error, others))
    return WhatIf(list(subindices), after, pci_before, pci_after, error, rank_before, rank_after, rank_range)


def _rank_among(score: float | None, others: dict[str, float]) -> int | None:
    if score is None:
        return None
    return 1 + sum(1 for s in others.values() if s > score)


# The what-if over arrays: many single-indicator changes at once.
#
# The scalar `what_if` above is the reference. `what_if_each` computes, for a batch of scenarios that each change
# one indicator of one province, what `what_if` gives for each, with the same operations in the same order, over
# arrays: each prediction is the intercept plus the terms added one indicator after another, the PCI the weighted
# sub-indices added in VCCI's order. Python's sum() compensates rounding and numpy's additions do not, so the two
# differ in the last bits (far below 1e-9 points), never more.


@dataclass
class YearArrays:
    """One year's data as arrays: `values[i, k]` is province i's value of `codes[k]` (NaN when missing),
    `subindices[i]` its ten published sub-index scores (NaN for a missing one), `published[i]` its published PCI
    (NaN when none)."""

    provinces: list[str]
    codes: list[str]
    values: np.ndarray
    subindices: np.ndarray
    published: np.ndarray

    @classmethod
    def build(cls, values: dict[str, dict[str, float]], scores: dict[str, list], published: dict[str, float],
              codes: list[str]) -> YearArrays:  # fmt: skip
        """From the dicts the scalar model takes; the provinces are those with sub-index scores."""
        provinces = list(scores)
        nan = float("nan")
        grid = np.array([[values.get(p, {}).get(c, nan) for c in codes] for p in provinces], dtype=float).reshape(
            len(provinces), len(codes)
        )
        subs = np.array(
            [[nan if s is None else float(s) for s in (scores[p] or [None] * 10)] for p in provinces], dtype=float
        ).reshape(len(provinces), 10)
        pci = np.array([published.get(p, nan) for p in provinces], dtype=float)
        return cls(provinces, list(codes), grid, subs, pci)


@dataclass
class WhatIfEach:
    """The results of a batch of single-indicator what-ifs; scenario n changed `codes[code[n]]` of province
    `province[n]` to `new_value[n]`. NaN in a score stands for the scalar model's None, -1 in a rank."""

    province: np.ndarray  # (N,) province index
    code: np.ndarray  # (N,) code index
    subindices_after: np.ndarray  # (N, 10)
    pci_before: np.ndarray  # (N,)
    pci_after: np.ndarray  # (N,)
    pci_error: np.ndarray  # (N,) NaN when the model has no accuracy for the year
    rank_before: np.ndarray  # (N,) int
    rank_after: np.ndarray  # (N,) int
    rank_best: np.ndarray  # (N,) int, the rank with the PCI after + its error
    rank_worst: np.ndarray  # (N,) int

    def at(self, n: int, data: YearArrays) -> WhatIf:
        """Scenario n as the scalar model's WhatIf."""

        def number(x):
            return None if math.isnan(x) else float(x)

        def rank(x):
            return None if x < 0 else int(x)

        before = [number(s) for s in data.subindices[self.province[n]]]
        after = [number(s) for s in self.subindices_after[n]]
        best, worst = rank(self.rank_best[n]), rank(self.rank_worst[n])
        return WhatIf(
            before, after, number(self.pci_before[n]), number(self.pci_after[n]), number(self.pci_error[n]),
            rank(self.rank_before[n]), rank(self.rank_after[n]), None if best is None else (best, worst),
        )  # fmt: skip


def rescaled(model: SubIndexModel, values: np.ndarray, which: np.ndarray | None = None) -> np.ndarray:
    """`model.rescale` element by element: over a (..., len(model.codes)) array of the model's indicators, or,
    given `which`, over values of the indicators `model.codes[which]`."""
    lows, highs = np.array(model.lows, dtype=float), np.array(model.highs, dtype=float)
    directions = np.array(model.directions)
    if which is not None:
        lows, highs, directions = lows[which], highs[which], directions[which]
    flat = highs == lows
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (values - lows) / np.where(flat, 1.0, highs - lows)
    share = np.where(directions < 0, 1 - share, share)
    return np.where(flat, 5.5, 1 + 9 * np.minimum(np.maximum(share, 0.0), 1.0))


def _total(subindices: np.ndarray, weights) -> np.ndarray:
    """`total_score` over the last axis: the weighted scores added in VCCI's order, then divided by 10."""
    if weights is None:
        return np.full(subindices.shape[:-1], np.nan)
    total = np.zeros(subindices.shape[:-1])
    for i, w in enumerate(weights):
        total = total + w * subindices[..., i]
    return total / 10


def _ranks_among_others(scores: np.ndarray, published: np.ndarray, own: np.ndarray) -> np.ndarray:
    """1 + how many other provinces' published PCI is above each score (-1 for a NaN score); `own` is each
    score's province, left out of its own comparison."""
    known = np.sort(published[~np.isnan(published)])
    safe = np.where(np.isnan(scores), 0.0, scores)
    above = len(known) - np.searchsorted(known, safe, side="right")
    mine = published[own]
    above -= (~np.isnan(mine)) & (mine > safe)
    return np.where(np.isnan(scores), -1, 1 + above)


def what_if_each(models: dict[int, SubIndexModel], data: YearArrays, province: np.ndarray, code: np.ndarray,
                 new_value: np.ndarray, year: int, accuracy: Accuracy | None) -> WhatIfEach:  # fmt: skip
    """For each n, `what_if(models, values of data.provinces[province[n]], its sub-indices,
    {data.codes[code[n]]: new_value[n]}, year, the other provinces' published PCI, accuracy)`, all at once."""
    province, code = np.asarray(province, dtype=np.intp), np.asarray(code, dtype=np.intp)
    new_value = np.asarray(new_value, dtype=float)
    position = {c: k for k, c in enumerate(data.codes)}
    base = data.subindices[province]  # (N, 10)
    after = base.copy()
    touched_by_code: list[list[int]] = [[] for _ in data.codes]
    for sub, model in models.items():
        columns = [position.get(c, -1) for c in model.codes]
        # which scenarios change one of this model's indicators, and which of them (its place in model.codes)
        slot = np.full(len(data.codes), -1, dtype=np.intp)
        for j, k in enumerate(columns):
            if k >= 0:
                slot[k] = j
                touched_by_code[k].append(sub)
        chosen = np.nonzero(slot[code] >= 0)[0]
        if len(chosen) == 0:
            continue
        if min(columns) < 0:  # an indicator of the model the data does not have: no province can be predicted
            continue
        present = ~np.isnan(data.values[:, columns]).any(axis=1)  # a prediction needs every indicator
        grid = rescaled(model, data.values[:, columns])  # (P, K_m)
        before = np.zeros(len(data.provinces))
        for j, b in enumerate(model.coefficients):
            before = before + b * grid[:, j]
        before = model.intercept + before
        which, rows = slot[code[chosen]], province[chosen]
        changed = rescaled(model, new_value[chosen], which)
        predicted = np.zeros(len(chosen))
        for j, b in enumerate(model.coefficients):
            predicted = predicted + b * np.where(which == j, changed, grid[rows, j])
        predicted = model.intercept + predicted
        ok = present[rows] & ~np.isnan(predicted)
        moved = np.minimum(10.0, np.maximum(1.0, base[chosen, sub - 1] + predicted - before[rows]))
        after[chosen, sub - 1] = np.where(ok, moved, base[chosen, sub - 1])
    weights = weights_by_year().get(year)
    pci_before, pci_after = _total(base, weights), _total(after, weights)
    errors = np.full(len(data.codes), np.nan)
    if accuracy is not None and weights and accuracy.rmse:
        for k, touched in enumerate(touched_by_code):
            errors[k] = (
                math.sqrt(sum((weights[s - 1] / 10 * accuracy.rmse.get(s, 0.0)) ** 2 for s in touched))
                if touched
                else 0.0
            )
    error = errors[code] if len(code) else np.zeros(0)
    return WhatIfEach(
        province, code, after, pci_before, pci_after, error,
        _ranks_among_others(pci_before, data.published, province),
        _ranks_among_others(pci_after, data.published, province),
        _ranks_among_others(pci_after + error, data.published, province),
        _ranks_among_others(pci_after - error, data.published, province),
    )  # fmt: skip


def what_if_all(models: dict[int, SubIndexModel], data: YearArrays, new_values: np.ndarray, year: int,
                accuracy: Accuracy | None) -> WhatIfEach:  # fmt: skip
    """Every province, every indicator: scenario i * len(codes) + k sets indicator k of province i to
    `new_values[i, k]`, the others unchanged."""
    provinces, codes = new_values.shape
    return what_if_each(
        models, data, np.repeat(np.arange(provinces), codes), np.tile(np.arange(codes), provinces),
        new_values.reshape(-1), year, accuracy,
    )  # fmt: skip
