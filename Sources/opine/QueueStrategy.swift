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
    /// How strongly a model strategy wants an item shown early, and why. `probabilities`
    /// are the run's, in `labels` order; `analysis` is the lexicon's reading (conflict and
    /// blend only). Items a strategy has no case for score below every other.
    static func judge(_ probabilities: [Float], labels: [String], strategy: QueueStrategy, analysis: Analysis?) -> (score: Double, reason: String) {
        var best = 0
        for index in probabilities.indices where probabilities[index] > probabilities[best] { best = index }
        let sorted = probabilities.sorted(by: >)
        let margin = Double(sorted[0] - (sorted.count > 1 ? sorted[1] : 0))
        var score = 0.0
        var reasons: [String] = []
        if strategy == .uncertain || strategy == .blend {
            score += 1 - margin
            reasons.append(String(format: "the model is unsure (margin %.2f)", margin))
        }
        if strategy == .conflict || strategy == .blend, let analysis {
            let lexiconLabel = "\(analysis.label)"
            if !analysis.hints.isEmpty, labels.contains(lexiconLabel), lexiconLabel != labels[best] {
                score += abs(analysis.compound) + Double(probabilities[best])
                reasons.append("lexicon says \(lexiconLabel), model says \(labels[best])")
            } else if strategy == .conflict {
                score -= 1
            }
        }
        return (score, reasons.isEmpty ? "random order" : reasons.joined(separator: "; "))
    }

    /// Ranks `candidates` (in the annotator's random order) by `strategy`. Without a trained
    /// model the model strategies fall back to the random order and say so.
    static func rank(_ candidates: [StoredItem], strategy: QueueStrategy, project: Project) -> [QueuedItem] {
        guard strategy.usesModel, !candidates.isEmpty else {
            return candidates.map { QueuedItem(item: $0, reason: "random order", score: 0) }
        }
        guard let run = try? project.database.latestRun(),
              let (set, probabilities) = try? HeadTraining.predict(run: run, project: project) else {
            return candidates.map { QueuedItem(item: $0, reason: "random order (no model yet: opine train)", score: 0) }
        }
        let rowOf = Dictionary(uniqueKeysWithValues: set.externalIds.enumerated().map { ($1, $0) })
        let analyzer = (strategy == .conflict || strategy == .blend) ? try? Analyzer(library: LexiconLocation.library(project: project.directory)) : nil
        var ranked: [QueuedItem] = []
        for (position, item) in candidates.enumerated() {
            guard let row = rowOf[item.externalId] else {
                ranked.append(QueuedItem(item: item, reason: "random order (not embedded yet: opine embed)", score: -1 - Double(position)))
                continue
            }
            let judged = judge(probabilities.row(row), labels: run.labels, strategy: strategy,
                               analysis: analyzer?.analyze(item.text, language: item.lang))
            ranked.append(QueuedItem(item: item, reason: judged.reason, score: judged.score))
        }
        // Stable: equal scores keep the annotator's random order.
        return ranked.enumerated().sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }.map(\.element)
    }
}
