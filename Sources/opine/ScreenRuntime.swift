import AnnotationStore
import CursesBackend
import Foundation
import Lexicons
import ModelLoop
import TerminalUI
import Workflow

/// Runs the annotate screen: performs the effects it asks for against the project's
/// database (the loop feeds their results back before the next key is read), keeps the
/// queue in memory, and retrains the head on a background thread.
final class AnnotateRuntime {
    private let project: Project
    private let annotator: String
    private let strategy: QueueStrategy
    private let loop: ScreenLoop<AnnotateState>
    private var state: AnnotateState { loop.state }
    /// The lexicons' rule-based reading of each item (nil when no lexicons were found).
    private let analyzer: Analyzer?
    private var queue: AnnotationQueue
    private let blind: BlindFraction
    /// The latest run's probabilities (nil before the first `opine train`).
    private var model: ModelPredictions?
    /// Items handed to the screen this session: their row id and what was shown of the model.
    private var handedOut: [String: HandedOut] = [:]
    private let inbox = TrainingInbox()
    /// A run whose predictions are loaded in the background once the screen is open.
    private var pendingRun: TrainingRun?
    /// Up to this many embedded items, the latest run's predictions are computed before the
    /// screen opens (well under a second); beyond, in the background. OPINE_FOREGROUND_PREDICTIONS
    /// overrides it (0: always in the background).
    static let foregroundPredictions = ProcessInfo.processInfo.environment["OPINE_FOREGROUND_PREDICTIONS"].flatMap(Int.init) ?? 100_000

    private struct HandedOut {
        var rowId: Int64
        var exposure: ModelExposure?
    }

    init(project: Project, annotator: String, strategy: QueueStrategy?) throws {
        self.project = project
        self.annotator = annotator
        let config = project.config
        self.strategy = strategy ?? config.annotate.queue
        let setup = AnnotateSetup(
            projectName: config.name, annotator: annotator,
            labels: config.labels.compactMap { choice in choice.key.first.map { Choice(name: choice.name, key: $0) } },
            flags: config.flags.compactMap { choice in choice.key.first.map { Choice(name: choice.name, key: $0) } },
            overlap: config.overlap, retrainEvery: config.annotate.retrainEvery,
            guidelines: GuidelinesPage(try Guidelines.load(project)))
        loop = ScreenLoop(AnnotateState(setup: setup, size: Size(width: 80, height: 24), at: ScreenLoop<AnnotateState>.now()))
        analyzer = try LexiconLocation.analyzer(project: project.directory)
        blind = BlindFraction(config.annotate.blindFraction)
        queue = try AnnotationQueue.open(project: project, annotator: annotator, strategy: self.strategy)
        if let run = try project.database.latestTrainingRun() {
            if try project.database.embeddingCount(encoder: run.encoder) > Self.foregroundPredictions {
                // Predicting millions of items takes seconds: the screen opens on the random
                // order and re-ranks when the predictions are ready.
                pendingRun = run
                queue.unrankedReason = .predictionsLoading
                loop.state.modelStatus = AnnotateStrings.loadingPredictions
            } else {
                do {
                    let model = try ModelPredictions(run: run, project: project)
                    self.model = model
                    try queue.rank(by: model, project: project, analyzer: analyzer)
                } catch {
                    loop.state.modelStatus = "run \(run.id) cannot predict: \(error)"
                }
            }
        } else if try project.database.embeddingKeys().isEmpty {
            loop.state.modelStatus = AnnotateStrings.noEmbeddings
        }
    }

    func run() throws -> AnnotateSummary {
        // Read the counts before the screen opens, so a database error prints as a plain message.
        let counts = try project.database.counts(overlap: project.config.overlap)
        let terminal = try Terminal.start()
        defer { terminal.stop() }
        let summary = run(on: terminal, counts: counts)
        terminal.stop()
        loop.writeLatencies()
        return summary
    }

    /// Runs the screen on `terminal` until it quits; `counts` are the project's at open.
    func run(on terminal: some TerminalDevice, counts: ProjectCounts) -> AnnotateSummary {
        loop.perform = { [unowned self] effect in perform(effect) }
        loop.poll = { [unowned self] in collectTraining() }
        loop.dispatch(.resized(terminal.size))
        loop.dispatch(.progressLoaded(ProjectProgress(
            annotatorItems: counts.labelsPerAnnotator[annotator] ?? 0, filledSlots: counts.filledSlots,
            slots: counts.items * project.config.overlap)))
        loop.run(loop.state.start())
        if let run = pendingRun {
            let project = project, strategy = strategy, pending = queue.pending, inbox = inbox
            Thread.detachNewThread {
                // A connection of its own: reading a million vectors must not hold up labels.
                do {
                    let project = try project.reopen()
                    inbox.deliver(TrainingOutcome.predictions(of: run, project: project, strategy: strategy, pending: pending))
                } catch {
                    inbox.deliver(TrainingOutcome(trained: false, model: nil, ranking: [], message: "predictions not loaded: \(error)"))
                }
            }
        }
        loop.run(on: terminal)
        return AnnotateSummary(annotator: annotator, labels: state.sessionLabels, skipped: state.skipped.count,
                               minutes: (state.now - state.openedAt) / 60)
    }

    // MARK: - Effects

    private func perform(_ effect: AnnotateEffect) -> [AnnotateMessage] {
        switch effect {
        case .saveLabel(let save):
            return saveLabel(save)
        case .undoLast:
            return undoLast()
        case .loadNext(let skipping):
            return loadNext(skipping: skipping)
        case .retrain:
            startTraining()
            return []
        case .quit:
            return []
        }
    }

    private func saveLabel(_ save: LabelToSave) -> [AnnotateMessage] {
        do {
            let recorded = try project.database.recordLabel(
                item: save.item, annotator: annotator, label: save.label, flags: save.flags, note: save.note,
                seconds: (save.seconds * 1000).rounded() / 1000, origin: .screen, overlap: project.config.overlap,
                exposure: handedOut[save.item]?.exposure)
            if let rowId = handedOut[save.item]?.rowId {
                // A relabel (a revisit, or a label given elsewhere meanwhile) passes the item too.
                if recorded.previousLabel == nil { queue.labelled(rowId) } else { queue.skipped(rowId) }
            }
            return [.labelSaved(SavedLabel(item: recorded.item, label: recorded.label, previousLabel: recorded.previousLabel))]
        } catch AnnotationStoreError.overlapReached(let item, _) {
            if let rowId = handedOut[item]?.rowId { queue.full(rowId) }
            return [.itemFull(item: item)]
        } catch {
            return [.saveFailed(String(describing: error))]
        }
    }

    private func undoLast() -> [AnnotateMessage] {
        do {
            guard let retracted = try project.database.retractLatest(annotator: annotator) else { return [.labelUndone(nil)] }
            guard let item = try project.database.item(retracted.item) else {
                return [.undoFailed(AnnotationStoreError.unknownItem(retracted.item).description)]
            }
            if retracted.restoredLabel == nil { queue.unlabelled(item.rowId) }
            let view = self.view(item, reason: nil)
            return [.labelUndone(UndoneLabel(item: view, label: retracted.label, restoredLabel: retracted.restoredLabel))]
        } catch {
            return [.undoFailed(String(describing: error))]
        }
    }

    private func loadNext(skipping: [String]) -> [AnnotateMessage] {
        for id in skipping {
            if let rowId = handedOut[id]?.rowId {
                queue.skipped(rowId)
                try? project.database.releaseLease(item: rowId, annotator: annotator)  // it expires anyway
            }
        }
        do {
            while let (rowId, reason) = queue.next() {
                guard let item = try project.database.item(rowId: rowId) else {
                    queue.full(rowId)  // gone from the database: pass over it
                    continue
                }
                // Reserved for this annotator while they read it; taken by others meanwhile: the next one.
                guard try project.database.lease(item: rowId, annotator: annotator, overlap: project.config.overlap,
                                                 seconds: project.config.annotate.leaseMinutes * 60, now: Date()) else {
                    queue.full(rowId)
                    continue
                }
                return [.itemLoaded(view(item, reason: reason), at: ScreenLoop<AnnotateState>.now())]
            }
            return [.queueEmpty(at: ScreenLoop<AnnotateState>.now())]
        } catch {
            return [.loadFailed(String(describing: error))]
        }
    }

    // MARK: - What the screen shows of an item

    /// The item as the screen shows it, with hints and the current model's prediction —
    /// unless the item falls in the blind fraction (the same each time the annotator meets it).
    /// What is shown now is what its label will record (a revisit keeps the view, and so the
    /// record, of its first showing). `reason` is nil for an item back after an undo.
    private func view(_ item: StoredItem, reason: QueueReason?) -> ItemView {
        var view = Self.view(item)
        view.hints = hints(item)
        view.reason = reason?.description ?? AnnotateStrings.undoneItem
        var exposure: ModelExposure?
        if let model, let probabilities = model.byRow[item.rowId] {
            let shown = blind.exposure(item: item.externalId, annotator: annotator, probabilities: probabilities, of: model)
            exposure = shown
            if shown.shown {
                view.prediction = zip(model.labels, probabilities).map { LabelProbability(label: $0, probability: Double($1)) }
            } else {
                view.predictionHidden = true
                // The reason could give the prediction away ("model says positive").
                if reason?.revealsPrediction == true { view.reason = AnnotateStrings.chosenByModel }
            }
        }
        handedOut[item.externalId] = HandedOut(rowId: item.rowId, exposure: exposure)
        return view
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

    // MARK: - Training in the background

    /// Trains on a thread of its own with its own database connection, so labelling goes on;
    /// `collectTraining` picks up the result between keys.
    private func startTraining() {
        let project = project, strategy = strategy, pending = queue.pending, inbox = inbox
        let thread = Thread {
            inbox.deliver(TrainingOutcome.train(project, strategy: strategy, pending: pending))
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func collectTraining() -> [AnnotateMessage] {
        var messages: [AnnotateMessage] = []
        for outcome in inbox.collect() {
            // An older run's predictions never replace a newer run's.
            let accepted = outcome.model.map { $0.run >= model?.run ?? 0 } ?? false
            if accepted, let newModel = outcome.model {
                model = newModel
                queue.rank(outcome.ranking)
            }
            if outcome.trained {
                messages.append(.retrainFinished(outcome.message))
            } else {
                pendingRun = nil
                if model == nil { queue.unrankedReason = .noModelYet }
                if accepted {
                    messages.append(.modelLoaded(outcome.message))
                } else if outcome.model == nil {
                    messages.append(.modelUnavailable(outcome.message))
                }
                // Else a retrain finished first and its run is newer: nothing to say.
            }
        }
        return messages
    }

    /// An item as the screen shows it: metadata in key order, values as text.
    static func view(_ item: StoredItem) -> ItemView {
        ItemView(id: item.externalId, text: item.text, language: item.lang, split: item.split.rawValue,
                 metadata: item.metadata.map { MetadataField(key: $0.key, value: $0.value) }, reason: AnnotateStrings.randomOrder)
    }
}
