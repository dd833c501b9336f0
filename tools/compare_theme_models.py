"""Compare the book's keyword rule with a supervised model on the same labelled units and the same folds.

    pip install scikit-learn && python tools/compare_theme_models.py

Both are fitted on the other folds' reports and scored out of fold (analysis.evaluation.report_folds). The
supervised model is a logistic regression per theme (balanced classes) on character 1–3-grams (TF-IDF) of the
unit and its headings, with the log counts of the key terms; each theme's probability threshold is chosen on
the training reports alone (an inner grouped split) as the lowest that keeps its precision at the rule's
target. The book keeps the rule unless the model does better (the methods appendix says which)."""
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from govreports.analysis import evaluation as ev

ROOT = Path(__file__).resolve().parents[1]
GRID = np.round(np.arange(0.3, 0.96, 0.05), 2)


def _model(docs, counts, gold, train, test):
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
    x_train = sp.hstack([vec.fit_transform(docs[train]), sp.csr_matrix(counts[train])]).tocsr()
    x_test = sp.hstack([vec.transform(docs[test]), sp.csr_matrix(counts[test])]).tocsr()
    out = np.zeros((len(test), gold.shape[1]))
    for k in range(gold.shape[1]):
        if gold[train, k].sum() >= 2:
            m = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000).fit(x_train, gold[train, k])
            out[:, k] = m.predict_proba(x_test)[:, 1]
    return out


def main() -> None:
    units = ev.theme_units(ev.Gold.in_folder(ROOT, ROOT / "seeds"))
    docs = units.table["text"].to_numpy()
    counts = np.log1p(units.evidence.reshape(len(docs), -1))
    gold, fold = units.gold, ev.report_folds(units.table["report"])
    model = np.zeros_like(gold)
    for k in range(ev.FOLDS):
        train, test = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        inner_fold = ev.report_folds(units.table["report"].iloc[train], 4)
        inner = np.zeros((len(train), gold.shape[1]))
        for j in range(4):
            inner[inner_fold == j] = _model(docs, counts, gold, train[inner_fold != j], train[inner_fold == j])
        chosen = [GRID[ev._best([inner[:, t] >= g for g in GRID], gold[train, t])] for t in range(gold.shape[1])]
        model[test] = _model(docs, counts, gold, train, test) >= np.array(chosen)[None, :]
    for name, found in (("keyword rule (the book)", ev.theme_scores.__wrapped__(ev.Gold.in_folder(ROOT, ROOT / "seeds"))),
                        ("logistic regression", ev.agreement(model, gold))):
        print(f"== {name}\n{found[['labels', 'taken', 'precision', 'recall', 'f1']].to_string()}\n")


if __name__ == "__main__":
    main()
