import AnnotationStore
import Classification
import Lexicons
import Workflow

/// One run's probabilities for every embedded item, by item row id: what the queue ranks by
/// and the screen shows.
public struct ModelPredictions: Sendable {
    public var run: Int64
    public var labels: [String]
    public var byRow: [Int64: [Float]]

    public init(run: Int64, labels: [String], byRow: [Int64: [Float]]) {
        self.run = run
        self.labels = labels
        self.byRow = byRow
    }

    /// The run's predictions for the items embedded by its encoder.
    public init(run: TrainingRun, project: Project) throws {
        let (set, probabilities) = try run.predict(project: project)
        var byRow: [Int64: [Float]] = [:]
        byRow.reserveCapacity(set.rowIds.count)
        for (row, rowId) in set.rowIds.enumerated() { byRow[rowId] = probabilities.row(row) }
        self.init(run: run.id, labels: run.labels, byRow: byRow)
    }

    /// The label the model predicts for an item with these probabilities.
    public func predictedLabel(_ probabilities: [Float]) -> String {
        labels[Classification.Metrics.argmax(probabilities)]
    }

    /// How strongly `strategy` wants an item shown early, and why. `analysis` is the lexicon's
    /// reading (conflict and blend only). Items a strategy has no case for score below every other.
    public func judge(_ probabilities: [Float], strategy: QueueStrategy, analysis: Analysis?) -> (score: Double, reason: QueueReason) {
        let best = Classification.Metrics.argmax(probabilities)
        var score = 0.0
        var margin: Double?
        var conflict: QueueReason.LexiconConflict?
        if strategy == .uncertain || strategy == .blend {
            let value = QueueScores.margin(probabilities)
            score += 1 - value
            margin = value
        }
        if strategy == .conflict || strategy == .blend, let analysis {
            if let found = LexiconConflicts.conflict(analysis, model: labels[best], labels: labels) {
                score += abs(analysis.compound) + Double(probabilities[best])
                conflict = found
            } else if strategy == .conflict {
                score -= 1
            }
        }
        return (score, margin == nil && conflict == nil ? .randomOrder : .model(margin: margin, conflict: conflict))
    }

    /// `pending` items with a prediction, best first by `strategy` (empty for the strategies
    /// that do not use the model), each with its reason. `text` gives an item's text and
    /// language for the lexicon (conflict and blend).
    public func ranking(_ pending: [Int64], strategy: QueueStrategy, analyzer: Analyzer?,
                        text: (Int64) throws -> (text: String, lang: String?)?) rethrows -> [(item: Int64, reason: QueueReason)] {
        guard strategy.usesModel else { return [] }
        let lexicon = strategy == .uncertain ? nil : analyzer
        var judged: [(item: Int64, score: Double, reason: QueueReason)] = []
        for item in pending {
            guard let probabilities = byRow[item] else { continue }
            var analysis: Analysis?
            if let lexicon, let stored = try text(item) { analysis = lexicon.analyze(stored.text, language: stored.lang) }
            let (score, reason) = judge(probabilities, strategy: strategy, analysis: analysis)
            judged.append((item, score, reason))
        }
        // Stable: equal scores keep the queue's order.
        return judged.enumerated()
            .sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }
            .map { ($0.element.item, $0.element.reason) }
    }
}

/// The one rule for when the lexicon and the model disagree: the lexicon found something,
/// reads as one of the project's labels, and that label is not the model's.
public enum LexiconConflicts {
    public static func conflict(_ analysis: Analysis, model: String, labels: [String]) -> QueueReason.LexiconConflict? {
        let lexicon = "\(analysis.label)"
        guard !analysis.hints.isEmpty, labels.contains(lexicon), lexicon != model else { return nil }
        return .init(lexicon: lexicon, model: model)
    }
}
