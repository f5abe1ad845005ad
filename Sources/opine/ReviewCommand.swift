import AnnotationStore
import ArgumentParser
import Classification
import Foundation
import Lexicons
import Workflow

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "The lead's review screen, or with --list the ranked review queue: disagreements (by vote entropy), suspect labels, conflicts.",
        discussion: """
            `opine review --lead NAME` opens the review screen: the list of contested items beside \
            the selected item's text, labels, gold, model probabilities and reasons. A label key \
            (the same keys as `opine annotate`) makes that label gold, then asks for the reason; \
            enter saves both in one transaction. r, s, p and a cycle the filters (reason, slice, \
            label pair, annotator), v shows adjudicated items, c clears filters, ? lists every key, \
            q quits. Without a terminal, settle an item with `opine adjudicate ITEM LABEL --lead NAME --reason TEXT`.
            """)

    @OptionGroup var options: ProjectOptions

    @Flag(help: "Print the ranked queue instead of opening the review screen.")
    var list = false

    @Option(help: ArgumentHelp("The lead reviewing on the screen (role = \"lead\" in opine.toml).", valueName: "NAME"))
    var lead: String?

    @Option(help: "With --list, show at most this many items.")
    var limit: Int = 50

    @Flag(help: "Keep items a lead has already adjudicated (on the screen: start with them shown).")
    var includeAdjudicated = false

    func validate() throws {
        if !list && lead == nil {
            throw ValidationError("give --lead NAME to open the review screen, or --list to print the queue")
        }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            if !list, let lead {
                try openScreen(project: project, lead: lead)
                return
            }
            let items = try project.database.itemLabels()
            let (suspects, conflicts) = modelReasons(project: project, items: items)
            let queue = ReviewQueue.build(items, config: project.config, suspects: suspects, conflicts: conflicts,
                                          includeAdjudicated: includeAdjudicated)
            let shown = Array(queue.prefix(limit))
            if options.json {
                Output.json(ReviewList(total: queue.count, items: shown.map(ReviewList.Entry.init)))
                return
            }
            Output.line("\(queue.count) item\(queue.count == 1 ? "" : "s") to review\(queue.count > shown.count ? " (showing \(shown.count))" : "").")
            for entry in shown {
                Output.line("")
                Output.line("\(entry.item.item.externalId)  [\(entry.item.item.lang ?? "?")]  \(entry.reasons.map(\.summary).joined(separator: "; "))")
                Output.line("  " + Output.visible(entry.item.item.text))
                for label in entry.item.labels {
                    var line = "    \(label.annotator): \(label.label)"
                    if !label.flags.isEmpty { line += "  [\(label.flags.joined(separator: ", "))]" }
                    if let note = label.note { line += "  “\(Output.visible(note))”" }
                    Output.line(line)
                }
                if let adjudication = entry.item.adjudication {
                    Output.line("    adjudicated \(adjudication.label) by \(adjudication.lead): \(Output.visible(adjudication.reason))")
                }
            }
        }
    }

    /// Opens the screen for a lead; anyone else is refused as `opine adjudicate` refuses them,
    /// before the terminal is touched.
    private func openScreen(project: Project, lead: String) throws {
        guard let profile = project.config.annotator(lead) else { throw AnnotationStoreError.unknownAnnotator(lead) }
        guard profile.role == .lead else { throw AnnotationStoreError.notALead(lead) }
        let summary = try ReviewRuntime(project: project, lead: lead, showAdjudicated: includeAdjudicated).run()
        if options.json {
            Output.json(summary)
        } else {
            let count = summary.adjudicated.count
            Output.line("\(lead) adjudicated \(count) item\(count == 1 ? "" : "s"); \(summary.left) left to review.")
        }
    }
}

extension ReviewCommand {
    /// From the latest run: the gold labels it doubts, and labelled items where the lexicon's
    /// reading and the model's prediction disagree. Empty before the first `opine train`.
    func modelReasons(project: Project, items: [ItemLabels])
        -> ([String: (score: Double, proposed: String)], [String: (lexicon: String, model: String)]) {
        let evidence = ModelEvidence.latest(project: project, items: items)
        return (evidence.suspects, evidence.conflicts)
    }
}

/// What the latest training run says about the labelled items: which gold labels it doubts,
/// where it and the lexicon disagree, and its probabilities per item (the review screen shows
/// them). Empty before the first `opine train`.
struct ModelEvidence {
    /// "run 4", or nil when there is no run.
    var run: String?
    var suspects: [String: (score: Double, proposed: String)] = [:]
    var conflicts: [String: (lexicon: String, model: String)] = [:]
    /// The run's labels and, by item id, their probabilities in that order.
    var labels: [String] = []
    var probabilities: [String: [Double]] = [:]

    static func latest(project: Project, items: [ItemLabels]) -> ModelEvidence {
        guard let run = try? project.database.latestRun() else { return ModelEvidence() }
        var evidence = ModelEvidence(run: "run \(run.id)", labels: run.labels)
        guard let metrics = try? JSONDecoder().decode(HeadTraining.Metrics.self, from: Data(run.metricsJSON.utf8)) else { return evidence }
        for suspect in metrics.suspects { evidence.suspects[suspect.item] = (suspect.score, suspect.proposed) }
        guard let (set, probabilities) = try? HeadTraining.predict(run: run, project: project) else { return evidence }
        for (row, id) in set.externalIds.enumerated() {
            evidence.probabilities[id] = run.labels.indices.map { Double(probabilities[row, $0]) }
        }
        if let analyzer = try? Analyzer(library: LexiconLocation.library(project: project.directory)) {
            let rowOf = Dictionary(uniqueKeysWithValues: set.externalIds.enumerated().map { ($1, $0) })
            let predicted = Classification.Metrics.argmax(probabilities)
            for item in items where !item.labels.isEmpty {
                guard let row = rowOf[item.item.externalId] else { continue }
                let analysis = analyzer.analyze(item.item.text, language: item.item.lang)
                let lexicon = "\(analysis.label)", model = run.labels[predicted[row]]
                if !analysis.hints.isEmpty, run.labels.contains(lexicon), lexicon != model { evidence.conflicts[item.item.externalId] = (lexicon, model) }
            }
        }
        return evidence
    }
}

/// The review queue as `--json` prints it.
private struct ReviewList: Encodable {
    struct Label: Encodable {
        var annotator: String
        var label: String
        var flags: [String]
        var note: String?
    }

    struct Entry: Encodable {
        var id: String
        var text: String
        var lang: String?
        var priority: Double
        var reasons: [String]
        var reasonDetails: [ReviewReason]
        var labels: [Label]
        var gold: String?
        var goldMethod: String
        var adjudication: Adjudication?

        init(_ review: ReviewItem) {
            id = review.item.item.externalId
            text = review.item.item.text
            lang = review.item.item.lang
            priority = review.priority
            reasons = review.reasons.map(\.summary)
            reasonDetails = review.reasons
            labels = review.item.labels.map { Label(annotator: $0.annotator, label: $0.label, flags: $0.flags, note: $0.note) }
            gold = review.gold.label
            goldMethod = review.gold.method.rawValue
            adjudication = review.item.adjudication
        }
    }

    var total: Int
    var items: [Entry]
}
