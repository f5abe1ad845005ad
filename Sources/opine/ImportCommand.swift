import AnnotationStore
import ArgumentParser
import Foundation
import Workflow

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import texts (and optionally an earlier round's labels) from CSV, TSV or JSONL, or from Prodigy, Label Studio, doccano or Argilla.",
        discussion: """
            The whole file is checked first: any bad row (invalid UTF-8, wrong number of fields, \
            empty text, unknown label…) rejects the file with its line numbers and changes nothing. \
            Columns not mapped below are kept as metadata. Rows whose id is already in the project \
            with the same text add only their label, so each annotator's earlier round can come in \
            its own file; the same id with another text is an error. Repeated ids in a file and \
            texts already present under another id are skipped and counted.

            --format prodigy | label-studio | doccano | argilla reads those tools' own exports (Prodigy JSONL \
            tasks, a Label Studio JSON export, doccano's text-classification JSONL, Argilla records as JSON) with \
            every annotator's label, flags, note and time where the format has them, and the model's suggestion \
            (kept as metadata). Their user ids must be annotators in opine.toml or be mapped with \
            --annotator-map ID=NAME. A bad record rejects the file, naming the record.
            """)

    @OptionGroup var options: ProjectOptions

    @Argument(help: ArgumentHelp("The data file.", valueName: "FILE"))
    var file: String

    @Option(help: "csv, tsv, jsonl, prodigy, label-studio, doccano or argilla (default: csv, tsv or jsonl from the file name).")
    var format: String?

    @Option(name: .customLong("annotator-map"), help: ArgumentHelp(
        "Another tool's user id and the annotator it is in opine.toml (repeatable), e.g. 3=ana.", valueName: "ID=NAME"))
    var annotatorMap: [String] = []

    @Option(name: .customLong("questions"), help: ArgumentHelp(
        "Label Studio's from_name / Argilla's question names of the label, the flags and the note (default sentiment,flags,note; the label question is also found by its values).",
        valueName: "LABEL,FLAGS,NOTE"))
    var questions: String?

    @Option(help: "utf-8 or latin-1. Opine never guesses an encoding.")
    var encoding: String = TextEncoding.utf8.rawValue

    @Option(help: "The column holding the text.")
    var text: String = "text"

    @Option(help: "The column holding item ids (default: `id` if present, else ids derived from the text).")
    var id: String?

    @Option(help: "The column holding the language code (default: `lang` if present).")
    var lang: String?

    @Option(help: "A column of labels from an earlier round (needs --annotator).")
    var label: String?

    @Option(help: "A column of flags (separated by ; or ,) that go with --label.")
    var flags: String?

    @Option(help: "The annotator who gave the labels in --label.")
    var annotator: String?

    @Flag(help: "Check the file and report what would be imported, without writing.")
    var dryRun = false

    func validate() throws {
        if label != nil && annotator == nil { throw ValidationError("--label needs --annotator NAME: whose labels are they?") }
        if flags != nil && label == nil { throw ValidationError("--flags goes with --label COLUMN") }
        if TextEncoding(rawValue: encoding.lowercased()) == nil {
            throw ValidationError("unknown --encoding '\(encoding)' (use utf-8 or latin-1)")
        }
        if let format, DataFormat(rawValue: format.lowercased()) == nil, InteropFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("unknown --format '\(format)' (use csv, tsv, jsonl, prodigy, label-studio, doccano or argilla)")
        }
        if let bad = annotatorMap.first(where: { Self.pair($0) == nil }) {
            throw ValidationError("--annotator-map takes ID=NAME, got '\(bad)'")
        }
        if interopFormat != nil, label != nil || flags != nil {
            throw ValidationError("--label and --flags are for CSV, TSV and JSONL; \(format ?? "") files say where their labels are")
        }
        if format == nil && DataFormat(fileName: file) == nil {
            throw ValidationError("cannot tell the format of '\(file)' from its name: pass --format csv, tsv or jsonl")
        }
    }

    var interopFormat: InteropFormat? { format.flatMap { InteropFormat(rawValue: $0.lowercased()) } }

    static func pair(_ text: String) -> (String, String)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let key = String(text[..<equals]), value = String(text[text.index(after: equals)...])
        return key.isEmpty || value.isEmpty ? nil : (key, value)
    }

    func run() throws {
        try reportingErrors {
            let config = try Project.loadConfig(directory: options.directory)
            if let annotator, config.annotator(annotator) == nil {
                throw AnnotationStoreError.unknownAnnotator(annotator)
            }
            if let interopFormat {
                try importInterop(interopFormat, config: config)
                return
            }
            let dataFormat = format.flatMap { DataFormat(rawValue: $0.lowercased()) } ?? DataFormat(fileName: file) ?? .csv
            let table = try DataTable.read(path: file, format: dataFormat, encoding: TextEncoding(rawValue: encoding.lowercased()) ?? .utf8)
            let mapping = ImportMapping(textColumn: text, idColumn: id, langColumn: lang, labelColumn: label, flagsColumn: flags, annotator: annotator)
            let rows = try Importer.rows(from: table, file: file, mapping: mapping, config: config)
            if dryRun {
                if options.json {
                    Output.json(["file": file, "rows": String(rows.count), "dry_run": "true"])
                } else {
                    Output.line("\(file): \(rows.count) rows are valid; nothing was written (--dry-run).")
                }
                return
            }
            let project = try options.open()
            let summary = try project.database.importRows(rows, file: file, annotator: annotator, splits: config.splits)
            if options.json {
                Output.json(ImportReport(file: file, summary: summary))
            } else {
                print(summary: summary)
            }
        }
    }

    /// Another tool's file: every record checked first, then one transaction.
    private func importInterop(_ format: InteropFormat, config: ProjectConfig) throws {
        let map = Dictionary(annotatorMap.compactMap(Self.pair), uniquingKeysWith: { _, last in last })
        var interop = InteropOptions(annotators: map, annotator: annotator)
        if let questions {
            let names = questions.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard names.count == 3, names.allSatisfy({ !$0.isEmpty }) else {
                throw CommandError(message: "--questions takes three names, LABEL,FLAGS,NOTE (got '\(questions)')")
            }
            (interop.labelQuestion, interop.flagsQuestion, interop.noteQuestion) = (names[0], names[1], names[2])
        }
        let rows = try InteropReader.rows(path: file, format: format, config: config, options: interop)
        if dryRun {
            let labels = rows.reduce(0) { $0 + $1.labels.count }
            if options.json {
                Output.json(["file": file, "rows": String(rows.count), "labels": String(labels), "dry_run": "true"])
            } else {
                Output.line("\(file): \(rows.count) items and \(labels) labels are valid; nothing was written (--dry-run).")
            }
            return
        }
        let summary = try options.open().database.importRows(rows, file: file, annotator: nil, splits: config.splits)
        if options.json {
            Output.json(ImportReport(file: file, summary: summary))
            return
        }
        print(summary: summary)
        Output.line("  labels added         \(summary.labelsAdded)  (\(Set(rows.flatMap { $0.labels.map(\.annotator) }).sorted().joined(separator: ", ")))")
        if summary.labelsUnchanged > 0 { Output.line("  labels unchanged     \(summary.labelsUnchanged)") }
    }

    private func print(summary: ImportSummary) {
        Output.line("\(file): \(summary.rows) rows")
        Output.line("  items added          \(summary.itemsAdded)")
        if summary.itemsAlreadyPresent > 0 { Output.line("  already present      \(summary.itemsAlreadyPresent)") }
        if label != nil {
            Output.line("  labels added         \(summary.labelsAdded)  (annotator \(annotator ?? ""))")
            if summary.labelsUnchanged > 0 { Output.line("  labels unchanged     \(summary.labelsUnchanged)") }
        }
        if summary.duplicateIds > 0 { Output.line("  skipped, repeated id \(summary.duplicateIds)") }
        if summary.duplicateTexts > 0 { Output.line("  skipped, same text   \(summary.duplicateTexts)") }
        for skipped in summary.skipped.prefix(5) {
            let what = skipped.reason == .duplicateId ? "id '\(skipped.externalId)' first used on \(skipped.firstSeen)" : "same text as item '\(skipped.firstSeen)'"
            Output.line("    \(file):\(skipped.line): \(what)")
        }
        if summary.skipped.count > 5 { Output.line("    … and \(summary.skipped.count - 5) more (see --json)") }
    }
}

/// The import summary as `--json` prints it.
private struct ImportReport: Encodable {
    var file: String
    var summary: ImportSummary

    enum CodingKeys: String, CodingKey {
        case file, rows, itemsAdded = "items_added", itemsAlreadyPresent = "items_already_present"
        case labelsAdded = "labels_added", labelsUnchanged = "labels_unchanged", skipped
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(summary.rows, forKey: .rows)
        try container.encode(summary.itemsAdded, forKey: .itemsAdded)
        try container.encode(summary.itemsAlreadyPresent, forKey: .itemsAlreadyPresent)
        try container.encode(summary.labelsAdded, forKey: .labelsAdded)
        try container.encode(summary.labelsUnchanged, forKey: .labelsUnchanged)
        try container.encode(summary.skipped, forKey: .skipped)
    }
}
