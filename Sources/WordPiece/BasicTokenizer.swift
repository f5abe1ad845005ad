/// BERT's basic tokenizer: `tokenizers`' BertNormalizer followed by its BertPreTokenizer.
///
/// Normalization, in the reference's order: drop NUL, U+FFFD and control/format characters and
/// turn every whitespace character into a space; put spaces around CJK ideographs; when
/// stripping accents, decompose canonically (NFD) and drop nonspacing marks (Mn); lower-case.
/// Pre-tokenization then splits on whitespace and isolates every punctuation character.
public struct BasicTokenizer: Sendable {
    public struct Options: Sendable, Equatable {
        /// Drop control characters and normalize whitespace (`clean_text`).
        public var cleanText: Bool
        /// Split CJK ideographs into single characters (`tokenize_chinese_chars`).
        public var handleChineseCharacters: Bool
        /// `nil` follows `lowercase`, as BERT does.
        public var stripAccents: Bool?
        public var lowercase: Bool

        public init(
            cleanText: Bool = true,
            handleChineseCharacters: Bool = true,
            stripAccents: Bool? = nil,
            lowercase: Bool = true
        ) {
            self.cleanText = cleanText
            self.handleChineseCharacters = handleChineseCharacters
            self.stripAccents = stripAccents
            self.lowercase = lowercase
        }

        var stripsAccents: Bool { stripAccents ?? lowercase }
    }

    public let options: Options
    private let unicode = ReferenceUnicode.shared

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The words of `text` after normalization, as the reference pre-tokenizer gives them.
    public func tokenize(_ text: String) -> [String] {
        let scalars = Self.scalars(of: text)
        var normalized: [UInt32] = []
        var scratch: [UInt32] = []
        normalize(scalars[...], into: &normalized, scratch: &scratch)
        var words: [String] = []
        forEachWord(in: normalized, 0..<normalized.count) { range in
            words.append(Self.string(from: normalized[range]))
            return true
        }
        return words
    }

    /// The normalized text (BertNormalizer only), for inspection.
    public func normalize(_ text: String) -> String {
        let scalars = Self.scalars(of: text)
        var normalized: [UInt32] = []
        var scratch: [UInt32] = []
        normalize(scalars[...], into: &normalized, scratch: &scratch)
        return Self.string(from: normalized[...])
    }

    // MARK: - Hot path

    /// Appends the normalized form of `input` to `output`; `scratch` is reused between calls.
    func normalize(_ input: ArraySlice<UInt32>, into output: inout [UInt32], scratch: inout [UInt32]) {
        let strip = options.stripsAccents
        let clean = options.cleanText
        let chinese = options.handleChineseCharacters

        // Clean, pad ideographs and (when stripping) decompose, into scratch.
        scratch.removeAll(keepingCapacity: true)
        scratch.reserveCapacity(input.count)
        var mayNeedReordering = false
        for scalar in input {
            if scalar < 0x80 {
                if clean {
                    if scalar == 0x09 || scalar == 0x0A || scalar == 0x0D {
                        scratch.append(0x20)
                        continue
                    }
                    if scalar < 0x20 || scalar == 0x7F {
                        continue
                    }
                }
                scratch.append(scalar)
                continue
            }
            let traits = unicode.traits(scalar)
            if clean {
                if scalar == 0xFFFD || traits.contains(.other) {
                    continue
                }
                if traits.contains(.whitespace) {
                    scratch.append(0x20)
                    continue
                }
            }
            let padded = chinese && traits.contains(.chinese)
            if padded {
                scratch.append(0x20)
            }
            if strip {
                let before = scratch.count
                unicode.appendDecomposition(of: scalar, traits: traits, to: &scratch)
                if !mayNeedReordering {
                    for index in before..<scratch.count where unicode.combiningClass(scratch[index]) != 0 {
                        mayNeedReordering = true
                        break
                    }
                }
            } else {
                scratch.append(scalar)
            }
            if padded {
                scratch.append(0x20)
            }
        }

        if mayNeedReordering {
            reorderCanonically(&scratch)
        }

        // Drop nonspacing marks (when stripping) and lower-case, into output.
        output.reserveCapacity(output.count + scratch.count)
        let lowercase = options.lowercase
        for scalar in scratch {
            if scalar < 0x80 {
                if lowercase && scalar >= 0x41 && scalar <= 0x5A {
                    output.append(scalar + 0x20)
                } else {
                    output.append(scalar)
                }
                continue
            }
            if strip && unicode.traits(scalar).contains(.nonspacingMark) {
                continue
            }
            if lowercase {
                appendLowercased(scalar, to: &output)
            } else {
                output.append(scalar)
            }
        }
    }

    /// Calls `body` with the range of each word of `buffer[range]`: runs split on whitespace,
    /// each punctuation character a word of its own. Stops when `body` returns false.
    func forEachWord(in buffer: [UInt32], _ range: Range<Int>, _ body: (Range<Int>) -> Bool) {
        var start = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            let scalar = buffer[index]
            let traits: ScalarTraits
            if scalar < 0x80 {
                traits = Self.asciiTraits[Int(scalar)]
            } else {
                traits = unicode.traits(scalar)
            }
            if traits.contains(.whitespace) {
                if start < index, !body(start..<index) { return }
                start = index + 1
            } else if traits.contains(.punctuation) {
                if start < index, !body(start..<index) { return }
                if !body(index..<(index + 1)) { return }
                start = index + 1
            }
            index += 1
        }
        if start < range.upperBound {
            _ = body(start..<range.upperBound)
        }
    }

    // MARK: - Helpers

    private static let asciiTraits: [ScalarTraits] = (0..<128).map { ReferenceUnicode.shared.traits(UInt32($0)) }

    /// Sorts each run of non-starters by combining class, stably (Unicode canonical ordering).
    private func reorderCanonically(_ scalars: inout [UInt32]) {
        var index = 1
        while index < scalars.count {
            let scalar = scalars[index]
            let ccc = unicode.combiningClass(scalar)
            if ccc != 0 {
                var position = index
                while position > 0 {
                    let previous = unicode.combiningClass(scalars[position - 1])
                    if previous <= ccc { break }
                    scalars[position] = scalars[position - 1]
                    position -= 1
                }
                scalars[position] = scalar
            }
            index += 1
        }
    }

    @inline(__always)
    private func appendLowercased(_ scalar: UInt32, to output: inout [UInt32]) {
        guard let unicodeScalar = Unicode.Scalar(scalar) else {
            output.append(scalar)
            return
        }
        let properties = unicodeScalar.properties
        // Full (one-to-many) mapping, without context, like Rust's char::to_lowercase.
        if properties.changesWhenLowercased {
            for lowered in properties.lowercaseMapping.unicodeScalars {
                output.append(lowered.value)
            }
        } else {
            output.append(scalar)
        }
    }

    static func scalars(of text: String) -> [UInt32] {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            scalars.append(scalar.value)
        }
        return scalars
    }

    static func string(from scalars: ArraySlice<UInt32>) -> String {
        var view = String.UnicodeScalarView()
        for value in scalars {
            if let scalar = Unicode.Scalar(value) {
                view.append(scalar)
            }
        }
        return String(view)
    }
}
