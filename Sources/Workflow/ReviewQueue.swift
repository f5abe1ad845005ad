import AnnotationStore
import Foundation

/// Why an item is in the lead's review queue.
public enum ReviewReason: Sendable, Equatable, Codable {
    /// Annotators disagree. `entropy` is the vote entropy over the label set, 0…1; `spread`
    /// the largest distance between two given labels on an ordered scale (1 on a nominal one).
    case disagreement(entropy: Double, spread: Int)
    /// The model strongly doubts the gold label (confident learning); `score` is the
    /// out-of-fold probability it gives the gold label (lower: more doubt).
    case suspect(score: Double, proposed: String)
    /// The rule-based lexicon score and the model disagree.
    case conflict(lexicon: String, model: String)

    public var summary: String {
        switch self {
        case .disagreement(let entropy, let spread):
            return String(format: "annotators disagree (vote entropy %.2f%@)", entropy, spread > 1 ? ", opposite labels" : "")
        case .suspect(let score, let proposed):
            return String(format: "model doubts the label (p(gold) %.2f), proposes %@", score, proposed)
        case .conflict(let lexicon, let model):
            return "lexicon says \(lexicon), model says \(model)"
        }
    }
}

public struct ReviewItem: Sendable {
    public var item: ItemLabels
    public var gold: Gold
    public var reasons: [ReviewReason]
    /// Higher first: the most contested items lead the queue.
    public var priority: Double
}

/// Ranks items for adjudication: disagreements with opposite labels first, then by vote
/// entropy; suspect labels and lexicon/model conflicts are passed in by their producers.
public enum ReviewQueue {
    public static func build(
        _ items: [ItemLabels], config: ProjectConfig,
        suspects: [String: (score: Double, proposed: String)] = [:],
        conflicts: [String: (lexicon: String, model: String)] = [:],
        includeAdjudicated: Bool = false
    ) -> [ReviewItem] {
        let position = Dictionary(uniqueKeysWithValues: config.labelNames.enumerated().map { ($1, $0) })
        var queue: [ReviewItem] = []
        for item in items {
            if item.adjudication != nil && !includeAdjudicated { continue }
            var reasons: [ReviewReason] = []
            var priority = 0.0
            let votes = item.labels.map(\.label)
            if Set(votes).count > 1 {
                let entropy = voteEntropy(votes, categories: config.labels.count)
                let indices = votes.compactMap { position[$0] }
                let spread = config.ordinal ? (indices.max() ?? 0) - (indices.min() ?? 0) : 1
                reasons.append(.disagreement(entropy: entropy, spread: spread))
                // Opposite labels (the widest spread) come first; entropy orders within a spread.
                priority = max(priority, Double(spread) + entropy / 2)
            }
            if let suspect = suspects[item.item.externalId] {
                reasons.append(.suspect(score: suspect.score, proposed: suspect.proposed))
                // Between an adjacent disagreement and nothing: less confidence, more priority.
                priority = max(priority, 2 - suspect.score)
            }
            if let conflict = conflicts[item.item.externalId] {
                reasons.append(.conflict(lexicon: conflict.lexicon, model: conflict.model))
                priority = max(priority, 0.5)
            }
            guard !reasons.isEmpty else { continue }
            queue.append(ReviewItem(item: item, gold: Gold(item), reasons: reasons, priority: priority))
        }
        return queue.sorted { ($0.priority, $1.item.item.externalId) > ($1.priority, $0.item.item.externalId) }
    }

    /// Shannon entropy of the vote shares, divided by the most a `categories`-way vote can have.
    public static func voteEntropy(_ votes: [String], categories: Int) -> Double {
        guard votes.count > 1, categories > 1 else { return 0 }
        var counts: [String: Int] = [:]
        for vote in votes { counts[vote, default: 0] += 1 }
        let total = Double(votes.count)
        let entropy = counts.values.reduce(0.0) { sum, count in
            let share = Double(count) / total
            return sum - share * log(share)
        }
        return entropy / log(Double(min(categories, votes.count)))
    }
}
