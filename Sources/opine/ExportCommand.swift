import ArgumentParser
import Foundation
import Workflow

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the labelled dataset (one row per item, with its gold label) and a dataset card.",
        discussion: """
            Gold label: a lead's adjudication, else the label of more than half of the annotators, \
            else the only label. Items with split votes and no adjudication are left out, as are \
            unlabelled items unless --include-unlabelled. The card is written to OUT.card.md.
            """)

    @OptionGroup var options: ProjectOptions

    @Argument(help: ArgumentHelp("The file to write.", valueName: "OUT"))
    var output: String

    @Option(help: "jsonl or csv (default: from OUT's name, else jsonl).")
    var format: String?

    @Flag(help: "Add every annotator's label and flags to each row.")
    var withAnnotations = false

    @Option(help: "Leave out items whose top label has a smaller share of votes than this (0–1).")
    var minAgreement: Double?

    @Flag(help: "Keep items nobody has labelled (with an empty label).")
    var includeUnlabelled = false

    @Flag(help: "Keep items whose votes are split with no majority (with an empty label).")
    var includeUnresolved = false

    @Flag(help: "Replace OUT if it exists.")
    var force = false

    func validate() throws {
        if let format, ExportFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("unknown --format '\(format)' (use jsonl or csv)")
        }
        if let minAgreement, !(0...1).contains(minAgreement) {
            throw ValidationError("--min-agreement must be between 0 and 1")
        }
    }

    func run() throws {
        try reportingErrors {
            let url = URL(fileURLWithPath: output)
            if !force && FileManager.default.fileExists(atPath: url.path) { throw WorkflowError.outputExists(path: output) }
            let project = try options.open()
            let exportFormat = format.flatMap { ExportFormat(rawValue: $0.lowercased()) }
                ?? ExportFormat(rawValue: url.pathExtension.lowercased()) ?? .jsonl
            let report = try Exporter.export(
                try project.database.itemLabels(), config: project.config,
                options: ExportOptions(format: exportFormat, withAnnotations: withAnnotations,
                                       minAgreement: minAgreement, includeUnlabelled: includeUnlabelled,
                                       includeUnresolved: includeUnresolved),
                to: url)
            if options.json {
                Output.json(report)
            } else {
                Output.line("Wrote \(report.items) items to \(output) and the dataset card to \(report.cardPath).")
                for (reason, count) in report.dropped.sorted(by: { $0.key < $1.key }) {
                    Output.line("  left out: \(count) \(reason.replacingOccurrences(of: "_", with: " "))")
                }
            }
        }
    }
}
