import AnnotationStore
import ArgumentParser
import Foundation
import ModelLoop
import Workflow

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the labelled dataset (one row per item, with its gold label) and a dataset card.",
        discussion: """
            Gold label: a lead's adjudication, else the label of more than half of the annotators, \
            else the only label. Items with split votes and no adjudication are left out, as are \
            unlabelled items unless --include-unlabelled. The card is written to OUT.card.md.

            --format prodigy | label-studio | doccano | argilla writes every item with each annotator's current \
            label, flags, note and time as that tool writes its own exports (no card), with the latest run's \
            prediction as the model's suggestion where the format has a place for one. Label Studio numbers \
            users: annotators are numbered in opine.toml's order (printed). doccano has no annotators: the \
            labels of --annotator, else the gold label.
            """)

    @OptionGroup var options: ProjectOptions

    @Argument(help: ArgumentHelp("The file to write.", valueName: "OUT"))
    var output: String

    @Option(help: "jsonl, csv, prodigy, label-studio, doccano or argilla (default: from OUT's name, else jsonl).")
    var format: String?

    @Option(help: ArgumentHelp("With --format doccano: whose labels to write (default: the gold label).", valueName: "NAME"))
    var annotator: String?

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
        if let format, ExportFormat(rawValue: format.lowercased()) == nil, InteropFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("unknown --format '\(format)' (use jsonl, csv, prodigy, label-studio, doccano or argilla)")
        }
        if annotator != nil, format?.lowercased() != InteropFormat.doccano.rawValue {
            throw ValidationError("--annotator goes with --format doccano (the other formats keep every annotator)")
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
            if let interop = format.flatMap({ InteropFormat(rawValue: $0.lowercased()) }) {
                try exportInterop(interop, project: project, to: url)
                return
            }
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

    private func exportInterop(_ format: InteropFormat, project: Project, to url: URL) throws {
        if let annotator, project.config.annotator(annotator) == nil { throw AnnotationStoreError.unknownAnnotator(annotator) }
        let items = try project.database.itemLabels()
        // The latest run's top label per item, as the model's suggestion.
        var suggestions: [Int64: Suggestion] = [:]
        if let run = try project.database.latestTrainingRun() {
            let model = try ModelPredictions(run: run, project: project)
            for (row, probabilities) in model.byRow {
                guard let best = probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] }) else { continue }
                suggestions[row] = Suggestion(label: model.labels[best], score: Double(probabilities[best]), agent: "opine run \(run.id)")
            }
        }
        let text = try InteropWriter.text(format, items: items, config: project.config, suggestions: suggestions, annotator: annotator)
        try Data(text.utf8).write(to: url, options: .atomic)
        let labels = items.reduce(0) { $0 + $1.labels.count }
        let users = format == .labelStudio ? InteropWriter.labelStudioUsers(project.config) : [:]
        if options.json {
            Output.json(InteropExportReport(path: output, format: format.rawValue, items: items.count, labels: labels,
                                            suggestions: suggestions.count, users: users))
            return
        }
        Output.line("Wrote \(items.count) items with \(labels) labels to \(output) (\(format.rawValue)).")
        if !users.isEmpty {
            Output.line("  Label Studio users: " + users.sorted { $0.value < $1.value }.map { "\($0.value) = \($0.key)" }.joined(separator: ", "))
            Output.line("  read back with: opine import \(output) --format label-studio "
                        + users.sorted { $0.value < $1.value }.map { "--annotator-map \($0.value)=\($0.key)" }.joined(separator: " "))
        }
    }

    private struct InteropExportReport: Encodable {
        var path: String
        var format: String
        var items: Int
        var labels: Int
        var suggestions: Int
        /// Label Studio's user number of each annotator.
        var users: [String: Int]
    }
}
