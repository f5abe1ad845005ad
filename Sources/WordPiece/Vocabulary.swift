/// A hash table from scalar sequences to ids, built once.
///
/// Keys compare scalar by scalar, like the reference's byte-wise `&str` keys, and unlike
/// `String ==`, which treats canonically equivalent spellings ("é" and "e\u{301}") as equal.
/// Lookups take an `ArraySlice` of the text being tokenized, so the greedy WordPiece loop
/// allocates nothing.
struct ScalarTable: Sendable {
    private struct Entry: Sendable {
        var offset: Int
        var count: Int
        var value: Int32
    }

    private var keys: [UInt32] = []
    private var entries: [Entry] = []
    /// Open addressing, linear probing: an index into `entries`, or -1.
    private var slots: [Int32]
    private var mask: Int

    init(minimumCapacity: Int) {
        var size = 16
        while size < minimumCapacity * 2 {
            size <<= 1
        }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { entries.count }

    /// Inserts `key`; when it is already present, keeps the old value and returns it.
    mutating func insert(_ key: ArraySlice<UInt32>, value: Int32) -> Int32? {
        var slot = Self.hash(key) & mask
        while true {
            let entryIndex = slots[slot]
            if entryIndex < 0 {
                break
            }
            if matches(entries[Int(entryIndex)], key) {
                return entries[Int(entryIndex)].value
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(entries.count)
        entries.append(Entry(offset: keys.count, count: key.count, value: value))
        keys.append(contentsOf: key)
        if entries.count * 2 > slots.count {
            grow()
        }
        return nil
    }

    @inline(__always)
    func value(for key: ArraySlice<UInt32>) -> Int32? {
        var slot = Self.hash(key) & mask
        while true {
            let entryIndex = slots[slot]
            if entryIndex < 0 {
                return nil
            }
            let entry = entries[Int(entryIndex)]
            if matches(entry, key) {
                return entry.value
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func matches(_ entry: Entry, _ key: ArraySlice<UInt32>) -> Bool {
        guard entry.count == key.count else { return false }
        var offset = entry.offset
        for scalar in key {
            if keys[offset] != scalar {
                return false
            }
            offset += 1
        }
        return true
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (index, entry) in entries.enumerated() {
            var slot = Self.hash(keys[entry.offset..<(entry.offset + entry.count)]) & mask
            while slots[slot] >= 0 {
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(index)
        }
    }

    /// FNV-1a over whole scalars, folded so the low bits (the slot) see the high ones.
    @inline(__always)
    private static func hash(_ key: ArraySlice<UInt32>) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for scalar in key {
            hash = (hash ^ UInt64(scalar)) &* 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}

/// The WordPiece vocabulary: tokens by id, and two lookup tables for the greedy match.
struct Vocabulary: Sendable {
    /// Token strings, indexed by id.
    let tokens: [String]
    /// Every token.
    private let wordStarts: ScalarTable
    /// Tokens that begin with the continuation prefix, keyed by what follows it, so looking up
    /// "##" + piece needs no concatenation.
    private let continuations: ScalarTable

    /// Builds the tables. `source` names the vocabulary in errors; a duplicate is reported with
    /// its 1-based line (= id + 1) and the line of its first occurrence.
    init(tokens: [String], continuingSubwordPrefix: String, source: String) throws(WordPieceError) {
        guard !tokens.isEmpty else { throw .emptyVocabulary(file: source) }
        let prefix = BasicTokenizer.scalars(of: continuingSubwordPrefix)
        var wordStarts = ScalarTable(minimumCapacity: tokens.count)
        var continuations = ScalarTable(minimumCapacity: tokens.count / 4)
        for (id, token) in tokens.enumerated() {
            let scalars = BasicTokenizer.scalars(of: token)
            if let first = wordStarts.insert(scalars[...], value: Int32(id)) {
                throw .duplicateToken(file: source, line: id + 1, token: token, firstLine: Int(first) + 1)
            }
            if !prefix.isEmpty, scalars.count > prefix.count, scalars.starts(with: prefix) {
                _ = continuations.insert(scalars[prefix.count...], value: Int32(id))
            }
        }
        self.tokens = tokens
        self.wordStarts = wordStarts
        self.continuations = continuations
    }

    var count: Int { tokens.count }

    func id(for token: String) -> Int32? {
        wordStarts.value(for: BasicTokenizer.scalars(of: token)[...])
    }

    @inline(__always)
    func id(forPiece piece: ArraySlice<UInt32>, continuing: Bool) -> Int32? {
        continuing ? continuations.value(for: piece) : wordStarts.value(for: piece)
    }
}
