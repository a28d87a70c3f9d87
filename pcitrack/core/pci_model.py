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
