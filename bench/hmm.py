"""Measure jieba's HMM setting on a corpus (default: seeds/): what HMM=True changes.

For HMM off and on, prints the number of tokens, the multi-character tokens found in no dictionary,
and the share of domain-term occurrences (longest match) that come out as exactly one token; then the
unknown words that only HMM=True produces.
Usage: python bench/hmm.py [FOLDER]
"""
import re
import sys

import govreports as gr
from govreports.analysis import segment


def main(folder=None):
    corpus = gr.load_corpus(folder)
    texts = [p.text for r in corpus.reports for p in r.paragraphs()]
    tok = segment.tokenizer()
    terms = segment.dictionary_terms()
    rx = re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))))
    unknown = {}
    for hmm in (False, True):
        segment.HMM = hmm
        spans = [set(segment.cut_spans(t)) for t in texts]
        tokens = [t[s:e] for t, sp in zip(texts, spans) for s, e in sp if not t[s:e].isspace()]
        occ = [(i, m.span()) for i, t in enumerate(texts) for m in rx.finditer(t)]
        whole = sum(span in spans[i] for i, span in occ)
        unknown[hmm] = {w for w in tokens if len(w) > 1 and not tok.FREQ.get(w) and not w.isascii()}
        print(f"HMM={hmm!s:5}  tokens={len(tokens):6}  unknown multi-character tokens={len(unknown[hmm]):4}  "
              f"domain terms whole={whole}/{len(occ)} ({whole / len(occ):.1%})")
    only = sorted(unknown[True] - unknown[False])
    print(f"unknown words only HMM=True makes ({len(only)}):", " ".join(only[:40]))
    segment.HMM = False


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
