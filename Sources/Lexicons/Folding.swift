import Foundation

/// How a language lets a word match a lexicon entry written with different accents.
public enum LooseMatching: String, Sendable, Hashable {
    /// Accents must match exactly.
    case none
    /// Marks are ignored: `pelicula` finds `película`, `tres` finds `très`.
    case ignoreMarks
    /// German: umlauts and ß match their two-letter spellings (`schoen` finds `schön`), but
    /// `schon` never finds `schön` — they are different words.
    case germanDigraphs
}

/// Lookup keys: the same function folds lexicon terms and text tokens, so they meet.
enum Folding {
    /// Lower case, typographic apostrophes as `'`, final sigma as sigma.
    static func key(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var ascii = true
        for scalar in scalars where !scalar.isASCII {
            ascii = false
            break
        }
        if ascii {
            return String(unsafeUninitializedCapacity: scalars.count) { buffer in
                for (offset, scalar) in scalars.enumerated() {
                    var byte = UInt8(truncatingIfNeeded: scalar.value)
                    if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                    buffer[offset] = byte
                }
                return scalars.count
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return normalizedPunctuation(String(view).lowercased())
    }

    /// `key` for a whole string (used for lexicon terms).
    static func key(_ text: String) -> String {
        key(ArraySlice(Array(text.unicodeScalars)))
    }

    /// Apostrophe variants become `'`; final sigma becomes sigma; tatweel disappears.
    static func normalizedPunctuation(_ text: String) -> String {
        var changed = false
        for scalar in text.unicodeScalars where isApostrophe(scalar) && scalar != "'" || scalar == "ς" || scalar == "\u{0640}" {
            changed = true
            break
        }
        guard changed else { return text }
        var view = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\u{0640}" { continue }
            if isApostrophe(scalar) { view.append("'") } else if scalar == "ς" { view.append("σ") } else {
                view.append(scalar)
            }
        }
        return String(view)
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x27, 0x2019, 0x2018, 0x02BC, 0x00B4, 0xFF07: return true
        default: return false
        }
    }

    /// The loose form of a key, or the key itself when it has nothing to loosen.
    static func loose(_ key: String, _ mode: LooseMatching) -> String {
        switch mode {
        case .none:
            return key
        case .ignoreMarks:
            guard key.utf8.contains(where: { $0 >= 0x80 }) else { return key }
            var view = String.UnicodeScalarView()
            for scalar in key.decomposedStringWithCanonicalMapping.unicodeScalars {
                if scalar.properties.generalCategory == .nonspacingMark { continue }
                view.append(scalar)
            }
            return String(view)
        case .germanDigraphs:
            guard key.utf8.contains(where: { $0 >= 0x80 }) else { return key }
            var out = ""
            for character in key {
                switch character {
                case "ä": out += "ae"
                case "ö": out += "oe"
                case "ü": out += "ue"
                case "ß": out += "ss"
                default: out.append(character)
                }
            }
            return out
        }
    }
}
