import AnnotationStore
import Foundation
import Lexicons
import Workflow

/// What a background retrain, or the first load of a run's predictions, hands back to the screen.
public struct TrainingOutcome: Sendable {
    /// A retrain (false: predictions of an existing run, loaded at open).
    public var trained = true
    /// The new run's predictions; nil when training or predicting failed.
    public var model: ModelPredictions?
    /// The pending items re-ranked by the new model.
    public var ranking: [(item: Int64, reason: QueueReason)]
    /// One line for the status bar.
    public var message: String

    public init(trained: Bool = true, model: ModelPredictions?, ranking: [(item: Int64, reason: QueueReason)], message: String) {
        self.trained = trained
        self.model = model
        self.ranking = ranking
        self.message = message
    }

    /// Trains the head with the project's `[train]` options, as `opine train` does without
    /// flags, predicts every embedded item and re-ranks `pending`. Runs off the screen's
    /// thread, on a database connection of its own (it opens the project again, the same way).
    public static func train(_ screenProject: Project, strategy: QueueStrategy, pending: [Int64]) -> TrainingOutcome {
        do {
            let project = try screenProject.reopen()
            let run = try HeadTrainer(project: project).run()
            let quality = run.metrics.test.map { String(format: "test macro-F1 %.2f", $0.macroF1) } ?? "no test items yet"
            let summary = "run \(run.id) trained in \(String(format: "%.1f", run.seconds)) s, \(quality)"
            return predictions(of: run, project: project, strategy: strategy, pending: pending, summary: summary)
        } catch {
            return TrainingOutcome(model: nil, ranking: [], message: "retrain failed: \(error)")
        }
    }

    /// The run's predictions for every embedded item, and `pending` re-ranked by them.
    public static func predictions(of run: TrainingRun, project: Project, strategy: QueueStrategy, pending: [Int64],
                                   summary: String? = nil) -> TrainingOutcome {
        let trained = summary != nil
        let summary = summary ?? "predictions of run \(run.id) ready"
        do {
            let model = try ModelPredictions(run: run, project: project)
            let analyzer = try LexiconLocation.analyzer(project: project.directory)
            let ranking = try model.ranking(pending, strategy: strategy, analyzer: analyzer) { rowId in
                try project.database.item(rowId: rowId).map { ($0.text, $0.lang) }
            }
            return TrainingOutcome(trained: trained, model: model, ranking: ranking,
                                   message: summary + (ranking.isEmpty ? "" : "; queue re-ranked"))
        } catch {
            return TrainingOutcome(trained: trained, model: nil, ranking: [], message: summary + "; it cannot predict these items: \(error)")
        }
    }
}
