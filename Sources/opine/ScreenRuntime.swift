import AnnotationStore
import Classification
import CursesBackend
import Dispatch
import Foundation
import Lexicons
import TerminalUI
import Workflow

/// Runs the annotate screen: performs the effects it asks for against the project's
/// database (the loop feeds their results back before the next key is read).
final class AnnotateRuntime {
    private let project: Project
    private let annotator: String
    private let loop: ScreenLoop<AnnotateState>
    private var state: AnnotateState { loop.state }
    /// The lexicons' rule-based reading of each item (nil when no lexicons were found).
    private let analyzer: Analyzer?
    /// The latest run's probabilities by item id (empty before the first `opine train`).
    private var predictions: [String: [LabelProbability]]

    init(project: Project, annotator: String) {
        self.project = project
        self.annotator = annotator
        let config = project.config
        let setup = AnnotateSetup(
            projectName: config.name, annotator: annotator,
            labels: config.labels.compactMap { choice in choice.key.first.map { Choice(name: choice.name, key: $0) } },
            flags: config.flags.compactMap { choice in choice.key.first.map { Choice(name: choice.name, key: $0) } },
            overlap: config.overlap)
        loop = ScreenLoop(AnnotateState(setup: setup, size: Size(width: 80, height: 24), at: ScreenLoop<AnnotateState>.now()))
        analyzer = try? Analyzer(library: LexiconLocation.library(project: project.directory))
        predictions = Self.latestPredictions(project)
    }

    /// The latest run's probabilities for every embedded item, computed once at start.
    private static func latestPredictions(_ project: Project) -> [String: [LabelProbability]] {
        guard let run = try? project.database.latestRun(),
              let (set, probabilities) = try? HeadTraining.predict(run: run, project: project) else { return [:] }
        var result: [String: [LabelProbability]] = [:]
        for (row, id) in set.externalIds.enumerated() {
            result[id] = run.labels.enumerated().map { LabelProbability(label: $1, probability: Double(probabilities[row, $0])) }
        }
        return result
    }

    /// Lexicon hint spans as the screen colours them: polarity, negation and boosting.
    private func hints(_ item: StoredItem) -> [TextMark]? {
        guard let analyzer else { return nil }
        let analysis = analyzer.analyze(item.text, language: item.lang)
        return analysis.hints.compactMap { hint in
            switch hint.kind {
            case .sentiment, .emoji:
                let style: Style = hint.negated ? .negated : hint.boosted ? .boosted : hint.valence >= 0 ? .positive : .negative
                return TextMark(scalars: hint.range, style: style)
            case .negator:
                return TextMark(scalars: hint.range, style: .negated)
            case .booster, .dampener, .contrast:
                return nil
            }
        }
    }

    private func view(_ item: StoredItem) -> ItemView {
        var view = Self.view(item)
        view.hints = hints(item)
        view.prediction = predictions[item.externalId]
        return view
    }

    func run() throws -> AnnotateSummary {
        // Read the counts before the screen opens, so a database error prints as a plain message.
        let counts = try project.database.counts(overlap: project.config.overlap)
        let terminal = try Terminal.start()
        defer { terminal.stop() }
        loop.perform = { [unowned self] effect in run(effect) }
        loop.dispatch(.resized(terminal.size))
        loop.dispatch(.progressLoaded(ProjectProgress(
            annotatorItems: counts.labelsPerAnnotator[annotator] ?? 0, filledSlots: counts.filledSlots,
            slots: counts.items * project.config.overlap)))
        loop.run(loop.state.start())
        loop.run(on: terminal)
        terminal.stop()
        loop.writeLatencies()
        return AnnotateSummary(annotator: annotator, labels: state.sessionLabels, skipped: state.skipped.count,
                               minutes: (state.now - state.openedAt) / 60)
    }

    private func run(_ effect: AnnotateEffect) -> [AnnotateMessage] {
        let database = project.database
        let overlap = project.config.overlap
        switch effect {
        case .saveLabel(let save):
            do {
                let recorded = try database.recordLabel(
                    item: save.item, annotator: annotator, label: save.label, flags: save.flags, note: save.note,
                    seconds: (save.seconds * 1000).rounded() / 1000, origin: .screen, overlap: overlap)
                return [.labelSaved(SavedLabel(item: recorded.item, label: recorded.label, previousLabel: recorded.previousLabel))]
            } catch AnnotationStoreError.overlapReached(let item, _) {
                return [.itemFull(item: item)]
            } catch {
                return [.saveFailed(Self.describe(error))]
            }
        case .undoLast:
            do {
                guard let retracted = try database.retractLatest(annotator: annotator) else { return [.labelUndone(nil)] }
                guard let item = try database.item(retracted.item) else {
                    return [.undoFailed(AnnotationStoreError.unknownItem(retracted.item).description)]
                }
                return [.labelUndone(UndoneLabel(item: self.view(item), label: retracted.label, restoredLabel: retracted.restoredLabel))]
            } catch {
                return [.undoFailed(Self.describe(error))]
            }
        case .loadNext(let skipping):
            do {
                guard let item = try database.nextItem(annotator: annotator, overlap: overlap, excluding: skipping) else {
                    return [.queueEmpty(at: ScreenLoop<AnnotateState>.now())]
                }
                return [.itemLoaded(self.view(item), at: ScreenLoop<AnnotateState>.now())]
            } catch {
                return [.loadFailed(Self.describe(error))]
            }
        case .retrain:
            // Trains in the foreground for now (about a second on a few thousand items); the
            // next items shown carry the new run's probabilities.
            do {
                let encoder = try resolveEmbeddings(nil, project: project)
                let (run, metrics, _) = try HeadTraining(project: project, encoder: encoder, options: .init()).run()
                predictions = Self.latestPredictions(project)
                let quality = metrics.test.map { String(format: "test macro-F1 %.2f", $0.macroF1) } ?? "no test items yet"
                return [.retrainFinished("run \(run.id) trained in \(String(format: "%.1f", run.seconds)) s, \(quality)")]
            } catch {
                return [.retrainFinished("\(error)")]
            }
        case .quit:
            return []
        }
    }

    /// An item as the screen shows it: metadata in key order, values as text.
    static func view(_ item: StoredItem) -> ItemView {
        var metadata: [MetadataField] = []
        if let object = (try? JSONSerialization.jsonObject(with: Data(item.metadataJSON.utf8))) as? [String: Any] {
            for key in object.keys.sorted() {
                let value: String
                switch object[key] {
                case let text as String: value = text
                case is NSNull, nil: value = "null"
                case let other?: value = "\(other)"
                }
                metadata.append(MetadataField(key: key, value: value))
            }
        }
        return ItemView(id: item.externalId, text: item.text, language: item.lang, split: item.split.rawValue,
                        metadata: metadata, reason: AnnotateStrings.randomOrder)
    }

    private static func describe(_ error: Error) -> String {
        String(describing: error)
    }
}
