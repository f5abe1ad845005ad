import AnnotationStore
import ArgumentParser
import Foundation
import TerminalUI
import Workflow

struct AnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Label items on a terminal screen: one key per label, each saved the moment it is pressed.",
        discussion: """
            The project's label keys save a label and move on; flag keys toggle flags; n writes a \
            note; u takes back the last label; s skips; ←/→ revisit this session's labels; t \
            retrains (also in the background every [annotate] retrain_every labels, while you keep \
            labelling; the queue re-ranks when the new model is ready); ? lists every key; q quits. Every label is its own committed transaction, \
            so quitting, a closed terminal or a killed process loses nothing that was shown as saved. \
            Set OPINE_LATENCY_LOG=FILE to record each key's time to the next drawn screen (µs). \
            Beyond 100,000 embedded items (OPINE_FOREGROUND_PREDICTIONS=N to change), the latest \
            run's predictions load after the screen opens, and the queue re-ranks when they are ready.
            """)

    @OptionGroup var options: ProjectOptions

    @OptionGroup var who: AnnotatorOptions

    @Option(help: "The queue order: random, uncertain, conflict, blend or slice-balanced (default: [annotate] queue in opine.toml).")
    var queue: QueueStrategy?

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            let annotator = try who.checked(in: project)
            let summary = try AnnotateRuntime(project: project, annotator: annotator, strategy: queue).run()
            if options.json {
                Output.json(summary)
            } else {
                let rate = summary.minutes > 0 ? String(format: " (%.1f per minute)", Double(summary.labels) / summary.minutes) : ""
                Output.line("\(annotator) labelled \(summary.labels) item\(summary.labels == 1 ? "" : "s") in "
                    + String(format: "%.1f", summary.minutes) + " minutes\(rate); every label is saved.")
            }
        }
    }
}

/// What `opine annotate` prints when the screen closes.
struct AnnotateSummary: Encodable {
    var annotator: String
    var labels: Int
    var skipped: Int
    var minutes: Double
}
