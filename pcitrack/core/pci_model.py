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
# one indicator of one province, what `what_if` gives for each, over arrays. The two round differently (Python's
# sum() compensates rounding, the arrays skip the terms that cancel), so they differ in the last bits, far below
# 1e-9 points; tests/core/test_pci_model_arrays.py compares them on random data.


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


def _rescaled(values: np.ndarray, lows: np.ndarray, highs: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """`SubIndexModel.rescale` element by element, each value with its indicator's range and direction."""
    flat = highs == lows
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (values - lows) / np.where(flat, 1.0, highs - lows)
    share = np.where(directions < 0, 1 - share, share)
    return np.where(flat, 5.5, 1 + 9 * np.minimum(np.maximum(share, 0.0), 1.0))


@dataclass
class _Terms:
    """Every (model, indicator) term of the models as flat arrays, models one after another."""

    sub: np.ndarray  # the term's sub-index
    column: np.ndarray  # its indicator's column in the data (-1: the data lacks it)
    lows: np.ndarray
    highs: np.ndarray
    directions: np.ndarray
    coefficients: np.ndarray
    starts: np.ndarray  # where each model's terms start
    complete: np.ndarray  # per model: the data has every indicator of it

    @classmethod
    def of(cls, models: dict[int, SubIndexModel], codes: list[str]) -> _Terms:
        position = {c: k for k, c in enumerate(codes)}
        ordered = [models[s] for s in sorted(models)]
        columns = [position.get(c, -1) for m in ordered for c in m.codes]
        return cls(
            np.array([m.sub_index for m in ordered for _ in m.codes], dtype=np.intp),
            np.array(columns, dtype=np.intp),
            np.array([x for m in ordered for x in m.lows], dtype=float),
            np.array([x for m in ordered for x in m.highs], dtype=float),
            np.array([x for m in ordered for x in m.directions], dtype=float),
            np.array([x for m in ordered for x in m.coefficients], dtype=float),
            np.cumsum([0] + [len(m.codes) for m in ordered[:-1]]).astype(np.intp),
            np.array([all(position.get(c, -1) >= 0 for c in m.codes) for m in ordered], dtype=bool),
        )


def _total(subindices: np.ndarray, weights) -> np.ndarray:
    """`total_score` over the last axis: the weighted sum of the ten scores, divided by 10 (NaN when one is)."""
    if weights is None:
        return np.full(subindices.shape[:-1], np.nan)
    return subindices @ np.array(weights, dtype=float) / 10


def _ranks_among_others(scores: np.ndarray, published: np.ndarray, ordered: np.ndarray, own: np.ndarray) -> np.ndarray:
    """1 + how many other provinces' published PCI is above each score (-1 for a NaN score); `ordered` is the
    published totals sorted, `own` each score's province, left out of its own comparison."""
    safe = np.where(np.isnan(scores), 0.0, scores)
    above = len(ordered) - np.searchsorted(ordered, safe, side="right")
    mine = published[own]
    above -= (~np.isnan(mine)) & (mine > safe)
    return np.where(np.isnan(scores), -1, 1 + above)


def what_if_each(models: dict[int, SubIndexModel], data: YearArrays, province: np.ndarray, code: np.ndarray,
                 new_value: np.ndarray, year: int, accuracy: Accuracy | None) -> WhatIfEach:  # fmt: skip
    """For each n, `what_if(models, values of data.provinces[province[n]], its sub-indices,
    {data.codes[code[n]]: new_value[n]}, year, the other provinces' published PCI, accuracy)`, all at once.

    A change of one indicator moves its sub-index by coefficient × (rescaled new value − rescaled old value): the
    scalar model's prediction after minus before, without the terms that cancel.
    """
    province, code = np.asarray(province, dtype=np.intp), np.asarray(code, dtype=np.intp)
    new_value = np.asarray(new_value, dtype=float)
    base = data.subindices[province]  # (N, 10)
    after = base.copy()
    terms = _Terms.of(models, data.codes)
    known = terms.column >= 0
    # each indicator's terms: an indicator is in one model, rarely in several
    by_code: list[list[int]] = [[] for _ in data.codes]
    for t in np.nonzero(known)[0]:
        by_code[terms.column[t]].append(int(t))
    if len(terms.sub) and len(province):
        # the rescaled values of every province for every term, and whether each province can be predicted by
        # each model (it has every indicator of it)
        values = np.where(known, data.values[:, np.where(known, terms.column, 0)], np.nan)  # (P, T)
        rescaled_values = _rescaled(values, terms.lows, terms.highs, terms.directions)
        missing = np.logical_or.reduceat(np.isnan(values), terms.starts, axis=1)
        predictable = ~missing & terms.complete  # (P, models)
        model_of_term = np.repeat(np.arange(len(terms.starts)), np.diff(np.append(terms.starts, len(terms.sub))))
        for layer in range(max((len(ts) for ts in by_code), default=0)):
            term_of_code = np.array([ts[layer] if len(ts) > layer else -1 for ts in by_code], dtype=np.intp)
            chosen = np.nonzero(term_of_code[code] >= 0)[0]
            term, rows = term_of_code[code[chosen]], province[chosen]
            changed = _rescaled(new_value[chosen], terms.lows[term], terms.highs[term], terms.directions[term])
            delta = terms.coefficients[term] * (changed - rescaled_values[rows, term])
            column = terms.sub[term] - 1
            current = base[chosen, column]
            ok = predictable[rows, model_of_term[term]] & ~np.isnan(changed)
            after[chosen, column] = np.where(ok, np.minimum(10.0, np.maximum(1.0, current + delta)), current)
    weights = weights_by_year().get(year)
    pci_before, pci_after = _total(base, weights), _total(after, weights)
    errors = np.full(len(data.codes), np.nan)
    if accuracy is not None and weights and accuracy.rmse:
        for k, ts in enumerate(by_code):
            touched = [int(terms.sub[t]) for t in ts]
            errors[k] = (
                math.sqrt(sum((weights[s - 1] / 10 * accuracy.rmse.get(s, 0.0)) ** 2 for s in touched))
                if touched
                else 0.0
            )
    error = errors[code] if len(code) else np.zeros(0)
    ordered = np.sort(data.published[~np.isnan(data.published)])
    return WhatIfEach(
        province, code, after, pci_before, pci_after, error,
        _ranks_among_others(pci_before, data.published, ordered, province),
        _ranks_among_others(pci_after, data.published, ordered, province),
        _ranks_among_others(pci_after + error, data.published, ordered, province),
        _ranks_among_others(pci_after - error, data.published, ordered, province),
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
