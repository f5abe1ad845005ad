#!/usr/bin/env python3
"""Reference data for the WordPiece target, from Hugging Face's own tokenizer.

Writes two files:

  Tests/WordPieceTests/Fixtures/tokenizer_cases.json
      Tricky inputs with the input_ids that `transformers.AutoTokenizer` (backed by the Rust
      `tokenizers` library) gives for all-MiniLM-L6-v2, called as sentence-transformers calls
      it (truncation to max_seq_length = 256, [CLS] ... [SEP]); plus, for every Unicode code
      point c, an FNV-1a hash per block of 4096 code points of what the reference normalizer
      and pre-tokenizer make of "a" + c + "b", for several normalizer settings.

  Sources/WordPiece/ReferenceUnicodeTables.swift
      The Unicode tables the reference uses, read off the reference itself: `tokenizers`
      classifies characters with the `unicode_categories` crate (Unicode 8.0) and decomposes
      them with `unicode-normalization-alignments` (Unicode 9.0), while Swift's standard library
      carries a much newer Unicode. Matching the reference means using its tables.

Usage:
    pip install transformers tokenizers
    HF_HUB_OFFLINE=1 python3 scripts/make_tokenizer_fixture.py [--model-dir DIR]

The model directory defaults to $OPINE_MODEL_DIR, else ~/.cache/opine/models/all-MiniLM-L6-v2.
"""

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import tokenizers  # noqa: E402
import transformers  # noqa: E402
from tokenizers import normalizers, pre_tokenizers  # noqa: E402
from transformers import AutoTokenizer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "Tests/WordPieceTests/Fixtures/tokenizer_cases.json"
TABLES = ROOT / "Sources/WordPiece/ReferenceUnicodeTables.swift"

MAX_SEQ_LENGTH = 256  # sentence_bert_config.json of all-MiniLM-L6-v2
BLOCK = 4096  # code points per hash block of the scan
SCALAR_MAX = 0x110000
HANGUL_SYLLABLES = range(0xAC00, 0xD7A4)  # decomposed by algorithm, not by table

# ---------------------------------------------------------------------------
# Tricky inputs. Each is (name, text). Written out here, never sampled from data.
# ---------------------------------------------------------------------------

LONG_WORD = "pneumonoultramicroscopicsilicovolcanoconiosis" * 3  # 135 letters
WORD_100 = "a" * 100
WORD_101 = "a" * 101

CASES = [
    # Plain English and casing
    ("empty", ""),
    ("single space", " "),
    ("whitespace only", " \t\n\r  \u00a0\u3000"),
    ("simple sentence", "The movie was great!"),
    ("uppercase", "THIS IS LOUD"),
    ("mixed case", "iPhone McDonald's eBay"),
    ("sst style", "it 's a charming and often affecting journey . "),
    ("contractions", "don't can't won't I'm you're it's"),
    ("negation", "not bad, not good, never again"),
    ("subwords", "unbelievably tokenization embeddings"),
    ("numbers", "3.14159 1,000,000 42 007 1e-9 -5 +7"),
    ("ordinals and units", "1st 2nd 3rd 4th 10km 5kg 100% $20 €30 £40 ¥50"),
    ("dates and times", "2024-01-31T12:34:56Z 12/31/1999 23:59"),
    ("phone number", "+1 (555) 123-4567"),
    ("math", "E=mc^2 a+b=c x<y>z 2*3/4 ~approx ±0.5 ×÷"),
    # Punctuation
    ("repeated exclamation", "wow!!!!!!!!"),
    ("repeated question", "really????"),
    ("mixed punctuation", "what?!?! ...no... --- ___ ***"),
    ("ellipsis char", "wait… what…"),
    ("brackets", "(a) [b] {c} <d>"),
    ("quotes ascii", "\"quoted\" 'single' `back`"),
    ("quotes curly", "“curly” ‘single’ „low“ «guillemets» ‹single›"),
    ("dashes", "en–dash em—dash minus−sign hyphen‐char"),
    ("ascii symbols", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    ("inverted marks", "¡Hola! ¿Qué tal?"),
    ("cjk punctuation", "你好，世界。「引用」【括号】"),
    ("full width ascii", "ＡＢＣ ａｂｃ １２３ ！？"),
    ("apostrophes", "rock’n’roll l'amour O’Brien"),
    ("middle dot", "l·l catalan·word"),
    ("section and pilcrow", "§ 12 ¶ 3"),
    ("underscores", "snake_case_name __init__"),
    ("tilde and caret", "~home ^top"),
    # Web-ish
    ("url", "https://www.example.com/path?q=1&r=two#frag"),
    ("url with unicode", "http://例え.jp/パス?q=ü"),
    ("email", "john.doe+tag@example.co.uk"),
    ("hashtag", "#blessed #TBT #100DaysOfCode"),
    ("mention", "@user_name thanks!"),
    ("markdown", "**bold** _italic_ `code` [link](http://x.y)"),
    ("html", "<p class=\"x\">Hello&nbsp;world</p>"),
    ("file path", "C:\\Users\\me\\file.txt /usr/local/bin"),
    ("emoticons", ":) :-( ;-) :D <3 xD ^_^"),
    # Accents and Latin
    ("french accents", "café crème brûlée naïve à la façon"),
    ("german", "Straße Grüße Äpfel Öl Übermut"),
    ("spanish", "niño año señor mañana"),
    ("portuguese", "ação coração não"),
    ("polish", "Zażółć gęślą jaźń Łódź"),
    ("czech", "Příliš žluťoučký kůň úpěl ďábelské ódy"),
    ("turkish dotted I", "İstanbul ISTANBUL ıi İi"),
    ("vietnamese", "Tiếng Việt có dấu Hà Nội"),
    ("icelandic", "Þórður Ægir ðe"),
    ("ligatures", "ﬁnance ﬂower Æsir œuvre"),
    ("decomposed accents", "cafe\u0301 nai\u0308ve"),
    ("stacked combining marks", "e\u0301\u0302\u0323 o\u0308\u0304"),
    ("combining mark alone", "\u0301 \u0308x"),
    ("zalgo", "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319a\u0300\u0310\u0314l\u0352g\u0355o"),
    ("combining enclosing", "1\u20e3 a\u20dd"),
    ("angstrom and ohm", "\u212b \u2126 \u212a"),
    ("roman numerals", "Ⅻ ⅻ ⅰⅱ"),
    ("superscripts", "x² y³ H₂O ¹²³"),
    ("fractions", "½ ¼ ¾ ⅓"),
    ("long s and eszett", "ſ ẞ ß"),
    ("letterlike", "™ ℃ № ℡"),
    ("dotless and turkish", "ı İ ğ Ş ş"),
    # Greek and Cyrillic
    ("greek", "Καλημέρα κόσμε"),
    ("greek sigma", "ΟΔΟΣ Σίσυφος ς σ"),
    ("greek tonos", "ά έ ή ί ό ύ ώ ΐ ΰ"),
    ("greek question mark", "τι;\u037e"),
    ("cyrillic", "Привет, мир! Ёлка"),
    ("ukrainian", "Їжак ґанок Є"),
    ("serbian", "Ђорђе Љубав Њива"),
    ("cyrillic short i", "й Й ї"),
    # Semitic, right-to-left
    ("arabic", "مرحبا بالعالم"),
    ("arabic diacritics", "مَرْحَبًا"),
    ("arabic tatweel", "مـــرحبا"),
    ("arabic digits", "١٢٣ ۴۵۶"),
    ("arabic punctuation", "نعم، لا؛ ماذا؟"),
    ("persian zwnj", "می\u200cخواهم"),
    ("hebrew", "שלום עולם"),
    ("hebrew niqqud", "שָׁלוֹם"),
    ("rtl mark", "abc\u200fdef\u200e ghi"),
    ("bidi embedding", "\u202bשלום\u202c world \u2067x\u2069"),
    ("mixed rtl ltr", "I said שלום and مرحبا today"),
    # South and South-East Asian
    ("devanagari", "नमस्ते दुनिया"),
    ("devanagari conjuncts", "क्षत्रिय श्री"),
    ("hindi punctuation", "क्या हाल है। ठीक॥"),
    ("bengali", "আমি বাংলায় গান গাই"),
    ("tamil", "வணக்கம் உலகம்"),
    ("thai", "สวัสดีชาวโลก"),
    ("thai with spaces", "ภาษาไทย ง่าย มาก"),
    ("lao", "ສະບາຍດີ"),
    ("khmer", "សួស្តី"),
    ("myanmar", "မင်္ဂလာပါ"),
    ("sinhala", "ආයුබෝවන්"),
    ("tibetan", "བཀྲ་ཤིས་བདེ་ལེགས།"),
    # East Asian
    ("chinese simplified", "我爱自然语言处理"),
    ("chinese traditional", "臺灣繁體中文"),
    ("chinese with latin", "我用iPhone打电话"),
    ("chinese numbers", "二〇二四年3月"),
    ("cjk extension a", "\u3400\u4db5"),
    ("cjk extension b", "\U00020000\U0002a6d6"),
    ("cjk extension c d e", "\U0002a700\U0002b740\U0002b820\U0002b920"),
    ("cjk compatibility", "\uf900\uf901 \ufa0e"),
    ("cjk compatibility supplement", "\U0002f800\U0002f801"),
    ("cjk radicals", "⺀⼀⼆"),
    ("japanese hiragana", "こんにちは世界"),
    ("japanese katakana", "カタカナ テスト"),
    ("japanese mixed", "私はラーメンが大好きです。"),
    ("half width katakana", "ｶﾀｶﾅ ﾃｽﾄ"),
    ("kana voiced marks", "が ぱ か\u3099 は\u309a"),
    ("japanese long vowel", "コーヒー"),
    ("korean", "안녕하세요 세계"),
    ("korean mixed", "한국어와 English 혼합"),
    ("hangul jamo", "\u1100\u1161\u11a8 ㄱㄴㄷ"),
    ("ideographic space", "日本\u3000語"),
    ("ideographic iteration", "人々 時々"),
    # Emoji
    ("single emoji", "😀"),
    ("emoji in text", "I love it 😍😍😍"),
    ("emoji heart variants", "❤️ ❤ ♥ 💕"),
    ("emoji zwj family", "👨\u200d👩\u200d👧\u200d👦"),
    ("emoji zwj profession", "👩\u200d💻 🧑\u200d🚀"),
    ("emoji skin tones", "👍🏻 👍🏽 👍🏿"),
    ("emoji flags", "🇫🇷 🇯🇵 🇺🇸"),
    ("emoji subdivision flag", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"),
    ("emoji keycap", "#\ufe0f\u20e3 1\ufe0f\u20e3"),
    ("emoji newer", "🥲 🫠 🫶 🪿"),
    ("emoji glued to words", "great😀movie"),
    ("emoji with punctuation", "wow!!😂😂?!"),
    ("symbols", "★☆♪♫☺☹✓✗→←↑↓"),
    ("box drawing", "┌─┐│└─┘"),
    ("currency symbols", "₹ ₽ ₿ ₩ ₪ ¢"),
    ("math letters", "𝐀𝐁𝐂 𝕏 𝒜"),
    ("musical symbols", "𝄞𝅘𝅥𝅮"),
    ("ancient scripts", "𐤀𐤁 𓀀 𒀀"),
    # Control, format and odd whitespace
    ("nul", "a\x00b"),
    ("nul only", "\x00"),
    ("control chars", "a\x01b\x02c\x1bd\x7fe"),
    ("bell and backspace", "bell\x07back\x08space"),
    ("c1 controls", "a\x80b\x85c\x9fd"),
    ("tabs and newlines", "line1\nline2\r\nline3\tcol"),
    ("vertical tab form feed", "a\x0bb\x0cc"),
    ("file separators", "a\x1cb\x1dc\x1ed\x1fe"),
    ("replacement char", "bad\ufffdchar"),
    ("bom", "\ufeffhello"),
    ("zero width space", "zero\u200bwidth"),
    ("zero width joiner", "a\u200db\u200cc"),
    ("word joiner", "a\u2060b"),
    ("soft hyphen", "hy\u00adphen"),
    ("non breaking space", "non\u00a0breaking"),
    ("narrow nbsp", "10\u202f000"),
    ("en em spaces", "a\u2002b\u2003c\u2009d\u200ae"),
    ("ogham space", "a\u1680b"),
    ("line paragraph separators", "a\u2028b\u2029c"),
    ("mongolian vowel separator", "a\u180eb"),
    ("variation selectors", "a\ufe0fb\ufe0ec"),
    ("private use", "a\ue000b\U000f0000c"),
    ("tag characters", "a\U000e0041b"),
    ("interlinear annotation", "a\ufff9b\ufffac\ufffbd"),
    ("object replacement", "a\ufffcb"),
    ("noncharacters", "a\ufdd0b\uffffc"),
    ("unassigned", "a\u0378b\U000e0080c"),
    ("leading trailing spaces", "   padded text   "),
    ("many spaces", "a" + " " * 50 + "b"),
    # Newer Unicode where old and new tables disagree
    ("arabic end of text mark", "a\u061db"),
    ("bengali abbreviation", "a\u09fdb"),
    ("sharada sandhi mark", "a\U000111c9b"),
    ("hanunoo pamudpod", "a\u1734b"),
    ("canadian chi sign", "a\u166db"),
    ("arabic pound mark", "a\u0890b"),
    ("dives akuru o", "a\U00011938b"),
    ("cyrillic tje", "\u1c89\u1c8a"),
    ("latin new capitals", "\ua7cb\ua7cc\ua7dc"),
    # Long words and truncation
    ("word of 100 chars", WORD_100),
    ("word of 101 chars", WORD_101),
    ("very long word", LONG_WORD),
    ("very long word in sentence", "this is " + LONG_WORD + " indeed"),
    ("long word with accents", "é" * 101),
    ("long word of emoji", "😀" * 120),
    ("long cjk run", "中" * 120),
    ("no vocab match", "ꙮꙮꙮ"),
    ("partial vocab match", "xyzzyplugh"),
    ("chemical name", "methylenedioxymethamphetamine"),
    ("repeated letters", "soooooooo goooood"),
    ("alphanumeric mix", "abc123def456 v2.0.1 covid19"),
    ("hex and base64", "0xDEADBEEF SGVsbG8gd29ybGQ="),
    ("truncation long text", " ".join(["word"] * 300)),
    ("truncation inside word pieces", "x " * 253 + "unbelievably tokenization"),
    ("truncation cjk", "中文" * 200),
    ("truncation exactly fits", " ".join(["word"] * 254)),
    ("truncation one over", " ".join(["word"] * 255)),
    # Special tokens written in the text
    ("special tokens in text", "hello [MASK] world [SEP] again"),
    ("special tokens lowercase", "[cls] [mask] [unk]"),
    ("special tokens glued", "x[PAD]y[UNK]z"),
    ("special token only", "[CLS]"),
    ("special token broken", "[CL S] [SEP"),
    ("unused tokens in text", "[unused0] [unused1]"),
    ("continuation marker in text", "##ing ## #"),
    # Mixed scripts
    ("mixed scripts", "Hello мир 世界 مرحبا שלום नमस्ते 🌍"),
    ("mixed scripts glued", "abcабвαβγ"),
    ("homoglyphs", "pаypal (cyrillic a) Ρ vs P"),
    ("mixed cjk kana hangul", "漢字かなカナ한글"),
    ("code snippet", "for (int i = 0; i < n; ++i) { sum += a[i]; }"),
    ("json snippet", "{\"key\": [1, 2, null], \"k2\": true}"),
    ("review with everything", "Loved it!!! 10/10 would watch again 😍 #mustsee — café-style vibes, très bien."),
    ("sarcasm", "Oh great, *another* sequel. Just what we needed..."),
    ("spaced letters", "s p a c e d  o u t"),
    ("alternating case", "sArCaSm TeXt"),
    ("quotes inside words", "it\"s o'clock"),
    ("newline heavy", "\n\n\nfirst\n\n\nsecond\n\n\n"),
]


def model_dir_default():
    env = os.environ.get("OPINE_MODEL_DIR")
    if env:
        return Path(env)
    return Path.home() / ".cache/opine/models/all-MiniLM-L6-v2"


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fnv1a64(data, h=0xCBF29CE484222325):
    for byte in data:
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def compact_json(value, indent=""):
    """JSON with one case (or other leaf object) per line, so diffs stay readable."""
    inner = indent + "  "
    if isinstance(value, dict) and any(isinstance(v, (dict, list)) and v and
                                       any(isinstance(x, (dict, list)) for x in
                                           (v.values() if isinstance(v, dict) else v))
                                       for v in value.values()) or (
            isinstance(value, dict) and len(value) > 6):
        items = [f"{inner}{json.dumps(k)}: {compact_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
        items = [inner + json.dumps(x, ensure_ascii=True) for x in value]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=True)


def every_scalar():
    return (cp for cp in range(SCALAR_MAX) if not 0xD800 <= cp <= 0xDFFF)


# ---------------------------------------------------------------------------
# Code point scan: what the reference makes of "a" + c + "b" for every c.
# ---------------------------------------------------------------------------

SCAN_CONFIGS = {
    # name: BertNormalizer keyword arguments (clean_text and handle_chinese_chars on)
    "uncased": dict(lowercase=True, strip_accents=None),
    "cased": dict(lowercase=False, strip_accents=None),
    "lowercase_keep_accents": dict(lowercase=True, strip_accents=False),
    "strip_accents_keep_case": dict(lowercase=False, strip_accents=True),
}


def scan(config):
    normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, **config)
    pre = pre_tokenizers.BertPreTokenizer()
    hashes = []
    h = None
    for cp in range(SCALAR_MAX):
        if cp % BLOCK == 0:
            if h is not None:
                hashes.append(h)
            h = fnv1a64(b"")
        if 0xD800 <= cp <= 0xDFFF:
            continue
        words = [w for w, _ in pre.pre_tokenize_str(normalizer.normalize_str("a" + chr(cp) + "b"))]
        # U+0001 cannot survive the normalizer, so it is a safe separator.
        h = fnv1a64(("\x01".join(words) + "\n").encode("utf-8"), h)
    hashes.append(h)
    return ["%016x" % x for x in hashes]


# ---------------------------------------------------------------------------
# Unicode tables of the reference, read by probing its components.
# ---------------------------------------------------------------------------


def ranges(code_points):
    out = []
    for cp in sorted(code_points):
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def probe_tables():
    clean_only = normalizers.BertNormalizer(
        clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=False)
    strip_only = normalizers.BertNormalizer(
        clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
    nfd = normalizers.NFD()
    pre = pre_tokenizers.BertPreTokenizer()

    other, whitespace, punctuation, nonspacing = [], [], [], []
    decompositions = {}
    for cp in every_scalar():
        c = chr(cp)
        cleaned = clean_only.normalize_str(c)
        if cleaned == "" and cp not in (0, 0xFFFD):
            other.append(cp)
        # Whitespace as the pre-tokenizer splits it (Rust char::is_whitespace); the
        # normalizer's whitespace is the same set once control characters are gone.
        words = [w for w, _ in pre.pre_tokenize_str("a" + c + "b")]
        if words == ["a", "b"]:
            whitespace.append(cp)
        elif words == ["a", c, "b"]:
            punctuation.append(cp)
        decomposed = nfd.normalize_str(c)
        if decomposed != c:
            if cp not in HANGUL_SYLLABLES:
                decompositions[cp] = [ord(x) for x in decomposed]
        elif strip_only.normalize_str(c) == "":
            # Only characters that survive NFD unchanged can meet the Mn filter.
            nonspacing.append(cp)
    return dict(other=other, whitespace=whitespace, punctuation=punctuation,
                nonspacing=nonspacing, decompositions=decompositions)


def swift_array(name, doc, values, per_line=8):
    lines = [f"    /// {d}" for d in doc]
    lines.append(f"    static let {name}: [UInt32] = [")
    for i in range(0, len(values), per_line):
        chunk = ", ".join("0x%X" % v for v in values[i:i + per_line])
        lines.append(f"        {chunk},")
    lines.append("    ]")
    return "\n".join(lines)


def write_tables(tables):
    flat = lambda rs: [x for r in ranges(rs) for x in r]  # noqa: E731
    decomposition_values = []
    for cp in sorted(tables["decompositions"]):
        d = tables["decompositions"][cp]
        decomposition_values += [cp, len(d)] + d
    parts = [
        "// Generated by scripts/make_tokenizer_fixture.py from tokenizers "
        f"{tokenizers.__version__}. Do not edit by hand.",
        "//",
        "// The reference tokenizer classifies characters with the Rust crate `unicode_categories`",
        "// 0.1 (Unicode 8.0 tables) and decomposes them with `unicode-normalization-alignments` 0.1",
        "// (Unicode 9.0 tables). These are those tables, read off the reference by probing it.",
        "",
        "enum ReferenceUnicodeTables {",
        swift_array("other", [
            "Dropped by text cleaning: general category Cc, Cf or Co (tab, LF and CR excepted),",
            "as closed ranges [first, last, first, last, ...]."], flat(tables["other"])),
        "",
        swift_array("whitespace", [
            "Rust's `char::is_whitespace` (White_Space), as closed ranges."],
            flat(tables["whitespace"])),
        "",
        swift_array("punctuation", [
            "Isolated by the pre-tokenizer: ASCII punctuation or general category P*, as closed ranges."],
            flat(tables["punctuation"])),
        "",
        swift_array("nonspacingMarks", [
            "General category Mn among characters NFD leaves unchanged, as closed ranges."],
            flat(tables["nonspacing"])),
        "",
        swift_array("decompositions", [
            "Full canonical decompositions (Hangul syllables excepted, they follow an algorithm),",
            "as [code point, count, scalar, scalar, ...] records sorted by code point."],
            decomposition_values),
        "}",
        "",
    ]
    TABLES.parent.mkdir(parents=True, exist_ok=True)
    TABLES.write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {TABLES.relative_to(ROOT)}: {len(tables['other'])} other, "
          f"{len(tables['whitespace'])} whitespace, {len(tables['punctuation'])} punctuation, "
          f"{len(tables['nonspacing'])} Mn, {len(tables['decompositions'])} decompositions")


# ---------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model-dir", type=Path, default=model_dir_default())
    parser.add_argument("--skip-tables", action="store_true",
                        help="do not rewrite Sources/WordPiece/ReferenceUnicodeTables.swift")
    args = parser.parse_args()

    if not (args.model_dir / "vocab.txt").exists():
        sys.exit(f"no vocab.txt in {args.model_dir}; run scripts/fetch-model.sh or set OPINE_MODEL_DIR")

    names = [name for name, _ in CASES]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"duplicate case names: {duplicates}"
    assert len(CASES) >= 150, len(CASES)

    tokenizer = AutoTokenizer.from_pretrained(str(args.model_dir))
    normalizer = json.loads(tokenizer.backend_tokenizer.to_str())["normalizer"]

    cases = []
    for name, text in CASES:
        encoded = tokenizer(text, truncation=True, max_length=MAX_SEQ_LENGTH)
        ids = encoded["input_ids"]
        # sentence-transformers strips the text first; leading and trailing whitespace never
        # yields tokens, so the ids must not change.
        stripped = tokenizer(text.strip(), truncation=True, max_length=MAX_SEQ_LENGTH)["input_ids"]
        assert stripped == ids, name
        full = tokenizer(text, truncation=False)["input_ids"]
        cases.append({
            "name": name,
            "text": text,
            "input_ids": ids,
            "tokens": tokenizer.convert_ids_to_tokens(ids),
            "untruncated_length": len(full),
        })
    truncated = sum(1 for c in cases if c["untruncated_length"] > MAX_SEQ_LENGTH)

    print(f"scanning {len(SCAN_CONFIGS)} normalizer settings over all code points ...", flush=True)
    scans = {}
    for name, config in SCAN_CONFIGS.items():
        scans[name] = {
            "normalizer": dict(type="BertNormalizer", clean_text=True,
                               handle_chinese_chars=True, **config),
            "fnv1a64": scan(config),
        }

    fixture = {
        "generator": "scripts/make_tokenizer_fixture.py",
        "reference": "transformers.AutoTokenizer.from_pretrained(model_dir), tokenizers backend",
        "transformers_version": transformers.__version__,
        "tokenizers_version": tokenizers.__version__,
        "model": args.model_dir.name,
        "model_files_sha256": {
            f: sha256(args.model_dir / f)
            for f in ("vocab.txt", "tokenizer.json", "tokenizer_config.json", "sentence_bert_config.json")
            if (args.model_dir / f).exists()
        },
        "normalizer": normalizer,
        "call": (f"tokenizer(text, truncation=True, max_length={MAX_SEQ_LENGTH}) as "
                 "sentence-transformers does (it also strips the text; checked to change no ids)"),
        "max_length": MAX_SEQ_LENGTH,
        "truncated_cases": truncated,
        "cases": cases,
        "code_point_scan": {
            "about": ("for every Unicode scalar c, the reference BertNormalizer then BertPreTokenizer "
                      "on \"a\" + c + \"b\"; the words joined by U+0001 plus a newline, UTF-8, "
                      "hashed with FNV-1a 64 per block of code points (surrogates skipped)"),
            "block_size": BLOCK,
            "configs": scans,
        },
    }
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(compact_json(fixture) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE.relative_to(ROOT)}: {len(cases)} cases ({truncated} truncated), "
          f"transformers {transformers.__version__}, tokenizers {tokenizers.__version__}")

    if not args.skip_tables:
        write_tables(probe_tables())


if __name__ == "__main__":
    main()
