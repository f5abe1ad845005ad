#!/usr/bin/env python3
"""Checks the hand-written lexicon files and the language-ID fixture against their format.

A quick check for whoever edits lexicons/<lang>/ by hand; `opine lexicon check` is the
authority. Checks:
  lexicon.tsv        header, column count, lower-case terms, stem syntax (`word*`), valence
                     in [-4, 4], part of speech, exact and accent-folded duplicates (with
                     different valences they are conflicts), entries a stem already covers,
                     stems too short to be safe (unless the note says "short stem on purpose").
  modifiers.tsv      header, kind, weight sign per kind, duplicates, terms also in lexicon.tsv
                     or caught by one of its stems.
  function-words.txt 100-200 words, one lower-case word per line, duplicates.
  langid.tsv         header, two columns, known language, 4-40 words, duplicates, at least
                     55 texts per language.

Usage: scripts/check_lexicon_files.py [LANG ...]   (default: es fr de pt it)
Exit status 1 when any error is found; warnings alone exit 0.
"""

import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEXICONS = ROOT / "lexicons"
LANGID = ROOT / "Tests" / "LexiconsTests" / "Fixtures" / "langid.tsv"

LEXICON_HEADER = ["term", "valence", "pos", "note"]
MODIFIERS_HEADER = ["term", "kind", "weight"]
POS = {"", "adj", "noun", "verb", "adv", "phrase", "interj"}
KINDS = {"negator", "booster", "dampener", "contrast"}
LANGID_LANGS = {"en", "es", "fr", "de", "pt", "it"}
MIN_STEM = 4  # letters before `*`; shorter stems catch unrelated words


class Report:
    def __init__(self):
        self.errors = 0
        self.warnings = 0

    def error(self, path, line, message):
        self.errors += 1
        print(f"error: {path.relative_to(ROOT)}:{line}: {message}")

    def warn(self, path, line, message):
        self.warnings += 1
        print(f"warning: {path.relative_to(ROOT)}:{line}: {message}")


def is_comment(line):
    """Same rule as the Swift reader: `#` then space, tab, `#` or end; or `#` without a tab."""
    if line.strip(" \t") == "":
        return True
    if not line.startswith("#"):
        return False
    rest = line[1:]
    if rest == "" or rest[0] in " \t#":
        return True
    return "\t" not in line


def fold(text, lang):
    """The library's loose key: German spells out umlauts, the others drop accents."""
    text = unicodedata.normalize("NFC", text.lower()).replace("\u2019", "'")
    if lang == "de":
        for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
            text = text.replace(a, b)
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def read_rows(path, header, report):
    """(line number, fields) for each data row; checks the header and UTF-8."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        report.error(path, 0, f"not UTF-8: {err}")
        return []
    rows = []
    saw_header = False
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if is_comment(line):
            continue
        fields = line.split("\t")
        if not saw_header:
            saw_header = True
            if fields != header:
                report.error(path, number, f"header must be {'<TAB>'.join(header)}, found {line!r}")
                return []
            continue
        while len(fields) > len(header) and fields[-1] == "":
            fields.pop()
        if len(fields) < 2 or len(fields) > len(header):
            report.error(path, number, f"expected 2 to {len(header)} tab-separated columns, found {len(fields)}")
            continue
        fields += [""] * (len(header) - len(fields))
        rows.append((number, fields))
    if not saw_header:
        report.error(path, 0, "missing header")
    return rows


def check_term(path, number, term, report, allow_prefix_star=False):
    if term == "" or term != term.strip() or "  " in term:
        report.error(path, number, f"term {term!r} is empty or has stray spaces")
        return False
    if term != term.lower():
        report.error(path, number, f"term {term!r} must be lower case")
        return False
    body = term[1:] if allow_prefix_star and term.startswith("*") else term
    if "*" in body[:-1]:
        report.error(path, number, f"term {term!r}: `*` only at the end of a word")
        return False
    if body.endswith("*") and (len(body) < 2 or not body[-2].isalnum()):
        report.error(path, number, f"term {term!r}: `*` must follow a letter or digit")
        return False
    return True


def check_lexicon(lang, report):
    path = LEXICONS / lang / "lexicon.tsv"
    if not path.exists():
        report.error(path, 0, "missing")
        return {}
    entries = {}  # folded term -> (line, term, valence)
    for number, (term, valence_text, pos, note) in read_rows(path, LEXICON_HEADER, report):
        if not check_term(path, number, term, report):
            continue
        try:
            valence = float(valence_text)
        except ValueError:
            report.error(path, number, f"valence {valence_text!r} is not a number")
            continue
        if not -4 <= valence <= 4:
            report.error(path, number, f"valence {valence} is outside [-4, 4]")
            continue
        if pos not in POS:
            report.error(path, number, f"part of speech {pos!r} is not one of {sorted(POS - {''})}")
        if term.endswith("*") and len(term) - 1 < MIN_STEM and "short stem on purpose" not in note:
            report.warn(path, number, f"stem {term!r} is shorter than {MIN_STEM} letters")
        key = fold(term, lang)
        if key in entries:
            first_line, first_term, first_valence = entries[key]
            kind = "duplicate" if first_valence == valence else "conflicting entry"
            same = "" if first_term == term else f" (same as {first_term!r} once accents are ignored)"
            report.error(path, number, f"{kind} {term!r}{same}; first on line {first_line}")
            continue
        entries[key] = (number, term, valence)
    stems = [(key[:-1], line, term) for key, (line, term, _v) in entries.items() if key.endswith("*")]
    for key, (line, term, _v) in entries.items():
        if " " in key:
            continue
        probe = key[:-1] if key.endswith("*") else key
        for stem, stem_line, stem_term in stems:
            if stem_term != term and probe.startswith(stem):
                report.warn(path, line, f"{term!r} is already covered by {stem_term!r} (line {stem_line})")
    return entries


def check_modifiers(lang, lexicon, report):
    path = LEXICONS / lang / "modifiers.tsv"
    if not path.exists():
        report.error(path, 0, "missing")
        return Counter()
    seen = {}
    kinds = Counter()
    for number, (term, kind, weight_text) in read_rows(path, MODIFIERS_HEADER, report):
        if not check_term(path, number, term, report, allow_prefix_star=True):
            continue
        if kind not in KINDS:
            report.error(path, number, f"kind {kind!r} is not one of {sorted(KINDS)}")
            continue
        if weight_text != "":
            try:
                weight = float(weight_text)
            except ValueError:
                report.error(path, number, f"weight {weight_text!r} is not a number")
                continue
            ok = {"negator": -2 <= weight <= 0, "booster": 0 < weight <= 4,
                  "dampener": -4 <= weight < 0, "contrast": 0 < weight <= 4}[kind]
            if not ok:
                report.error(path, number, f"weight {weight} is not allowed for a {kind}")
                continue
        elif kind != "negator":
            report.warn(path, number, f"{kind} {term!r} has no weight; the default applies")
        key = fold(term, lang)
        if key in seen:
            report.error(path, number, f"duplicate modifier {term!r}; first on line {seen[key]}")
            continue
        seen[key] = number
        kinds[kind] += 1
        if key in lexicon:
            report.warn(path, number, f"{term!r} is also in lexicon.tsv (line {lexicon[key][0]})")
        for stem_key, (stem_line, stem_term, _v) in lexicon.items():
            if stem_key.endswith("*") and " " not in key and key.startswith(stem_key[:-1]):
                report.warn(path, number, f"{term!r} is also caught by lexicon stem {stem_term!r} (line {stem_line})")
    return kinds


def check_function_words(lang, report):
    path = LEXICONS / lang / "function-words.txt"
    if not path.exists():
        report.error(path, 0, "missing")
        return 0
    seen = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if is_comment(line):
            continue
        word = line.strip(" \t")
        if any(c.isspace() for c in word) or word != word.lower():
            report.error(path, number, f"{word!r}: one lower-case word per line")
            continue
        if word in seen:
            report.error(path, number, f"duplicate {word!r}; first on line {seen[word]}")
            continue
        seen[word] = number
    if not 100 <= len(seen) <= 200:
        report.error(path, 0, f"{len(seen)} words; expected 100 to 200")
    return len(seen)


def check_langid(report):
    if not LANGID.exists():
        report.error(LANGID, 0, "missing")
        return Counter()
    counts = Counter()
    seen = {}
    lines = LANGID.read_text(encoding="utf-8").split("\n")
    if not lines or lines[0] != "lang\ttext":
        report.error(LANGID, 1, "header must be lang<TAB>text")
        return counts
    for number, line in enumerate(lines[1:], start=2):
        if line == "":
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            report.error(LANGID, number, f"expected 2 columns, found {len(fields)}")
            continue
        lang, text = fields
        if lang not in LANGID_LANGS:
            report.error(LANGID, number, f"language {lang!r} is not one of {sorted(LANGID_LANGS)}")
            continue
        if text != text.strip() or text == "":
            report.error(LANGID, number, "text is empty or has stray spaces")
            continue
        words = len(text.split())
        if not 4 <= words <= 40:
            report.error(LANGID, number, f"{words} words; expected 4 to 40")
        if text in seen:
            report.error(LANGID, number, f"duplicate text; first on line {seen[text]}")
            continue
        seen[text] = number
        counts[lang] += 1
    for lang in sorted(LANGID_LANGS):
        if counts[lang] < 55:
            report.error(LANGID, 0, f"{counts[lang]} texts for {lang}; expected at least 55")
    return counts


def main(argv):
    langs = argv[1:] or ["es", "fr", "de", "pt", "it"]
    report = Report()
    print(f"{'lang':<5} {'lexicon':>8} {'stems':>6} {'phrases':>8} {'neg':>4} {'boost':>6} "
          f"{'damp':>5} {'contr':>6} {'fwords':>7}")
    rows = []
    for lang in langs:
        lexicon = check_lexicon(lang, report)
        kinds = check_modifiers(lang, lexicon, report)
        words = check_function_words(lang, report)
        stems = sum(1 for key in lexicon if key.endswith("*"))
        phrases = sum(1 for key in lexicon if " " in key)
        rows.append(f"{lang:<5} {len(lexicon):>8} {stems:>6} {phrases:>8} {kinds['negator']:>4} "
                    f"{kinds['booster']:>6} {kinds['dampener']:>5} {kinds['contrast']:>6} {words:>7}")
    counts = check_langid(report)
    print("\n".join(rows))
    print("langid.tsv: " + ", ".join(f"{lang} {counts[lang]}" for lang in sorted(LANGID_LANGS))
          + f" (total {sum(counts.values())})")
    print(f"{report.errors} error(s), {report.warnings} warning(s)")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
