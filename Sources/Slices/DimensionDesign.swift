import Agreement

/// Items resampled together: each draw picks `itemCount` of them with replacement.
///
/// Items that add to the same counters are interchangeable, so each item only names its
/// signature: a pick increments one small per-signature counter, and the signatures are
/// expanded into cell counters once per draw. A pick then touches a few kilobytes instead of
/// every counter the item feeds, which is what keeps a draw over 200,000 items in cache.
struct Stratum: Sendable {
    /// The signature of each item in the stratum.
    let signatureOfItem: [Int32]
    /// Signature s adds one to the counters `entries[offsets[s]..<offsets[s + 1]]`; a counter
    /// is `cell * profileCount + profile`.
    let offsets: [Int32]
    let entries: [Int32]

    var itemCount: Int { signatureOfItem.count }
    var signatureCount: Int { offsets.count - 1 }

    /// Interns each item's counter list.
    init(counterLists: some Sequence<[Int32]>) {
        var index: [[Int32]: Int32] = [:]
        var signatures: [Int32] = []
        var offsets: [Int32] = [0]
        var entries: [Int32] = []
        for counters in counterLists {
            if let signature = index[counters] {
                signatures.append(signature)
            } else {
                let signature = Int32(offsets.count - 1)
                index[counters] = signature
                entries += counters
                offsets.append(Int32(entries.count))
                signatures.append(signature)
            }
        }
        signatureOfItem = signatures
        self.offsets = offsets
        self.entries = entries
    }
}

/// One dimension prepared for counting: its cells, the profiles of their units and the
/// resampling strata.
///
/// Item dimensions: the cells are the slices; each slice is its own stratum (items resampled
/// within the slice), and a slice's complement is the sum of the other slices.
/// Annotator dimensions: a slice's labels and its complement's (the labels of annotators with
/// another value) fall on the same items, so agreement of the complement is not total − slice;
/// both are explicit cells (slices, then complements). Their items are resampled together, in
/// one stratum, so a draw keeps the pairing of a group's and the others' labels on an item.
struct DimensionDesign: Sendable {
    let name: String
    let kind: DimensionKind
    /// Sorted slice values.
    let values: [String]
    /// Annotator names of each slice (annotator dimensions).
    let members: [[String]]?
    let itemsInDimension: Int
    /// Items in each slice.
    let sliceItems: [Int]
    let profileCount: Int
    /// profileCount × SumLayout.count.
    let vectors: [Double]
    let strata: [Stratum]
    /// Σ units × probability per label and Σ units, per slice (units with probabilities).
    let probabilitySums: [[Double]]
    let probabilityUnits: [Double]
    /// Seeds this dimension's draws, so adding a dimension does not change another's intervals.
    let stream: UInt64

    var sliceCount: Int { values.count }
    var explicitComplements: Bool { kind == .annotator }
    var cellCount: Int { explicitComplements ? 2 * sliceCount : sliceCount }

    /// The profile of every item with all its labels, shared by the item dimensions.
    struct ItemProfiles {
        let table: ProfileTable
        let profileOfItem: [Int32]

        init(_ data: SliceData) {
            let k = data.labelCount
            var table = ProfileTable(
                layout: SumLayout(k: k), coders: data.ratings.coderCount, modelUnitsAreLabels: false)
            var counts = [Int](repeating: 0, count: k)
            var profiles: [Int32] = []
            profiles.reserveCapacity(data.itemCount)
            for item in 0..<data.itemCount {
                for c in 0..<k { counts[c] = 0 }
                for coder in 0..<data.ratings.coderCount {
                    if let label = data.ratings[item, coder] { counts[label] += 1 }
                }
                let predicted = data.predictions?[item]?.label
                profiles.append(table.index(gold: data.gold[item], predicted: predicted, counts: counts))
            }
            self.table = table
            profileOfItem = profiles
        }
    }

    init(_ dimension: ItemDimension, data: SliceData, profiles: ItemProfiles) {
        let k = data.labelCount
        let values = Array(Set(dimension.values.compactMap { $0 })).sorted()
        let sliceOf = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        let profileCount = profiles.table.count
        var counters = [[Int32]](repeating: [], count: values.count)
        var probabilitySums = [[Double]](repeating: [Double](repeating: 0, count: k), count: values.count)
        var probabilityUnits = [Double](repeating: 0, count: values.count)
        for (item, value) in dimension.values.enumerated() {
            guard let value, let slice = sliceOf[value] else { continue }
            counters[slice].append(Int32(slice * profileCount) + profiles.profileOfItem[item])
            if let probabilities = data.predictions?[item]?.probabilities {
                for c in 0..<k { probabilitySums[slice][c] += probabilities[c] }
                probabilityUnits[slice] += 1
            }
        }
        name = dimension.name
        kind = .item
        self.values = values
        members = nil
        itemsInDimension = counters.reduce(0) { $0 + $1.count }
        sliceItems = counters.map(\.count)
        self.profileCount = profileCount
        vectors = profiles.table.vectors
        strata = counters.map { Stratum(counterLists: $0.lazy.map { [$0] }) }
        self.probabilitySums = probabilitySums
        self.probabilityUnits = probabilityUnits
        stream = Self.stream("item", dimension.name)
    }

    init(_ dimension: AnnotatorDimension, data: SliceData) {
        let k = data.labelCount
        let coders = data.ratings.coderCount
        let values = Array(Set(dimension.values.compactMap { $0 })).sorted()
        let sliceOf = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        let groupOfCoder = dimension.values.map { $0.flatMap { sliceOf[$0] } }
        let groups = values.count
        var table = ProfileTable(layout: SumLayout(k: k), coders: coders, modelUnitsAreLabels: true)
        // Per labelled item: its (cell, profile) pairs.
        var itemPairs: [[(cell: Int, profile: Int32)]] = []
        var pairs: [(cell: Int, profile: Int32)] = []
        var groupCounts = [[Int]](repeating: [Int](repeating: 0, count: k), count: groups)
        var allCounts = [Int](repeating: 0, count: k)
        var others = [Int](repeating: 0, count: k)
        var probabilitySums = [[Double]](repeating: [Double](repeating: 0, count: k), count: groups)
        var probabilityUnits = [Double](repeating: 0, count: groups)
        for item in 0..<data.itemCount {
            for g in 0..<groups { for c in 0..<k { groupCounts[g][c] = 0 } }
            for c in 0..<k { allCounts[c] = 0 }
            var labelled = false
            for coder in 0..<coders {
                guard let group = groupOfCoder[coder], let label = data.ratings[item, coder] else { continue }
                groupCounts[group][label] += 1
                allCounts[label] += 1
                labelled = true
            }
            guard labelled else { continue }
            let gold = data.gold[item]
            let prediction = data.predictions?[item]
            pairs.removeAll(keepingCapacity: true)
            for g in 0..<groups {
                let m = groupCounts[g].reduce(0, +)
                if m > 0 {
                    pairs.append((g, table.index(gold: gold, predicted: prediction?.label, counts: groupCounts[g])))
                    if let probabilities = prediction?.probabilities {
                        for c in 0..<k { probabilitySums[g][c] += Double(m) * probabilities[c] }
                        probabilityUnits[g] += Double(m)
                    }
                }
                for c in 0..<k { others[c] = allCounts[c] - groupCounts[g][c] }
                if others.contains(where: { $0 > 0 }) {
                    pairs.append((groups + g, table.index(gold: gold, predicted: prediction?.label, counts: others)))
                }
            }
            itemPairs.append(pairs)
        }
        let profileCount = table.count
        name = dimension.name
        kind = .annotator
        self.values = values
        members = values.indices.map { slice in
            data.annotators.indices.filter { groupOfCoder[$0] == slice }.map { data.annotators[$0] }
        }
        itemsInDimension = itemPairs.count
        var sliceItems = [Int](repeating: 0, count: groups)
        for pairs in itemPairs {
            for pair in pairs where pair.cell < groups { sliceItems[pair.cell] += 1 }
        }
        self.sliceItems = sliceItems
        self.profileCount = profileCount
        vectors = table.vectors
        strata = [
            Stratum(counterLists: itemPairs.lazy.map { $0.map { Int32($0.cell * profileCount) + $0.profile } }),
        ]
        self.probabilitySums = probabilitySums
        self.probabilityUnits = probabilityUnits
        stream = Self.stream("annotator", dimension.name)
    }

    /// FNV-1a of the kind and name: a stable stream id (Swift's `hashValue` changes per run).
    static func stream(_ kind: String, _ name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in (kind + ":" + name).utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
