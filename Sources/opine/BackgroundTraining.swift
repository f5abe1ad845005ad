import AnnotationStore
import Foundation
import Lexicons
import Synchronization
import Workflow

/// One run's probabilities for every embedded item, by item row id.
struct ModelPredictions: Sendable {
    var run: Int64
    var labels: [String]
    var byRow: [Int64: [Float]]

    /// The run's predictions for the items embedded by its encoder; nil when it cannot predict
    /// (no embeddings from that encoder, an unreadable model).
    static func load(run: RunRecord, project: Project) -> ModelPredictions? {
        guard let (set, probabilities) = try? HeadTraining.predict(run: run, project: project) else { return nil }
        var byRow: [Int64: [Float]] = [:]
        byRow.reserveCapacity(set.rowIds.count)
        for (row, rowId) in set.rowIds.enumerated() { byRow[rowId] = probabilities.row(row) }
        return ModelPredictions(run: run.id, labels: run.labels, byRow: byRow)
    }

    /// The pending items with a prediction, best first by `strategy` (empty for the
    /// strategies that do not use the model), each with its reason.
    func ranking(_ pending: [Int64], strategy: QueueStrategy, project: Project, analyzer: Analyzer?) -> [(item: Int64, reason: String)] {
        guard strategy.usesModel else { return [] }
        let lexicon = strategy == .uncertain ? nil : analyzer
        var judged: [(item: Int64, score: Double, reason: String)] = []
        for item in pending {
            guard let probabilities = byRow[item] else { continue }
            var analysis: Analysis?
            if let lexicon, let stored = try? project.database.item(rowId: item) {
                analysis = lexicon.analyze(stored.text, language: stored.lang)
            }
            let (score, reason) = Queue.judge(probabilities, labels: labels, strategy: strategy, analysis: analysis)
            judged.append((item, score, reason))
        }
        // Stable: equal scores keep the queue's order.
        return judged.enumerated()
            .sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }
            .map { ($0.element.item, $0.element.reason) }
    }
}

/// What a background retrain, or the first load of a run's predictions, hands back to the screen.
struct TrainingOutcome: Sendable {
    /// A retrain (false: predictions of an existing run, loaded at open).
    var trained = true
    /// The new run's predictions; nil when training failed.
    var model: ModelPredictions?
    /// The pending items re-ranked by the new model.
    var ranking: [(item: Int64, reason: String)]
    /// One line for the status bar.
    var message: String

    /// Trains the head as `opine train` does, predicts every embedded item and re-ranks
    /// `pending`. Runs off the screen's thread, on a database connection of its own.
    static func train(project screenProject: Project, strategy: QueueStrategy, pending: [Int64]) -> TrainingOutcome {
        do {
            let project = try Project.open(directory: screenProject.directory)
            let encoder = try resolveEmbeddings(nil, project: project)
            let (run, metrics, _) = try HeadTraining(project: project, encoder: encoder, options: .init()).run()
            let quality = metrics.test.map { String(format: "test macro-F1 %.2f", $0.macroF1) } ?? "no test items yet"
            let summary = "run \(run.id) trained in \(String(format: "%.1f", run.seconds)) s, \(quality)"
            return predictions(of: run, project: project, strategy: strategy, pending: pending, summary: summary)
        } catch {
            return TrainingOutcome(model: nil, ranking: [], message: "retrain failed: \(error)")
        }
    }

    /// The run's predictions for every embedded item, and `pending` re-ranked by them.
    static func predictions(of run: RunRecord, project: Project, strategy: QueueStrategy, pending: [Int64],
                            summary: String? = nil) -> TrainingOutcome {
        let trained = summary != nil
        let summary = summary ?? "predictions of run \(run.id) ready"
        guard let model = ModelPredictions.load(run: run, project: project) else {
            return TrainingOutcome(trained: trained, model: nil, ranking: [], message: summary + "; it cannot predict these items")
        }
        let analyzer = try? Analyzer(library: LexiconLocation.library(project: project.directory))
        let ranking = model.ranking(pending, strategy: strategy, project: project, analyzer: analyzer)
        return TrainingOutcome(trained: trained, model: model, ranking: ranking,
                               message: summary + (ranking.isEmpty ? "" : "; queue re-ranked"))
    }
}

/// Where background threads leave their outcomes for the screen's thread to collect, in the
/// order they finished.
final class TrainingInbox: Sendable {
    private let outcomes = Mutex<[TrainingOutcome]>([])

    func deliver(_ result: TrainingOutcome) {
        outcomes.withLock { $0.append(result) }
    }

    func collect() -> [TrainingOutcome] {
        outcomes.withLock { value in
            defer { value = [] }
            return value
        }
    }
}
