"""Word segmentation: jieba with the genre's dictionary, protected slogans, a disk cache.

- A dedicated ``jieba.Tokenizer`` (not jieba's global one), silent, with its prefix-dictionary cache
  in the project's build folder (``_build/.cache``; ``GOVREPORTS_CACHE`` overrides).
- The domain dictionary ``data/domain_terms.txt`` is loaded into it.
- jieba cuts text into blocks at every character outside ``[\\u4E00-\\u9FD5a-zA-Z0-9+#&._%-]``, so a
  dictionary entry such as 双随机、一公开 can never come out whole. Protected terms are therefore
  matched on the raw text first and emitted as one token; only the text between them goes to jieba.
  Protected terms are the dictionary entries that hold such characters, plus every short quoted
  expression (“放管服”, “双随机、一公开”) and short document title (《民法典》) of the text itself.
- HMM is off: on the seeds, HMM=True invents words out of domain phrases (see ``bench/hmm.py``).
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from functools import cache, lru_cache

import jieba

from ..cache import cache_dir, versioned_folder, write_entry
from ..parse.gazetteer import trie_pattern
from ..resources import data_path

HMM = False
JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")
QUOTED = re.compile(r"[“\"「『]([^“”\"「」『』\n]{2,16})[”\"」』]")
TITLED = re.compile(r"《([^《》\n]{2,15})》")
# What a term between quotes must look like: Chinese, with at most a 、 or + inside, no sentence.
TERM_SHAPE = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z+＋、·]+$")


@cache
def dictionary_terms() -> tuple[str, ...]:
    """The entries of the domain dictionary (read once per process)."""
    return tuple(ln.split()[0] for ln in data_path("domain_terms.txt").read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.startswith("#"))


@cache
def _dictionary_protected() -> frozenset[str]:
    """Dictionary entries that jieba cannot produce whole (they hold characters outside its blocks)."""
    return frozenset(t for t in dictionary_terms() if not JIEBA_BLOCK.fullmatch(t))


def dictionary_signature(extra: tuple[str, ...] = ()) -> str:
    """A hash of everything that changes segmentation: dictionary file, extra terms, HMM, jieba version."""
    h = hashlib.sha256(data_path("domain_terms.txt").read_bytes())
    h.update("\n".join(sorted(extra)).encode())
    h.update(f"HMM={HMM};jieba={jieba.__version__}".encode())
    return h.hexdigest()[:16]


@cache
def tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.tmp_dir = str(cache_dir())
    for term in dictionary_terms():
        if JIEBA_BLOCK.fullmatch(term):
            tok.add_word(term)
    return tok


def _kept(name: str, valid, make):
    """JSON ``make()`` made from jieba's dictionary, kept on disk per :func:`dictionary_signature` and read back while
    ``valid`` says it is whole; made again (and kept when the cache folder can be made) otherwise."""
    try:
        path = versioned_folder("jieba", dictionary_signature(), root=cache_dir()) / name
    except OSError:  # no cache folder can be made: made again in each process
        path = None
    try:
        kept = json.loads(path.read_text(encoding="utf-8")) if path is not None else None
        if valid(kept):
            return kept
    except (OSError, ValueError):
        pass
    made = make()
    if path is not None:
        write_entry(path, json.dumps(made, ensure_ascii=False).encode("utf-8"))
    return made


@cache
def two_character_verbs() -> frozenset[str]:
    """jieba's two-character words tagged as verbs (``v…``), kept on disk: reading jieba's tag table takes about a
    second in every process that needs it."""
    def make() -> list[str]:
        from jieba import posseg  # here: importing it reads jieba's tag dictionary, which only this needs

        return sorted(w for w, tag in posseg.POSTokenizer(tokenizer()).word_tag_tab.items()
                      if tag.startswith("v") and len(w) == 2)

    return frozenset(_kept("two_character_verbs.json",
                           lambda v: isinstance(v, list) and all(isinstance(w, str) and len(w) == 2 for w in v), make))


def _frequencies_valid(terms: list[str]):
    """Whether a kept list holds [term, frequency] for exactly ``terms``, in their order."""
    def valid(v) -> bool:
        return isinstance(v, list) and [p[0] if isinstance(p, list) and len(p) == 2 else None for p in v] == terms \
            and all(isinstance(p[1], int) and not isinstance(p[1], bool) for p in v)

    return valid


def _digest(items) -> str:
    return hashlib.sha256("\n".join(items).encode("utf-8", "surrogatepass")).hexdigest()[:16]


@cache
def domain_frequencies() -> tuple[tuple[str, int], ...]:
    """Each domain term jieba can hold, in the dictionary's order, with the frequency :func:`tokenizer` gives it,
    kept on disk: jieba-rs needs only these, and reading jieba's own dictionary for them took half a second in every
    process that segments."""
    terms = [t for t in dictionary_terms() if JIEBA_BLOCK.fullmatch(t)]

    def make() -> list[list]:
        tok = tokenizer()
        tok.check_initialized()
        return [[t, tok.FREQ[t]] for t in terms]

    return tuple((t, f) for t, f in _kept("domain_frequencies.json", _frequencies_valid(terms), make))


@lru_cache(maxsize=8)
def word_frequencies(words: frozenset[str]) -> tuple[tuple[str, int], ...]:
    """``words`` (sorted) with the frequency jieba-rs is given for each when it is added as a word (a reader's
    concepts): jieba's own, or the one that makes jieba cut it whole (``suggest_freq``), whichever is higher. Kept on
    disk per set of words, as :func:`domain_frequencies`."""
    ordered = sorted(words)

    def make() -> list[list]:
        tok = tokenizer()
        tok.check_initialized()
        return [[w, max(tok.FREQ.get(w, 0), tok.suggest_freq(w, False))] for w in ordered]

    return tuple((w, f) for w, f in _kept(f"word_frequencies-{_digest(ordered)}.json", _frequencies_valid(ordered),
                                          make))


@lru_cache(maxsize=8)
def dictionary_words(pattern: str) -> frozenset[str]:
    """The words of :func:`tokenizer`'s dictionary (jieba's and the domain terms, a frequency above 0) that
    ``pattern`` matches whole, kept on disk per pattern: asking jieba whether a word is in its dictionary loads it."""
    rx = re.compile(pattern)

    def make() -> list[str]:
        tok = tokenizer()
        tok.check_initialized()
        return sorted(w for w, f in tok.FREQ.items() if f and rx.fullmatch(w))

    return frozenset(_kept(f"dictionary_words-{_digest([pattern])}.json",
                           lambda v: isinstance(v, list) and all(isinstance(w, str) for w in v), make))


def _rjieba(words: frozenset[str]):
    """jieba-rs with the domain dictionary (at jieba's frequencies) and ``words``; None without rjieba."""
    try:
        import rjieba
    except ImportError:
        return None
    engine = rjieba.Jieba()
    for term, frequency in domain_frequencies():
        engine.add_word(term, frequency, None)
    for term, frequency in word_frequencies(words) if words else ():
        engine.add_word(term, frequency, None)
    return engine


@cache
def fast_engine():
    """jieba-rs (the ``rjieba`` binding) loaded with the same dictionary and word frequencies as
    :func:`tokenizer`: with HMM off its output is jieba's (the tests compare them on the corpus), about
    twenty times faster. None when rjieba is not installed; jieba is then used directly."""
    return _rjieba(frozenset())


@lru_cache(maxsize=4)
def engine_with(words: frozenset[str]):
    """A segmenter with the domain dictionary and ``words`` added as words (a reader's concepts): jieba-rs when
    installed, else jieba. Words that jieba cannot hold as one token (with spaces or symbols) are left out."""
    words = frozenset(w for w in words if JIEBA_BLOCK.fullmatch(w))
    fast = _rjieba(words) if fast_engine() is not None else None
    if fast is not None:
        return fast
    base = tokenizer()
    tok = jieba.Tokenizer()
    tok.tmp_dir = base.tmp_dir
    for term in (*dictionary_terms(), *words):
        if JIEBA_BLOCK.fullmatch(term):
            tok.add_word(term)
    return tok


def text_terms(text: str) -> set[str]:
    """Short quoted expressions and short document titles of a text: candidate terms."""
    found = {m.group(1) for rx in (QUOTED, TITLED) for m in rx.finditer(text)}
    return {t for t in found if TERM_SHAPE.match(t) and not t.isdigit()}


def _pattern(terms) -> re.Pattern | None:
    """Leftmost, then longest match of any term (as a trie: thousands of grown terms stay fast)."""
    return re.compile(trie_pattern(terms)) if terms else None


@lru_cache(maxsize=8)
def _protected_pattern(extra_terms: frozenset[str]) -> tuple[frozenset[str], re.Pattern | None]:
    """The terms always protected for a set of extra terms, and their pattern (compiled once per set)."""
    terms = _dictionary_protected() | extra_terms
    return terms, _pattern(terms)


def _protected_spans(text: str, extra_terms: frozenset[str]) -> list[tuple[int, int]]:
    """Leftmost-longest matches of the protected terms: the dictionary's, ``extra_terms`` and the text's own.

    The text's own terms (few, and new for every text) get a small pattern of their own; where its matches
    and the shared pattern's disagree, the earlier and then the longer wins, as in one alternation."""
    terms, rx = _protected_pattern(extra_terms)
    own = _pattern(text_terms(text) - terms)
    if own is None:
        return [m.span() for m in rx.finditer(text)] if rx else []
    # Each pattern's next match is kept while it still starts at or after ``pos``: searching again from
    # ``pos`` would find it again (no match of that pattern starts in between), and re-scanning the gap up
    # to a distant match after every match of the other pattern made a long span quadratic.
    spans, pos = [], 0
    patterns = [p for p in (rx, own) if p is not None]
    ahead: list = [p.search(text, 0) for p in patterns]  # None: no match left
    while True:
        for k, p in enumerate(patterns):
            if ahead[k] is not None and ahead[k].start() < pos:
                ahead[k] = p.search(text, pos)
        found = [m for m in ahead if m]
        if not found:
            return spans
        m = min(found, key=lambda m: (m.start(), -m.end()))
        spans.append(m.span())
        pos = m.end() if m.end() > m.start() else m.end() + 1


def cut_spans(text: str, extra_terms: frozenset[str] = frozenset(), engine: str = "fast",
              tok=None) -> list[tuple[int, int]]:
    """(start, end) of every token of ``text``, spaces included as tokens; they tile the text.

    ``engine``: "fast" (jieba-rs when installed) or "jieba" (the Python tokenizer, the reference); ``tok``: a
    segmenter of either kind with more words (a reader's concepts) instead."""
    tok = tok or (fast_engine() if engine == "fast" else None) or tokenizer()
    spans: list[tuple[int, int]] = []
    pos = 0
    for start, end in _protected_spans(text, extra_terms):
        _jieba_spans(tok, text, pos, start, spans)
        spans.append((start, end))
        pos = end
    _jieba_spans(tok, text, pos, len(text), spans)
    return spans


def _jieba_spans(tok, text: str, start: int, end: int, out: list) -> None:
    if start >= end:
        return
    if isinstance(tok, jieba.Tokenizer):
        pieces = tok.tokenize(text[start:end], HMM=HMM)
    else:
        pieces = tok.tokenize(text[start:end], "default", HMM)
    out.extend([(start + s, start + e) for _, s, e in pieces])


def cut(text: str) -> list[str]:
    """Tokens of ``text`` with the domain dictionary and protected slogans applied (before stopwords)."""
    return [text[s:e] for s, e in cut_spans(text) if not text[s:e].isspace()]
