"""Fit the confidence model on the tuning halves of the dev files; write data/confidence.csv.

    python benchmarks/confidence.py [--gold-dir ../shared/benchmarks]

Every asserted event the coder finds in the tuning half of each gold file is labelled 1 when its
(source, target, type) matches a gold event of the story and 0 when it matches none (events that
only match an optional or hypothetical gold event are left out). A logistic regression over the
features of ``bilateral.extract.confidence`` is fitted on them; the default threshold is the one
that maximises F1 over the tuning halves. The held halves are not used here: RESULTS.md shows
how the model does on them (benchmarks/accuracy.py).
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from bilateral import Coder
from bilateral.evaluate import UNSCORED_CONTEXT, load_gold, score
from bilateral.export import event_to_plover
from bilateral.model import Article

ROOT = Path(__file__).resolve().parent.parent
FILES = ("news_dev.jsonl", "news_dev2.jsonl", "plover_gsr_en.jsonl")


def labelled_events(stories, coder):
    """(event, label) for every asserted event of ``stories``; label None when unscored."""
    out = []
    articles = [Article(id=s.id, text=s.text, date=s.pub_date, lang=s.lang or None, source=s.id) for s in stories]
    by_id = {s.id: s for s in stories}
    for event in coder.code(articles):
        if UNSCORED_CONTEXT & set(event.context):
            continue
        story = by_id[event.story_id]
        triples = [(a.code[:3], r.code[:3], event.event) for a in event.actor for r in event.recipient]
        required = [g for g in story.events if not g.optional]
        if any(g.accepts(t) for g in required for t in triples):
            out.append((event, 1))
        elif not any(g.accepts(t) for g in story.events for t in triples):
            out.append((event, 0))
    return out


def best_threshold(groups, model) -> float:
    """The threshold that maximises micro-F1 over ``groups`` [(stories, events)]."""
    candidates = sorted({0.0} | {round(model(e.features), 3) for _, events in groups for e in events})
    best, best_f1 = 0.0, -1.0
    for t in candidates:
        tp = fp = fn = 0
        for stories, events in groups:
            records = [event_to_plover(e) for e in events if model(e.features) >= t]
            c = score(stories, records).overall
            tp, fp, fn = tp + c.tp, fp + c.fp, fn + c.fn
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = t, f1
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold-dir", default=str(ROOT.parent / "shared" / "benchmarks"))
    parser.add_argument("--out", default=str(ROOT / "src" / "bilateral" / "data" / "confidence.csv"))
    parser.add_argument("--c", type=float, help="inverse regularisation strength (default: chosen by 5-fold "
                                                 "cross-validation of the log-loss on the tuning events)")
    args = parser.parse_args()
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression, LogisticRegressionCV

    from bilateral.extract.confidence import ConfidenceModel

    coder = Coder(today=date(2025, 10, 15))
    groups, rows = [], []
    for name in FILES:
        path = Path(args.gold_dir) / name
        if not path.exists():
            print(f"{path} is missing: skipped")
            continue
        stories = [s for s in load_gold(path) if s.half == "tune"]
        labelled = labelled_events(stories, coder)
        rows += labelled
        articles = [Article(id=s.id, text=s.text, date=s.pub_date, lang=s.lang or None) for s in stories]
        groups.append((stories, list(coder.code(articles))))
        print(f"{name}: {len(stories)} tuning stories, {len(labelled)} labelled events "
              f"({sum(l for _, l in labelled)} right)")
    if not rows:
        print("no gold files: nothing fitted")
        return 0
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([{f: 1 for f in e.features} for e, _ in rows])
    y = [label for _, label in rows]
    if args.c is None:
        # few labelled events: let the tuning data choose how strongly to shrink the weights
        chooser = LogisticRegressionCV(Cs=[0.03, 0.1, 0.3, 1.0, 3.0], cv=5, scoring="neg_log_loss", max_iter=2000)
        args.c = float(chooser.fit(x, y).C_[0])
    fit = LogisticRegression(C=args.c, max_iter=2000).fit(x, y)
    weights = {name: float(w) for name, w in zip(vectorizer.get_feature_names_out(), fit.coef_[0])}
    model = ConfidenceModel(weights, float(fit.intercept_[0]), 0.0, "fit")
    threshold = best_threshold(groups, model)
    today = date.today().isoformat()
    lines = [
        "# lexicon: confidence",
        f"# version: 1.{today.replace('-', '')}.0",
        "# description: weights of the logistic model that turns how an event was read into the probability "
        "that an analyst would code it; (bias) is the intercept, (threshold) the default --min-confidence",
        f"# provenance: fitted by benchmarks/confidence.py on {today} on the tuning halves of "
        f"{', '.join(FILES)} ({len(rows)} labelled events, C={args.c}); the threshold maximises F1 there",
        "feature,weight",
        f"(bias),{model.bias:.4f}",
        f"(threshold),{threshold:.3f}",
        *[f"{name},{w:.4f}" for name, w in sorted(weights.items())],
    ]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(weights)} weights, threshold {threshold:.3f}: written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
