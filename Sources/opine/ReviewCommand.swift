import AnnotationStore
import ArgumentParser
import Foundation
import ModelLoop
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
            let evidence = try ModelEvidence.latest(project: project, items: items)
            let queue = ReviewQueue.build(items, config: project.config, suspects: evidence.suspects, conflicts: evidence.conflictPairs,
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
