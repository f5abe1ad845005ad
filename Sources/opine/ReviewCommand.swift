import AnnotationStore
import ArgumentParser
import Classification
import Foundation
import Lexicons
import Workflow

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "The lead's review queue: disagreements (by vote entropy), suspect labels, conflicts.",
        discussion: "Settle an item with `opine adjudicate ITEM LABEL --lead NAME --reason TEXT`.")

    @OptionGroup var options: ProjectOptions

    @Flag(help: "Print the ranked queue (the review screen is `opine review` without --list).")
    var list = false

    @Option(help: "Show at most this many items.")
    var limit: Int = 50

    @Flag(help: "Keep items a lead has already adjudicated.")
    var includeAdjudicated = false

    func validate() throws {
        if !list { throw ValidationError("the review screen is not built yet: use `opine review --list`") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let project = try options.open()
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
}

extension ReviewCommand {
    /// From the latest run: the gold labels it doubts, and labelled items where the lexicon's
    /// reading and the model's prediction disagree. Empty before the first `opine train`.
    func modelReasons(project: Project, items: [ItemLabels])
        -> ([String: (score: Double, proposed: String)], [String: (lexicon: String, model: String)]) {
        guard let run = try? project.database.latestRun(),
              let metrics = try? JSONDecoder().decode(HeadTraining.Metrics.self, from: Data(run.metricsJSON.utf8)) else { return ([:], [:]) }
        var suspects: [String: (score: Double, proposed: String)] = [:]
        for suspect in metrics.suspects { suspects[suspect.item] = (suspect.score, suspect.proposed) }
        var conflicts: [String: (lexicon: String, model: String)] = [:]
        if let (set, probabilities) = try? HeadTraining.predict(run: run, project: project),
           let analyzer = try? Analyzer(library: LexiconLocation.library(project: project.directory)) {
            let rowOf = Dictionary(uniqueKeysWithValues: set.externalIds.enumerated().map { ($1, $0) })
            let predicted = Classification.Metrics.argmax(probabilities)
            for item in items where !item.labels.isEmpty {
                guard let row = rowOf[item.item.externalId] else { continue }
                let analysis = analyzer.analyze(item.item.text, language: item.item.lang)
                let lexicon = "\(analysis.label)", model = run.labels[predicted[row]]
                if !analysis.hints.isEmpty, run.labels.contains(lexicon), lexicon != model { conflicts[item.item.externalId] = (lexicon, model) }
            }
        }
        return (suspects, conflicts)
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
