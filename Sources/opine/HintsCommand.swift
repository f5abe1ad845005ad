import AnnotationStore
import ArgumentParser
import Foundation
import Lexicons
import ModelLoop
import Workflow

struct HintsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hints",
        abstract: "Show the lexicon's hints for a text: sentiment words, negation, boosters, the rule-based score.",
        discussion: "Language: --lang, else the item's lang, else detected (unknown languages get emoji hints only).")

    @OptionGroup var options: ProjectOptions

    @Argument(help: "The text (or use --item).")
    var text: [String] = []

    @Option(help: "An item of the project whose text to analyse.")
    var item: String?

    @Option(help: "The language code (default: the item's, else detected).")
    var lang: String?

    func validate() throws {
        if text.isEmpty == (item == nil) { throw ValidationError("give a TEXT or --item ID (one of them)") }
    }

    func run() throws {
        try reportingErrors {
            var subject = text.joined(separator: " ")
            var language = lang
            var projectDirectory: URL?
            if let item {
                let project = try options.open()
                guard let stored = try project.database.item(item) else { throw AnnotationStoreError.unknownItem(item) }
                subject = stored.text
                language = language ?? stored.lang
                projectDirectory = project.directory
            } else if FileManager.default.fileExists(atPath: options.directory.appendingPathComponent(Project.configFileName).path) {
                projectDirectory = options.directory
            }
            let analyzer = Analyzer(library: try LexiconLocation.library(project: projectDirectory))
            let analysis = analyzer.analyze(subject, language: language)
            if options.json {
                Output.json(HintsResult(text: subject, analysis: analysis))
                return
            }
            let decided = analysis.language
            let source = "\(decided.source)"
            Output.line("language  \(decided.language ?? "unknown") (\(source), confidence \(String(format: "%.2f", decided.confidence)))")
            Output.line("score     \(String(format: "%+.3f", analysis.compound)) → \(analysis.label)")
            for hint in analysis.hints {
                var marks: [String] = []
                if hint.negated { marks.append("negated") }
                if hint.boosted { marks.append("boosted") }
                if hint.dampened { marks.append("dampened") }
                if hint.emphasized { marks.append("emphasis") }
                let note = marks.isEmpty ? "" : "  (" + marks.joined(separator: ", ") + ")"
                let effect = [.sentiment, .emoji].contains(hint.kind) ? String(format: "%+.2f", hint.valence) : hint.kind.rawValue
                Output.line("  [\(hint.range.lowerBound)..<\(hint.range.upperBound)] \(Output.visible(hint.text).padding(toLength: 18, withPad: " ", startingAt: 0)) \(effect)\(note)")
            }
        }
    }

    private struct HintsResult: Encodable {
        struct Span: Encodable {
            var kind: String
            var start: Int
            var end: Int
            var text: String
            var term: String
            var valence: Double
            var negated: Bool
            var boosted: Bool
            var dampened: Bool
        }

        var text: String
        var language: String?
        var languageConfidence: Double
        var languageSource: String
        var compound: Double
        var positive: Double
        var neutral: Double
        var negative: Double
        var label: String
        var hints: [Span]

        init(text: String, analysis: Analysis) {
            self.text = text
            language = analysis.language.language
            languageConfidence = analysis.language.confidence
            languageSource = "\(analysis.language.source)"
            compound = analysis.compound
            positive = analysis.positive
            neutral = analysis.neutral
            negative = analysis.negative
            label = "\(analysis.label)"
            hints = analysis.hints.map {
                Span(kind: $0.kind.rawValue, start: $0.range.lowerBound, end: $0.range.upperBound, text: $0.text, term: $0.term, valence: $0.valence,
                     negated: $0.negated, boosted: $0.boosted, dampened: $0.dampened)
            }
        }
    }
}
