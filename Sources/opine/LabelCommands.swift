import AnnotationStore
import ArgumentParser
import Foundation
import ModelLoop
import Workflow

struct LabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Record a label (one committed transaction per label).",
        discussion: """
            LABEL is a label's name or key. With --stdin, reads lines `ITEM<TAB>LABEL[<TAB>FLAGS[<TAB>NOTE]]` \
            and prints one line per committed label as soon as it is stored; a bad line is reported \
            on stderr and the rest go on (exit 65 at the end if any failed).
            """)

    @OptionGroup var options: ProjectOptions

    @Argument(help: ArgumentHelp("The item's id.", valueName: "ITEM"))
    var item: String?

    @Argument(help: ArgumentHelp("The label, by name or key.", valueName: "LABEL"))
    var label: String?

    @OptionGroup var who: AnnotatorOptions

    @Option(name: .customLong("flag"), help: "A flag to set (repeatable).")
    var flags: [String] = []

    @Option(help: "A free-text note on the item.")
    var note: String?

    @Option(help: "Seconds spent on the item.")
    var seconds: Double?

    @Flag(help: "Read labels from standard input, one per line.")
    var stdin = false

    func validate() throws {
        if stdin && (item != nil || label != nil) { throw ValidationError("give either ITEM LABEL or --stdin, not both") }
        if !stdin && (item == nil || label == nil) { throw ValidationError("give ITEM and LABEL (or --stdin)") }
        if let seconds, seconds < 0 { throw ValidationError("--seconds must not be negative") }
    }

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            _ = try who.checked(in: project)
            if stdin {
                try labelStream(project)
            } else if let item, let label {
                let recorded = try record(project, item: item, label: label, flags: flags, note: note)
                if options.json {
                    Output.json(recorded)
                } else {
                    let change = recorded.previousLabel.map { " (was \($0))" } ?? ""
                    Output.line("\(recorded.item): \(recorded.label)\(change) by \(recorded.annotator)")
                }
            }
        }
    }

    private func record(_ project: Project, item: String, label: String, flags: [String], note: String?) throws -> RecordedLabel {
        let config = project.config
        guard let name = config.label(label) else { throw WorkflowError.unknownLabel(label, known: config.labelNames) }
        let flagNames = try flags.map { flag in
            guard let known = config.flag(flag) else { throw WorkflowError.unknownFlag(flag, known: config.flagNames) }
            return known
        }
        return try project.database.recordLabel(
            item: item, annotator: who.annotator, label: name, flags: flagNames, note: note,
            seconds: seconds, origin: .cli, overlap: config.overlap, exposure: nil)
    }

    private func labelStream(_ project: Project) throws {
        var failures = 0
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2 else {
                Output.error("stdin:\(lineNumber): expected ITEM<TAB>LABEL")
                failures += 1
                continue
            }
            let flags = parts.count > 2 ? parts[2].split(whereSeparator: { $0 == ";" || $0 == "," }).map(String.init) : []
            let note = parts.count > 3 && !parts[3].isEmpty ? parts[3] : nil
            do {
                let recorded = try record(project, item: parts[0], label: parts[1], flags: flags, note: note)
                if options.json { Output.json(recorded, compact: true) } else { Output.line("ok \(recorded.item) \(recorded.label)") }
            } catch let error as CustomStringConvertible & Error {
                Output.error("stdin:\(lineNumber): \(error.description)")
                failures += 1
            }
        }
        if failures > 0 { throw ExitStatus.dataError }
    }
}

struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Retract an annotator's latest label (kept in the log, marked retracted).")

    @OptionGroup var options: ProjectOptions

    @OptionGroup var who: AnnotatorOptions

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            let annotator = try who.checked(in: project)
            let retracted = try project.database.retractLatest(annotator: annotator)
            if options.json {
                Output.json(UndoResult(retracted: retracted))
            } else if let retracted {
                let now = retracted.restoredLabel.map { "now \($0)" } ?? "now unlabelled"
                Output.line("Retracted \(retracted.label) on \(retracted.item) (\(now) for \(annotator)).")
            } else {
                Output.line("Nothing to undo for \(annotator).")
            }
        }
    }

    private struct UndoResult: Encodable {
        var retracted: RetractedLabel?

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            if let retracted { try container.encode(retracted) } else { try container.encode(["retracted": Optional<String>.none]) }
        }
    }
}

struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Show the next item an annotator should label.",
        discussion: "An item they have not labelled, with fewer labels than the project's overlap, in their own seeded random order.")

    @OptionGroup var options: ProjectOptions

    @OptionGroup var who: AnnotatorOptions

    @Option(name: .customLong("skip"), help: "An item to pass over (repeatable).")
    var skipped: [String] = []

    @Option(help: """
        random, uncertain (the model's smallest top-two margin first), conflict (lexicon and model disagree), blend, \
        or slice-balanced (the slice with the fewest labels first); default: [annotate] queue in opine.toml.
        """)
    var strategy: QueueStrategy?

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            let annotator = try who.checked(in: project)
            var queue = try AnnotationQueue.open(project: project, annotator: annotator, strategy: strategy)
            for id in skipped {
                guard let rowId = try project.database.rowId(of: id) else { continue }
                queue.skipped(rowId)
                try project.database.releaseLease(item: rowId, annotator: annotator)  // passed over: others may have it
            }
            if queue.strategy.usesModel, let run = try project.database.latestTrainingRun() {
                try queue.rank(by: ModelPredictions(run: run, project: project), project: project,
                               analyzer: LexiconLocation.analyzer(project: project.directory))
            }
            // The item handed out is leased to the annotator, as the screen does: another host's
            // `opine next` is handed another item while this one's slots are taken.
            var next: (StoredItem, QueueReason)?
            while next == nil, let (rowId, reason) = queue.next() {
                if let item = try project.database.item(rowId: rowId),
                   try project.database.lease(item: rowId, annotator: annotator, overlap: project.config.overlap,
                                              seconds: project.config.annotate.leaseMinutes * 60, now: Date()) {
                    next = (item, reason)
                } else {
                    queue.full(rowId)
                }
            }
            if options.json {
                Output.json(NextResult(item: next?.0, reason: next?.1.description))
            } else if let (item, reason) = next {
                Output.line("\(item.externalId)  [\(item.lang ?? "?"), \(item.split.rawValue)]  \(reason)")
                Output.line(Output.visible(item.text))
            } else {
                Output.line("No items left for \(annotator).")
            }
        }
    }

    private struct NextResult: Encodable {
        var item: StoredItem?
        var reason: String?

        enum CodingKeys: String, CodingKey { case item, reason }
        enum ItemKeys: String, CodingKey { case id, text, lang, split, metadata }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            guard let item else {
                try container.encodeNil(forKey: .item)
                return
            }
            try container.encode(reason, forKey: .reason)
            var nested = container.nestedContainer(keyedBy: ItemKeys.self, forKey: .item)
            try nested.encode(item.externalId, forKey: .id)
            try nested.encode(item.text, forKey: .text)
            try nested.encode(item.lang, forKey: .lang)
            try nested.encode(item.split.rawValue, forKey: .split)
            try nested.encode(Dictionary(item.metadata, uniquingKeysWith: { first, _ in first }), forKey: .metadata)
        }
    }
}

struct AdjudicateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjudicate",
        abstract: "Set an item's gold label as a lead (appended; a later adjudication supersedes it).")

    @OptionGroup var options: ProjectOptions

    @Argument(help: ArgumentHelp("The item's id.", valueName: "ITEM"))
    var item: String

    @Argument(help: ArgumentHelp("The gold label, by name or key.", valueName: "LABEL"))
    var label: String

    @Option(help: "The lead adjudicating (role = \"lead\" in opine.toml).")
    var lead: String

    @Option(help: "Why this label (kept with the adjudication).")
    var reason: String

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            guard let name = project.config.label(label) else {
                throw WorkflowError.unknownLabel(label, known: project.config.labelNames)
            }
            let adjudication = try project.database.adjudicate(item: item, lead: lead, label: name, reason: reason)
            if options.json {
                Output.json(adjudication)
            } else {
                Output.line("\(item): gold \(adjudication.label) by \(lead).")
            }
        }
    }
}
