"""Recognise seed phrases in every BIP39 wordlist, however they were pasted.

Words are compared without case or accents (NFKD, combining marks dropped: French and
Spanish lists are unique without them), split on anything that is not a letter (spaces,
`, ; / | - _ . + 、 ，`, numbered lines), Chinese one character per word (with or
without spaces), Japanese and Korean also when the words were run together.

Refused: twelve or more wordlist words in a row; a mostly-wordlist text of 12 to 48
words (a phrase with typos or a few words of chatter); and any input made only of
wordlist words (a phrase cut into lines, or part of one): those are never echoed.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from txdoctor.core.secretmatch import SecretMatch
from txdoctor.messages import Term

# The official BIP39 lists, plus the two other lists the reference package ships.
LANGUAGES = (
    "english",
    "chinese_simplified",
    "chinese_traditional",
    "japanese",
    "korean",
    "spanish",
    "french",
    "italian",
    "czech",
    "portuguese",
    "russian",
    "turkish",
)
_BIP39_COUNTS = frozenset((12, 15, 18, 21, 24))
# Letters, with the combining marks NFKD splits off accented letters and voiced kana.
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u3099\u309a])+")
_LETTER_DIGIT = re.compile(r"[^\W\d_]\d|\d[^\W\d_]")
_MAX_TOKENS = 5000  # a seed phrase is 24 words: the start of a long text is enough


@dataclass(frozen=True)
class _Lists:
    masks: dict[str, int]  # loose word key → bit set of the languages that hold it
    index: tuple[dict[str, int], ...]  # per language: exact then loose key → word index
    longest: int  # longest loose key, for splitting run-together words


def _exact(word: str) -> str:
    return word.lower() if word.isascii() else unicodedata.normalize("NFKD", word).casefold()


def _loose(word: str) -> str:
    exact = _exact(word)
    return exact if exact.isascii() else "".join(c for c in exact if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1)
def _lists() -> _Lists:
    from mnemonic import Mnemonic

    masks: dict[str, int] = {}
    index: list[dict[str, int]] = []
    for bit, language in enumerate(LANGUAGES):
        table: dict[str, int] = {}
        words = Mnemonic(language).wordlist
        exact = [_exact_fast(w) for w in words]  # each form once: this runs on every start-up
        for i, loose in enumerate(_loose_of_exact(e) for e in exact):
            table.setdefault(loose, i)
            masks[loose] = masks.get(loose, 0) | (1 << bit)
        for i, e in enumerate(exact):
            table[e] = i
        index.append(table)
    return _Lists(masks, tuple(index), max(len(k) for k in masks))


def _exact_fast(word: str) -> str:
    """_exact(word); an ASCII word is its own NFKD form."""
    return word.casefold() if word.isascii() else _exact(word)


def _loose_of_exact(exact: str) -> str:
    """_loose of a word from its _exact form; ASCII has no combining marks."""
    return exact if exact.isascii() else "".join(c for c in exact if not unicodedata.combining(c))


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF


def _bare(text: str) -> str:
    """``text`` without format characters (zero-width, BOM, bidi); ASCII has none."""
    return text if text.isascii() else "".join(c for c in text if unicodedata.category(c) != "Cf")


def tokens(text: str) -> list[str]:
    """The words of ``text``: exact (NFKD, case-folded) forms, Chinese split per character."""
    lists = _lists()
    bare = _bare(text)
    out: list[str] = []
    for m in _WORD.finditer(_exact(bare)):
        word = m.group()
        if _loose(word) in lists.masks:
            out.append(word)
        elif any(_is_han(c) for c in word):
            out.extend(word)
        elif not word.isascii():
            out.extend(_split_run_together(word, lists))
        else:
            out.append(word)
        if len(out) >= _MAX_TOKENS:
            break
    return out


def _split_run_together(word: str, lists: _Lists) -> list[str]:
    """Japanese or Korean words written without spaces: the split into wordlist words
    that uses the fewest words, or the word itself when there is none."""
    if len(word) > 400:
        return [word]
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - lists.longest), end):
            prev = best[start]
            piece = word[start:end]
            if prev is not None and _loose(piece) in lists.masks:
                cand = [*prev, piece]
                current = best[end]
                if current is None or len(cand) < len(current):
                    best[end] = cand
    found = best[len(word)]
    return found if found and len(found) > 1 else [word]


# Consecutive words of one wordlist that are never echoed, whatever surrounds them: half
# of the shortest phrase. Six common English words in a row from the 2,048 of BIP39 are
# rare in a support message, and a false alarm only hides an input that is invalid anyway.
_MIN_RUN = 6


def _worth_a_look(text: str) -> bool:
    """Cheap, before the wordlists are loaded (~45 ms): only words, or enough runs that
    could be seed words to make ``_MIN_RUN`` of them. A run is counted as tokens() will
    see it: an ASCII one only when its first three letters start some wordlist word
    (txdoctor.core.seedprefixes), a non-ASCII one as many words as it has letters (it may
    split into that many). Without ``_MIN_RUN`` such runs no wordlist can match, so this
    never skips a text that find_seed_phrase would refuse. An address or a txid has none."""
    if _only_words(text):
        return True
    form = _exact(_bare(text))
    prefixes = _prefixes()
    could = 0
    for run in _WORD.findall(form):
        could += (len(run) >= 3 and run[:3] in prefixes) if run.isascii() else len(run)
        if could >= _MIN_RUN:
            return True
    return False


@functools.lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    from txdoctor.core.seedprefixes import PREFIXES

    return frozenset(PREFIXES.split())


def ascii_prefixes() -> frozenset[str]:
    """What txdoctor.core.seedprefixes holds, from the wordlists (its test and generator)."""
    return frozenset(k[:3] for k in _lists().masks if k.isascii())


def _generate() -> str:
    """The source of txdoctor/core/seedprefixes.py (``python -m txdoctor.core.seedwords``)."""
    import textwrap

    body = textwrap.fill(" ".join(sorted(ascii_prefixes())), 88)
    doc = (__import__("txdoctor.core.seedprefixes", fromlist=["_"]).__doc__ or "").strip()
    return f'"""{doc}\n"""\n\nPREFIXES = """\n{body}\n"""\n'


def find_seed_phrase(text: str) -> SecretMatch | None:
    if not _worth_a_look(text):
        return None
    words = tokens(text)
    if not words:
        return None
    lists = _lists()
    masks = [lists.masks.get(_loose(w), 0) for w in words]
    part_of_one = False
    for bit in range(len(LANGUAGES)):
        flags = [bool(m >> bit & 1) for m in masks]
        known = sum(flags)
        if known == len(words) and len(words) < 12 and _only_words(text):
            return SecretMatch("seed_words", Term("secret.seed_words"), certain=False)
        longest = _longest_run(flags)
        if longest >= 12 or (known >= 12 and len(words) <= 48 and known >= 0.75 * len(words)):
            return _phrase_match(words, flags, lists.index[bit])
        part_of_one = part_of_one or longest >= _MIN_RUN
    if part_of_one:
        # Part of a phrase among other words ("my words: abandon ability …"): not a phrase
        # to refuse, but never echoed either (INPUT_SEED_WORDS). Checked after every
        # wordlist had its chance to see a whole phrase.
        return SecretMatch("seed_words", Term("secret.seed_words"), certain=False)
    return None


def _phrase_match(words: list[str], flags: list[bool], index: dict[str, int]) -> SecretMatch:
    """Certain when some 12-24 consecutive words pass the BIP39 checksum."""
    start = 0
    while start < len(words):
        if not flags[start]:
            start += 1
            continue
        end = start
        while end < len(flags) and flags[end]:
            end += 1
        run = words[start:end]
        for count in sorted(_BIP39_COUNTS, reverse=True):
            for i in range(min(len(run) - count + 1, 64)):
                if i >= 0 and _checksum_ok(run[i : i + count], index):
                    return SecretMatch("seed_phrase", Term("secret.bip39_phrase", count=count), True)
        start = end
    known = sum(flags)
    count = len(words) if len(words) <= 48 else known
    if known == len(words) and count in _BIP39_COUNTS:
        return SecretMatch("seed_phrase", Term("secret.bip39_phrase", count=count), certain=False)
    return SecretMatch("seed_phrase", Term("secret.seed_phrase", count=count), certain=False)


def _only_words(text: str) -> bool:
    """Nothing but words, punctuation and short numbers (``1. abandon``): not a txid or
    an address, whose letters come mixed with digits."""
    if _LETTER_DIGIT.search(text):
        return False  # letters and digits mixed, as in an address or a txid
    rest = _WORD.sub(" ", _exact(text))
    return all(len(run) <= 2 for run in re.findall(r"\d+", rest)) and not re.search(r"[^\W\d_]", rest)


def _longest_run(flags: list[bool]) -> int:
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


def _checksum_ok(words: list[str], index: dict[str, int]) -> bool:
    """BIP39: the last bits of the word indices are the start of SHA-256(entropy)."""
    try:
        numbers = [index[w] if w in index else index[_loose(w)] for w in words]
    except KeyError:
        return False
    bits = "".join(f"{n:011b}" for n in numbers)
    entropy_bits = len(bits) * 32 // 33
    entropy = int(bits[:entropy_bits], 2).to_bytes(entropy_bits // 8, "big")
    digest = int.from_bytes(hashlib.sha256(entropy).digest(), "big")
    check_bits = len(bits) - entropy_bits
    return int(bits[entropy_bits:], 2) == digest >> (256 - check_bits)


if __name__ == "__main__":
    from pathlib import Path

    Path(__file__).with_name("seedprefixes.py").write_text(_generate())
