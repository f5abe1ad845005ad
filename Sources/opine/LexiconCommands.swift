import ArgumentParser
import Foundation
import Lexicons
import ModelLoop
import Workflow

struct LexiconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon",
        abstract: "Check sentiment lexicons, import VADER or AFINN, add the project's own terms.",
        subcommands: [LexiconCheckCommand.self, LexiconAddCommand.self, LexiconImportCommand.self])
}

struct LexiconCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate lexicon files: headers, scores, duplicates and conflicts, with line numbers.")

    @Option(help: ArgumentHelp("A lexicon folder to check (default: the shipped lexicons and the project's additions).", valueName: "DIR"))
    var directory: String?

    @OptionGroup var options: ProjectOptions

    func run() throws {
        try reportingErrors {
            var roots: [(URL, Bool)] = []
            if let directory {
                roots.append((URL(fileURLWithPath: directory), true))
            } else {
                roots.append((try LexiconLocation.shipped(), true))
                let overlay = LexiconLocation.overlay(of: options.directory)
                if FileManager.default.fileExists(atPath: overlay.path) { roots.append((overlay, false)) }
            }
            var findings: [Finding] = []
            for (root, requireLanguages) in roots {
                do {
                    findings += try LexiconSource.read(from: root, requireLanguages: requireLanguages).check()
                } catch let error as LexiconsError {
                    throw CommandError(message: error.description)
                }
            }
            let errors = findings.filter { $0.severity == .error }
            if options.json {
                Output.json(CheckResult(checked: roots.map(\.0.path), errors: errors.count,
                                        warnings: findings.count - errors.count, findings: findings.map(\.description)))
            } else {
                for finding in findings { Output.line(finding.description) }
                Output.line("Checked \(roots.map(\.0.path).joined(separator: ", ")): \(errors.count) error\(errors.count == 1 ? "" : "s"), \(findings.count - errors.count) warning\(findings.count - errors.count == 1 ? "" : "s").")
            }
            if !errors.isEmpty { throw ExitStatus.dataError }
        }
    }

    private struct CheckResult: Encodable {
        var checked: [String]
        var errors: Int
        var warnings: Int
        var findings: [String]
    }
}

struct LexiconAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add or change a term in the project's own lexicon (never the shipped files).")

    @OptionGroup var options: ProjectOptions

    @Argument(help: "The word or phrase (a trailing * matches a stem).")
    var term: String

    @Argument(help: "Its valence, from -4 to 4.")
    var valence: Double

    @Option(help: "The language code, e.g. en, es.")
    var lang: String

    @Option(help: "A note kept beside the term.")
    var note: String = ""

    func validate() throws {
        if !(-4...4).contains(valence) { throw ValidationError("the valence must be between -4 and 4") }
        if term.contains("\t") || term.contains("\n") || term.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("the term must be non-empty text without tabs or line breaks")
        }
    }

    func run() throws {
        try reportingErrors {
            _ = try Project.loadConfig(directory: options.directory)
            let entry = LexiconEntry(term: term.lowercased(), valence: valence, note: note)
            let path = try OverlayLexicon.merge([entry], lang: lang, project: options.directory)
            if options.json {
                Output.json(["file": path, "term": entry.term, "valence": String(valence)])
            } else {
                Output.line("\(entry.term) = \(valence) in \(path)")
            }
        }
    }
}

struct LexiconImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a published lexicon (VADER's vader_lexicon.txt or AFINN) into the project's lexicon.",
        discussion: "AFINN's -5…5 scores are scaled by 0.8 to Opine's -4…4. A bad line rejects the whole file; nothing is written.")

    @OptionGroup var options: ProjectOptions

    @Argument(help: ArgumentHelp("The lexicon file.", valueName: "FILE"))
    var file: String

    @Option(help: "vader or afinn.")
    var format: String

    @Option(help: "The language code the lexicon is for.")
    var lang: String = "en"

    func validate() throws {
        if !["vader", "afinn"].contains(format.lowercased()) { throw ValidationError("--format must be vader or afinn") }
    }

    func run() throws {
        try reportingErrors {
            _ = try Project.loadConfig(directory: options.directory)
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw WorkflowError.unreadableFile(file: file, reason: "not readable as UTF-8 text")
            }
            let parsed: Parsed<LexiconEntry>
            do {
                parsed = format.lowercased() == "vader" ? try LexiconImport.vader(text, file: file) : try LexiconImport.afinn(text, file: file)
            } catch let error as LexiconsError {
                throw CommandError(message: error.description)
            }
            let entries = try parsed.get()
            let path = try OverlayLexicon.merge(entries, lang: lang, project: options.directory)
            if options.json {
                Output.json(["file": path, "imported": String(entries.count), "warnings": String(parsed.findings.count)])
            } else {
                Output.line("Imported \(entries.count) terms from \(file) into \(path) (\(parsed.findings.count) warnings).")
            }
        }
    }
}

/// The project's overlay lexicon file for one language, rewritten whole and checked before it
/// replaces the old one, so a bad addition never leaves a broken file behind.
enum OverlayLexicon {
    static func merge(_ entries: [LexiconEntry], lang: String, project: URL) throws -> String {
        guard (2...3).contains(lang.count), lang.allSatisfy({ $0.isLetter && $0.isLowercase }) else {
            throw CommandError(message: "'\(lang)' is not a language code such as en or es")
        }
        let folder = LexiconLocation.overlay(of: project).appendingPathComponent(lang)
        let url = folder.appendingPathComponent("lexicon.tsv")
        var byTerm: [String: LexiconEntry] = [:]
        var order: [String] = []
        if let existing = try? String(contentsOf: url, encoding: .utf8) {
            for line in existing.split(separator: "\n").dropFirst() where !line.hasPrefix("#") {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 2, let valence = Double(fields[1]) else { continue }
                let entry = LexiconEntry(term: fields[0], valence: valence, partOfSpeech: fields.count > 2 ? fields[2] : "",
                                         note: fields.count > 3 ? fields[3] : "")
                if byTerm[entry.term] == nil { order.append(entry.term) }
                byTerm[entry.term] = entry
            }
        }
        for entry in entries {
            if byTerm[entry.term] == nil { order.append(entry.term) }
            byTerm[entry.term] = entry
        }
        var text = "# The project's own terms, added with `opine lexicon add` or `opine lexicon import`.\n"
        text += LexiconFormat.lexiconHeader.joined(separator: "\t") + "\n"
        for term in order {
            guard let entry = byTerm[term] else { continue }
            text += "\(entry.term)\t\(entry.valence)\t\(entry.partOfSpeech)\t\(entry.note)\n"
        }
        // Check the new file in a scratch folder first.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("opine-lexicon-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.createDirectory(at: scratch.appendingPathComponent(lang), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: scratch.appendingPathComponent("\(lang)/lexicon.tsv"))
            let findings = try LexiconSource.read(from: scratch, requireLanguages: false).check(warnings: false)
            if let error = findings.first(where: { $0.severity == .error }) {
                throw CommandError(message: "the project lexicon would be invalid: \(error.description)")
            }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch let error as LexiconsError {
            throw CommandError(message: error.description)
        }
        return url.path
    }
}
