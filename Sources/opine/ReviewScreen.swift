import AnnotationStore
import CursesBackend
import Foundation
import ModelLoop
import TerminalUI
import Workflow

/// Runs the review screen: loads the review list (adjudicated items included, so the screen
/// can show them on request) and stores each adjudication as one transaction.
final class ReviewRuntime {
    private let project: Project
    private let lead: String
    private let loop: ScreenLoop<ReviewState>

    /// How often the screen looks for others' labels and adjudications, in seconds.
    private let pollSeconds: Double

    init(project: Project, lead: String, showAdjudicated: Bool, pollSeconds: Double = 2) {
        self.project = project
        self.pollSeconds = pollSeconds
        self.lead = lead
        let config = project.config
        let setup = ReviewSetup(
            projectName: config.name, lead: lead,
            labels: config.labels.compactMap { choice in choice.key.first.map { Choice(name: choice.name, key: $0) } },
            sliceColumns: config.sliceColumns)
        loop = ScreenLoop(ReviewState(setup: setup, size: Size(width: 80, height: 24), at: ScreenLoop<ReviewState>.now(),
                                      showAdjudicated: showAdjudicated))
    }

    func run() throws -> ReviewSummary {
        // Load before the screen opens, so a database error prints as a plain message.
        let data = try load()
        let terminal = try Terminal.start()
        defer { terminal.stop() }
        let summary = run(on: terminal, data: data)
        terminal.stop()
        loop.writeLatencies()
        return summary
    }

    /// Runs the screen on `terminal` until it quits, starting from `data`.
    func run(on terminal: some TerminalDevice, data: ReviewData? = nil) -> ReviewSummary {
        loop.perform = { [unowned self] effect in run(effect) }
        let watch = ChangeWatch(store: project.database, interval: pollSeconds)
        _ = watch.changed(now: ScreenLoop<ReviewState>.now())
        loop.poll = { watch.changed(now: ScreenLoop<ReviewState>.now()) ? [.othersChanged] : [] }
        loop.dispatch(.resized(terminal.size))
        if let data {
            loop.dispatch(.loaded(data))
        } else {
            do { loop.dispatch(.loaded(try load())) } catch { loop.dispatch(.loadFailed(String(describing: error))) }
        }
        loop.run(on: terminal)
        let state = loop.state
        return ReviewSummary(lead: lead, adjudicated: state.adjudicatedHere,
                             left: state.entries.filter { $0.adjudication == nil }.count)
    }

    private func run(_ effect: ReviewEffect) -> [ReviewMessage] {
        switch effect {
        case .load:
            do {
                return [.loaded(try load())]
            } catch {
                return [.loadFailed(String(describing: error))]
            }
        case .adjudicate(let save):
            do {
                let stored = try project.database.adjudicate(item: save.item, lead: lead, label: save.label, reason: save.reason)
                return [.adjudicated(item: save.item, AdjudicationView(lead: stored.lead, label: stored.label, reason: stored.reason))]
            } catch {
                return [.adjudicationFailed(item: save.item, reason: String(describing: error))]
            }
        case .quit:
            return []
        }
    }

    /// The review queue as `opine review --list --include-adjudicated` ranks it, with the
    /// latest run's probabilities per item.
    private func load() throws -> ReviewData {
        let items = try project.database.itemLabels()
        let evidence = try ModelEvidence.latest(project: project, items: items)
        let queue = ReviewQueue.build(items, config: project.config, suspects: evidence.suspects, conflicts: evidence.conflictPairs,
                                      includeAdjudicated: true)
        let entries = queue.map { review -> ReviewEntry in
            let item = review.item.item
            let prediction = evidence.probabilities[item.externalId].map { values in
                zip(evidence.labels, values).map { LabelProbability(label: $0, probability: $1) }
            }
            return ReviewEntry(
                id: item.externalId, text: item.text, language: item.lang, split: item.split.rawValue,
                metadata: item.metadata.map { MetadataField(key: $0.key, value: $0.value) },
                reasons: review.reasons.map(Self.view),
                labels: review.item.labels.map { AnnotatorLabel(annotator: $0.annotator, label: $0.label, flags: $0.flags, note: $0.note) },
                adjudication: review.item.adjudication.map { AdjudicationView(lead: $0.lead, label: $0.label, reason: $0.reason) },
                gold: review.gold.label, goldMethod: review.gold.method.rawValue, prediction: prediction)
        }
        return ReviewData(entries: entries, model: evidence.run.map { "run \($0)" })
    }

    private static func view(_ reason: ReviewReason) -> ReviewReasonView {
        switch reason {
        case .disagreement: return ReviewReasonView(kind: .disagreement, summary: reason.summary)
        case .suspect: return ReviewReasonView(kind: .suspect, summary: reason.summary)
        case .conflict: return ReviewReasonView(kind: .conflict, summary: reason.summary)
        }
    }
}

/// What `opine review --lead NAME` prints when the screen closes.
struct ReviewSummary: Encodable {
    var lead: String
    /// Items adjudicated on the screen, in order.
    var adjudicated: [String]
    /// Items on the review list still without an adjudication.
    var left: Int
}
