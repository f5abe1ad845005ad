import AnnotationStore
import ArgumentParser
import Classification
import Foundation
import Lexicons
import Workflow

extension QueueStrategy: ExpressibleByArgument {}

/// An item chosen by a strategy, with the reason shown to the annotator.
struct QueuedItem {
    var item: StoredItem
    var reason: String
    var score: Double
}

enum Queue {
    /// Ranks `candidates` (in the annotator's random order) by `strategy`. Without a trained
    /// model the model strategies fall back to the random order and say so.
    static func rank(_ candidates: [StoredItem], strategy: QueueStrategy, project: Project) -> [QueuedItem] {
        guard strategy != .random, !candidates.isEmpty else {
            return candidates.map { QueuedItem(item: $0, reason: "random order", score: 0) }
        }
        guard let run = try? project.database.latestRun(),
              let (set, probabilities) = try? HeadTraining.predict(run: run, project: project) else {
            return candidates.map { QueuedItem(item: $0, reason: "random order (no model yet: opine train)", score: 0) }
        }
        let rowOf = Dictionary(uniqueKeysWithValues: set.externalIds.enumerated().map { ($1, $0) })
        let margins = QueueScores.margin(probabilities)
        let predicted = Classification.Metrics.argmax(probabilities)
        let analyzer = (strategy == .conflict || strategy == .blend) ? try? Analyzer(library: LexiconLocation.library(project: project.directory)) : nil
        var ranked: [QueuedItem] = []
        for (position, item) in candidates.enumerated() {
            guard let row = rowOf[item.externalId] else {
                ranked.append(QueuedItem(item: item, reason: "random order (not embedded yet: opine embed)", score: -1 - Double(position)))
                continue
            }
            let margin = margins[row]
            let modelLabel = run.labels[predicted[row]]
            var score = 0.0
            var reasons: [String] = []
            if strategy == .uncertain || strategy == .blend {
                score += 1 - margin
                reasons.append(String(format: "the model is unsure (margin %.2f)", margin))
            }
            if let analyzer, strategy == .conflict || strategy == .blend {
                let analysis = analyzer.analyze(item.text, language: item.lang)
                let lexiconLabel = "\(analysis.label)"
                if !analysis.hints.isEmpty, run.labels.contains(lexiconLabel), lexiconLabel != modelLabel {
                    score += abs(analysis.compound) + Double(probabilities[row, predicted[row]])
                    reasons.append("lexicon says \(lexiconLabel), model says \(modelLabel)")
                } else if strategy == .conflict {
                    score -= 1
                }
            }
            ranked.append(QueuedItem(item: item, reason: reasons.isEmpty ? "random order" : reasons.joined(separator: "; "), score: score))
        }
        // Stable: equal scores keep the annotator's random order.
        return ranked.enumerated().sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }.map(\.element)
    }
}
