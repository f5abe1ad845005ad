import AnnotationStore

/// How an item's gold label was chosen.
public enum GoldMethod: String, Sendable, Codable, CaseIterable {
    /// A lead's adjudication, which overrides the votes.
    case adjudicated
    /// Every annotator gave the same label (two or more of them).
    case unanimous
    /// More than half of the annotators gave this label.
    case majority
    /// Only one annotator labelled the item.
    case single
    /// Labels were split with no label above half: no gold without adjudication.
    case noMajority = "no_majority"
    /// Nobody has labelled the item.
    case unlabelled
}

/// An item's gold label with its evidence. Export, training and review all use this one rule:
/// adjudication first, else a majority of more than half, else the single label.
public struct Gold: Sendable, Equatable, Codable {
    public var label: String?
    public var method: GoldMethod
    /// The share of annotators who gave the most frequent label (1 for a single label).
    public var agreement: Double
    public var votes: Int

    public init(labels: [String], adjudication: String?) {
        votes = labels.count
        var counts: [String: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        // Ties between top labels are broken by name only to make `agreement` well defined.
        let top = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }
        agreement = top.map { Double($0.value) / Double(labels.count) } ?? 0
        if let adjudication {
            label = adjudication
            method = .adjudicated
        } else if let top, labels.count == 1 {
            label = top.key
            method = .single
        } else if let top, top.value == labels.count {
            label = top.key
            method = .unanimous
        } else if let top, 2 * top.value > labels.count {
            label = top.key
            method = .majority
        } else {
            label = nil
            method = labels.isEmpty ? .unlabelled : .noMajority
        }
    }

    public init(_ item: ItemLabels) {
        self.init(labels: item.labels.map(\.label), adjudication: item.adjudication?.label)
    }
}
