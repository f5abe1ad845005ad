import AnnotationStore
import Classification
import Workflow

/// What the latest training run says about the labelled items: which gold labels it doubts,
/// where it and the lexicon disagree, and its probabilities per item (the review screen shows
/// them). Empty before the first `opine train`.
public struct ModelEvidence: Sendable {
    /// The run's id, or nil when there is none.
    public var run: Int64?
    public var suspects: [String: (score: Double, proposed: String)] = [:]
    public var conflicts: [String: QueueReason.LexiconConflict] = [:]
    /// The run's labels and, by item id, their probabilities in that order.
    public var labels: [String] = []
    public var probabilities: [String: [Double]] = [:]

    public init() {}

    /// The conflicts as the review queue takes them.
    public var conflictPairs: [String: (lexicon: String, model: String)] {
        conflicts.mapValues { ($0.lexicon, $0.model) }
    }

    public static func latest(project: Project, items: [ItemLabels]) throws -> ModelEvidence {
        var evidence = ModelEvidence()
        guard let run = try project.database.latestTrainingRun() else { return evidence }
        evidence.run = run.id
        evidence.labels = run.labels
        for suspect in run.metrics.suspects { evidence.suspects[suspect.item] = (suspect.score, suspect.proposed) }
        let (set, probabilities) = try run.predict(project: project)
        for (row, id) in set.externalIds.enumerated() {
            evidence.probabilities[id] = run.labels.indices.map { Double(probabilities[row, $0]) }
        }
        if let analyzer = try LexiconLocation.analyzer(project: project.directory) {
            let rowOf = Dictionary(uniqueKeysWithValues: set.externalIds.enumerated().map { ($1, $0) })
            let predicted = Classification.Metrics.argmax(probabilities)
            for item in items where !item.labels.isEmpty {
                guard let row = rowOf[item.item.externalId] else { continue }
                let analysis = analyzer.analyze(item.item.text, language: item.item.lang)
                if let conflict = LexiconConflicts.conflict(analysis, model: run.labels[predicted[row]], labels: run.labels) {
                    evidence.conflicts[item.item.externalId] = conflict
                }
            }
        }
        return evidence
    }
}
