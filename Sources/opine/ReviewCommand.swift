import AnnotationStore
import ArgumentParser
import Foundation
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
            let queue = ReviewQueue.build(try project.database.itemLabels(), config: project.config,
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
