/// Kamiran & Calders' reweighing (2012), as AIF360's `Reweighing` computes it: each training
/// item of group g and label y weighs P(y)·P(g) / P(g, y), with the probabilities counted over
/// the training items. Group and label are then independent in the weighted data, so a head
/// cannot lean on the group as a proxy for the label. Items without a value form a group of
/// their own ("").
public struct Reweighing: Sendable, Equatable {
    /// The weight of each (group, label) cell that has items.
    public let weights: [Cell: Double]

    public struct Cell: Hashable, Sendable {
        public var group: String
        public var label: Int

        public init(group: String, label: Int) {
            self.group = group
            self.label = label
        }
    }

    public init(groups: [String?], labels: [Int]) {
        precondition(groups.count == labels.count, "one group per label")
        let n = Double(labels.count)
        var byGroup: [String: Double] = [:], byLabel: [Int: Double] = [:], byCell: [Cell: Double] = [:]
        for (group, label) in zip(groups, labels) {
            let g = group ?? ""
            byGroup[g, default: 0] += 1
            byLabel[label, default: 0] += 1
            byCell[Cell(group: g, label: label), default: 0] += 1
        }
        weights = byCell.reduce(into: [:]) { result, entry in
            let expected = (byGroup[entry.key.group] ?? 0) * (byLabel[entry.key.label] ?? 0) / n
            result[entry.key] = expected / entry.value
        }
    }

    /// Each item's weight, in the order given to `init`.
    public func itemWeights(groups: [String?], labels: [Int]) -> [Double] {
        zip(groups, labels).map { weights[Cell(group: $0 ?? "", label: $1)] ?? 1 }
    }
}
