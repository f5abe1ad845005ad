/// The writing system of a letter. The standard library has no Script property, so the
/// blocks that matter for segmentation and language identification are listed here.
public enum Script: String, Sendable, Hashable, CaseIterable {
    case latin, greek, cyrillic, armenian, hebrew, arabic, devanagari, bengali, tamil
    case thai, lao, khmer, myanmar, georgian, hangul, hiragana, katakana, han, ethiopic
    /// A letter of a script not listed above.
    case otherLetters
    /// Not a letter: digits, punctuation, symbols, emoji, spaces.
    case common

    /// Scripts written without spaces between words; runs are split by longest lexicon match,
    /// else one character per token.
    public var isScriptioContinua: Bool {
        switch self {
        case .han, .hiragana, .katakana, .thai, .lao, .khmer, .myanmar: return true
        default: return false
        }
    }

    /// The script of one scalar. Marks (accents, harakat) report the block they live in;
    /// callers attach them to the preceding letter.
    public static func of(_ scalar: Unicode.Scalar) -> Script {
        let v = scalar.value
        if v < 0x80 {
            let isLetter = (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
            return isLetter ? .latin : .common
        }
        switch v {
        case 0x00C0...0x024F, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xAB30...0xAB6F, 0xFF21...0xFF3A,
             0xFF41...0xFF5A:
            return v == 0xD7 || v == 0xF7 ? .common : .latin
        case 0x00AA, 0x00BA, 0x0250...0x02AF:
            return .latin
        case 0x0370...0x03FF, 0x1F00...0x1FFF:
            return v == 0x037E || v == 0x0387 ? .common : .greek
        case 0x0400...0x052F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F:
            return .cyrillic
        case 0x0530...0x058F:
            return .armenian
        case 0x0590...0x05FF, 0xFB1D...0xFB4F:
            return .hebrew
        case 0x0600...0x06FF, 0x0750...0x077F, 0x0870...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF:
            return isArabicPunctuationOrDigit(v) ? .common : .arabic
        case 0x0900...0x097F, 0xA8E0...0xA8FF:
            return v == 0x0964 || v == 0x0965 ? .common : .devanagari
        case 0x0980...0x09FF:
            return .bengali
        case 0x0B80...0x0BFF:
            return .tamil
        case 0x0E00...0x0E7F:
            return .thai
        case 0x0E80...0x0EFF:
            return .lao
        case 0x1000...0x109F:
            return .myanmar
        case 0x10A0...0x10FF, 0x2D00...0x2D2F:
            return .georgian
        case 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xAC00...0xD7AF, 0xD7B0...0xD7FF:
            return .hangul
        case 0x1200...0x139F:
            return .ethiopic
        case 0x1780...0x17FF:
            return .khmer
        case 0x3040...0x309F:
            return .hiragana
        case 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F:
            return v == 0x30FB ? .common : .katakana
        case 0x3005, 0x3007, 0x3021...0x3029, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF:
            return .han
        default:
            let category = scalar.properties.generalCategory
            switch category {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
                return .otherLetters
            default:
                return .common
            }
        }
    }

    private static func isArabicPunctuationOrDigit(_ v: UInt32) -> Bool {
        switch v {
        case 0x060C, 0x061B, 0x061F, 0x06D4, 0x066A...0x066D, 0x0660...0x0669, 0x06F0...0x06F9: return true
        default: return false
        }
    }
}
