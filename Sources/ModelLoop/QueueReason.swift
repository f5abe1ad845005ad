import Foundation

/// Why the queue offers an item where it does: shown to the annotator, and typed so the screen
/// can tell a reason that names the model's label (hidden for a blind item) from one that does not.
public enum QueueReason: Sendable, Equatable, CustomStringConvertible {
    /// The annotator's seeded random order.
    case randomOrder
    /// A model strategy without a run to rank by.
    case noModelYet
    /// A model strategy whose run's predictions are still loading.
    case predictionsLoading
    /// A model strategy, ranked, on an item without an embedding from the run's encoder.
    case notEmbedded
    /// Ranked by the model: its top-two margin (uncertain, blend) and a lexicon disagreement
    /// (conflict, blend), whichever the strategy weighs.
    case model(margin: Double?, conflict: LexiconConflict?)
    /// Slice-balanced: the item's slice has the fewest labels so far.
    case fewestLabelsInSlice(column: String, value: String?, labels: Int)

    /// The lexicon's label and the model's, when they differ.
    public struct LexiconConflict: Sendable, Equatable {
        public var lexicon: String
        public var model: String

        public init(lexicon: String, model: String) {
            self.lexicon = lexicon
            self.model = model
        }
    }

    /// Whether the reason gives the model's prediction away (it names the model's label).
    public var revealsPrediction: Bool {
        if case .model(_, let conflict) = self { return conflict != nil }
        return false
    }

    public var description: String {
        switch self {
        case .randomOrder: return "random order"
        case .noModelYet: return "random order (no model yet: opine train)"
        case .predictionsLoading: return "random order (predictions loading)"
        case .notEmbedded: return "random order (not embedded yet: opine embed)"
        case .model(let margin, let conflict):
            var parts: [String] = []
            if let margin { parts.append(String(format: "the model is unsure (margin %.2f)", margin)) }
            if let conflict { parts.append("lexicon says \(conflict.lexicon), model says \(conflict.model)") }
            return parts.isEmpty ? "random order" : parts.joined(separator: "; ")
        case .fewestLabelsInSlice(let column, let value, let labels):
            return "slice \(column) = \(value ?? "(none)") has the fewest labels (\(labels))"
        }
    }
}
