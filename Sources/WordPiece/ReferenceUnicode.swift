/// What the reference tokenizer's tables say about one scalar.
struct ScalarTraits: OptionSet, Sendable {
    let rawValue: UInt8

    /// Dropped by text cleaning (Cc, Cf, Co; tab, LF and CR excepted).
    static let other = ScalarTraits(rawValue: 1 << 0)
    static let whitespace = ScalarTraits(rawValue: 1 << 1)
    static let punctuation = ScalarTraits(rawValue: 1 << 2)
    static let nonspacingMark = ScalarTraits(rawValue: 1 << 3)
    /// In the CJK ideograph ranges the reference surrounds with spaces.
    static let chinese = ScalarTraits(rawValue: 1 << 4)
    /// Has a canonical decomposition in the table (Hangul syllables are not flagged).
    static let decomposes = ScalarTraits(rawValue: 1 << 5)
}

/// Unicode as the reference tokenizer sees it.
///
/// `tokenizers` classifies characters with Unicode 8.0 tables and decomposes them with
/// Unicode 9.0 tables, while the Swift standard library is much newer; characters assigned or
/// recategorised since then would tokenize differently with Swift's own properties. The tables
/// live in ReferenceUnicodeTables.swift; this type turns them into fast lookups, built once.
/// Lower-casing is the exception: the reference uses Rust's current `char::to_lowercase`,
/// which matches Swift's `lowercaseMapping`.
struct ReferenceUnicode: Sendable {
    static let shared = ReferenceUnicode()

    /// Traits of every BMP scalar, indexed by scalar value.
    private let bmp: [UInt8]
    /// Above the BMP: traits are `upperTraits[i]` from `upperStarts[i]` up to the next start.
    private let upperStarts: [UInt32]
    private let upperTraits: [UInt8]
    private let decompositionRanges: [UInt32: Range<Int>]
    private let decompositionScalars: [UInt32]

    /// The CJK ranges of `tokenizers`' BertNormalizer (`is_chinese_char`). They leave out
    /// U+2B820...U+2B91F, which Python BERT includes; the reference is the Rust list.
    static let chineseRanges: [ClosedRange<UInt32>] = [
        0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
        0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F,
    ]

    private static let hangulFirst: UInt32 = 0xAC00
    private static let hangulCount: UInt32 = 11_172

    init() {
        var ranges: [(ClosedRange<UInt32>, ScalarTraits)] = []
        func add(_ flat: [UInt32], _ traits: ScalarTraits) {
            var i = 0
            while i + 1 < flat.count {
                ranges.append((flat[i]...flat[i + 1], traits))
                i += 2
            }
        }
        add(ReferenceUnicodeTables.other, .other)
        add(ReferenceUnicodeTables.whitespace, .whitespace)
        add(ReferenceUnicodeTables.punctuation, .punctuation)
        add(ReferenceUnicodeTables.nonspacingMarks, .nonspacingMark)
        for range in Self.chineseRanges {
            ranges.append((range, .chinese))
        }

        var index: [UInt32: Range<Int>] = [:]
        var scalars: [UInt32] = []
        let table = ReferenceUnicodeTables.decompositions
        var i = 0
        while i + 1 < table.count {
            let scalar = table[i]
            let count = Int(table[i + 1])
            let start = i + 2
            let end = min(start + count, table.count)
            index[scalar] = scalars.count..<(scalars.count + end - start)
            scalars.append(contentsOf: table[start..<end])
            ranges.append((scalar...scalar, .decomposes))
            i = end
        }
        decompositionRanges = index
        decompositionScalars = scalars

        var bmp = [UInt8](repeating: 0, count: 0x10000)
        // Sweep the ranges above the BMP into one interval list.
        var events: [(position: UInt32, bit: UInt8, delta: Int)] = []
        for (range, traits) in ranges {
            if range.lowerBound < 0x10000 {
                for scalar in range.lowerBound...min(range.upperBound, 0xFFFF) {
                    bmp[Int(scalar)] |= traits.rawValue
                }
            }
            if range.upperBound >= 0x10000 {
                events.append((max(range.lowerBound, 0x10000), traits.rawValue, 1))
                events.append((range.upperBound + 1, traits.rawValue, -1))
            }
        }
        self.bmp = bmp

        events.sort { $0.position < $1.position }
        var counts = [Int](repeating: 0, count: 8)
        var starts: [UInt32] = [0x10000]
        var traits: [UInt8] = [0]
        var e = 0
        while e < events.count {
            let position = events[e].position
            while e < events.count && events[e].position == position {
                let bit = events[e].bit.trailingZeroBitCount
                counts[bit] += events[e].delta
                e += 1
            }
            var value: UInt8 = 0
            for bit in 0..<8 where counts[bit] > 0 {
                value |= 1 << UInt8(bit)
            }
            if let last = starts.last, last == position {
                traits[traits.count - 1] = value
            } else if traits.last != value {
                starts.append(position)
                traits.append(value)
            }
        }
        upperStarts = starts
        upperTraits = traits
    }

    @inline(__always)
    func traits(_ scalar: UInt32) -> ScalarTraits {
        if scalar < 0x10000 {
            return ScalarTraits(rawValue: bmp[Int(scalar)])
        }
        // Last start <= scalar; upperStarts[0] is 0x10000, so one always exists.
        var low = 0
        var high = upperStarts.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if upperStarts[mid] <= scalar {
                low = mid
            } else {
                high = mid
            }
        }
        return ScalarTraits(rawValue: upperTraits[low])
    }

    /// Appends the full canonical decomposition of `scalar` (itself when it has none).
    @inline(__always)
    func appendDecomposition(of scalar: UInt32, traits: ScalarTraits, to output: inout [UInt32]) {
        if traits.contains(.decomposes), let range = decompositionRanges[scalar] {
            output.append(contentsOf: decompositionScalars[range])
            return
        }
        let s = scalar &- Self.hangulFirst
        if s < Self.hangulCount {
            // Unicode §3.12 conjoining jamo: L V, or L V T.
            output.append(0x1100 + s / 588)
            output.append(0x1161 + (s % 588) / 28)
            if s % 28 != 0 {
                output.append(0x11A7 + s % 28)
            }
            return
        }
        output.append(scalar)
    }

    /// Canonical combining class as of Unicode 9.0. Classes never change once assigned, so
    /// Swift's value holds for scalars that existed then; later ones were unassigned (class 0).
    @inline(__always)
    func combiningClass(_ scalar: UInt32) -> UInt8 {
        guard scalar >= 0x300, let unicodeScalar = Unicode.Scalar(scalar) else { return 0 }
        let properties = unicodeScalar.properties
        guard let age = properties.age, age.major < 9 || (age.major == 9 && age.minor == 0) else {
            return 0
        }
        return properties.canonicalCombiningClass.rawValue
    }
}
