import AnnotationStore
import Foundation

/// Files of the annotation tools teams move in from and out to, in the shapes those tools write
/// (each tool's documented export):
/// - `prodigy`: JSONL tasks, one per answer, the choice interface (`options`, `accept`,
///   `answer`, `_input_hash`, `_annotator_id`, `_timestamp`, `meta`);
/// - `label-studio`: a JSON array of tasks (`data`, `annotations[].result[].value.choices`,
///   `completed_by`, `created_at`, `was_cancelled`, `predictions[]` with `score`);
/// - `doccano`: JSONL of the text-classification export (`id`, `text`, `label` list, `Comments`);
/// - `argilla`: a JSON array of records (`id`, `fields`, `metadata`, `responses.QUESTION[]` with
///   `value` and `user_id`, `suggestions.QUESTION` with `value`, `score` and `agent`).
public enum InteropFormat: String, Sendable, CaseIterable {
    case prodigy
    case labelStudio = "label-studio"
    case doccano
    case argilla

    /// One JSON object per line (else one JSON array).
    var isLines: Bool { self == .prodigy || self == .doccano }
}

/// How another tool's names map to the project's: its user ids to annotators, and the names of
/// the questions (Label Studio's `from_name`, Argilla's question) holding the label, flags, note.
public struct InteropOptions: Sendable, Equatable {
    /// Foreign annotator id → annotator in opine.toml; ids not listed are taken as names.
    public var annotators: [String: String] = [:]
    /// Who gave the labels of a file that does not say (doccano).
    public var annotator: String?
    public var labelQuestion = "sentiment"
    public var flagsQuestion = "flags"
    public var noteQuestion = "note"

    public init(annotators: [String: String] = [:], annotator: String? = nil) {
        self.annotators = annotators
        self.annotator = annotator
    }

    func name(of foreign: String) -> String { annotators[foreign] ?? foreign }
}

/// A record of another tool's file that cannot be imported, named by its place and id.
public struct RecordProblem: Sendable, Equatable {
    /// The record's 1-based line (JSONL) or position in the array (JSON).
    public var record: Int
    public var id: String?
    public var reason: String

    public init(record: Int, id: String?, reason: String) {
        self.record = record
        self.id = id
        self.reason = reason
    }

    public var description: String { "record \(record)\(id.map { " (id \($0))" } ?? ""): \(reason)" }
}

/// Reads another tool's file into import rows: items with each annotator's labels, flags, notes
/// and times. Every record is checked before anything is written; one bad record rejects the
/// file, naming the record.
public enum InteropReader {
    /// Keys of a record's metadata that carry a model suggestion read from another tool.
    public static let suggestionKey = "suggestion", suggestionScoreKey = "suggestion_score"

    public static func rows(path: String, format: InteropFormat, config: ProjectConfig, options: InteropOptions) throws -> [ImportRow] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw WorkflowError.unreadableFile(file: path, reason: error.localizedDescription)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw WorkflowError.invalidEncoding(file: path, line: TextDecoding.lineOfFirstInvalidByte(in: data) ?? 1,
                                                byteOffset: TextDecoding.firstInvalidByte(in: data) ?? 0, encoding: "UTF-8")
        }
        var parser = RecordParser(format: format, config: config, options: options)
        for (number, object) in try records(text, format: format, file: path) { parser.read(object, record: number) }
        if !parser.problems.isEmpty {
            throw WorkflowError.badRecords(file: path, problems: Array(parser.problems.prefix(10)), total: parser.problems.count)
        }
        return parser.rows()
    }

    /// The file's records with their numbers: lines of JSONL (blank lines skipped), or the
    /// elements of a JSON array. A record that is not a JSON object is a problem of its own.
    static func records(_ text: String, format: InteropFormat, file: String) throws -> [(Int, Any)] {
        if format.isLines {
            var records: [(Int, Any)] = []
            var problems: [RecordProblem] = []
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard !line.allSatisfy(\.isWhitespace) else { continue }
                if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) {
                    records.append((index + 1, object))
                } else {
                    problems.append(RecordProblem(record: index + 1, id: nil, reason: "not a JSON object"))
                }
            }
            if !problems.isEmpty { throw WorkflowError.badRecords(file: file, problems: Array(problems.prefix(10)), total: problems.count) }
            return records
        }
        guard let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else {
            throw WorkflowError.badRecords(file: file, problems: [RecordProblem(record: 0, id: nil, reason: "the file is not a JSON array of records")], total: 1)
        }
        return array.enumerated().map { ($0.offset + 1, $0.element) }
    }
}

/// What one pass over the records gathers: items by id (in first-seen order), with labels.
private struct RecordParser {
    let format: InteropFormat
    let config: ProjectConfig
    let options: InteropOptions
    var problems: [RecordProblem] = []
    var order: [String] = []
    var items: [String: ImportRow] = [:]

    init(format: InteropFormat, config: ProjectConfig, options: InteropOptions) {
        self.format = format
        self.config = config
        self.options = options
    }

    func rows() -> [ImportRow] { order.compactMap { items[$0] } }

    mutating func read(_ value: Any, record: Int) {
        guard let object = value as? [String: Any] else {
            problems.append(RecordProblem(record: record, id: nil, reason: "not a JSON object"))
            return
        }
        var found = Found()
        switch format {
        case .prodigy: prodigy(object, into: &found)
        case .labelStudio: labelStudio(object, into: &found)
        case .doccano: doccano(object, into: &found)
        case .argilla: argilla(object, into: &found)
        }
        let fail = { (reason: String) in RecordProblem(record: record, id: found.id, reason: reason) }
        if let reason = found.problem { problems.append(fail(reason)); return }
        guard let text = found.text, !isBlank(text) else { problems.append(fail("no text")); return }
        guard let id = found.id, !id.isEmpty else { problems.append(fail("no id (the item's id field is missing)")); return }
        var labels: [ImportedLabel] = []
        for answer in found.labels {
            guard let label = config.label(answer.label) else {
                problems.append(fail("unknown label '\(answer.label)' (labels: \(config.labelNames.joined(separator: ", ")))"))
                return
            }
            var flags: [String] = []
            for flag in answer.flags {
                guard let known = config.flag(flag) else {
                    problems.append(fail("unknown flag '\(flag)' (flags: \(config.flagNames.joined(separator: ", ")))"))
                    return
                }
                if !flags.contains(known) { flags.append(known) }
            }
            guard let who = answer.annotator.map(options.name(of:)) ?? options.annotator else {
                problems.append(fail("the label '\(label)' says nobody gave it: pass --annotator NAME"))
                return
            }
            guard config.annotator(who) != nil else {
                let given = answer.annotator ?? who
                problems.append(fail("annotator '\(given)' is not in opine.toml: add [[annotators]] name = \"\(who)\", or map it with --annotator-map \(given)=NAME"))
                return
            }
            labels.append(ImportedLabel(annotator: who, label: label, flags: flags, note: answer.note, createdAt: answer.time))
        }
        var metadata = found.metadata
        if let suggestion = found.suggestion {
            metadata[InteropReader.suggestionKey] = suggestion.label
            if let score = suggestion.score { metadata[InteropReader.suggestionScoreKey] = JSONText.number(score) }
        }
        labels.sort { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
        if var existing = items[id] {
            guard existing.text == text else {
                problems.append(fail("id '\(id)' appears again with another text"))
                return
            }
            existing.labels += labels
            existing.labels.sort { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
            items[id] = existing
        } else {
            order.append(id)
            items[id] = ImportRow(line: record, externalId: id, text: text, lang: found.lang, metadataJSON: JSONText.object(metadata), labels: labels)
        }
    }

    // MARK: - The four formats

    /// Prodigy's choice tasks: `accept` holds the chosen option ids; a binary task has `label`
    /// with `answer`. Only accepted answers are labels (reject and ignore leave the item
    /// unlabelled by that annotator).
    func prodigy(_ task: [String: Any], into found: inout Found) {
        var meta = task["meta"] as? [String: Any] ?? [:]
        found.id = Self.string(meta.removeValue(forKey: "id")) ?? Self.string(task["_input_hash"])
        found.text = task["text"] as? String
        found.lang = Self.string(meta.removeValue(forKey: "lang"))
        found.metadata = Self.strings(meta)
        guard let answer = task["answer"] as? String else { return }
        guard answer == "accept" else { return }
        let chosen = (task["accept"] as? [Any])?.compactMap(Self.string) ?? (task["label"] as? String).map { [$0] } ?? []
        let labels = chosen.filter { config.label($0) != nil }
        guard labels.count <= 1 else { found.problem = "accepts \(labels.count) labels (\(labels.joined(separator: ", "))); Opine's labels exclude each other"; return }
        // No known label among the choices: the first is reported as an unknown label.
        guard let label = labels.first ?? chosen.first else { return }
        let flags = chosen.filter { $0 != label } + ((task["flags"] as? [Any])?.compactMap(Self.string) ?? [])
        let annotator = Self.string(task["_annotator_id"]) ?? Self.string(task["_session_id"])
        let time = (task["_timestamp"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) }
        found.labels.append(Answer(annotator: annotator, label: label, flags: flags, note: task["user_input"] as? String, time: time))
    }

    /// Label Studio tasks: each annotation's `choices` results; the label question is
    /// `from_name` = sentiment (or the first choices whose values are labels), flags and a
    /// textarea note are further results. Cancelled annotations are not labels.
    func labelStudio(_ task: [String: Any], into found: inout Found) {
        var data = task["data"] as? [String: Any] ?? [:]
        found.text = data.removeValue(forKey: "text") as? String
        found.id = Self.string(data.removeValue(forKey: "id")) ?? Self.string(task["id"])
        found.lang = Self.string(data.removeValue(forKey: "lang"))
        found.metadata = Self.strings(data)
        for annotation in task["annotations"] as? [[String: Any]] ?? [] {
            if annotation["was_cancelled"] as? Bool == true { continue }
            let results = annotation["result"] as? [[String: Any]] ?? []
            guard let label = choices(results, question: options.labelQuestion, isLabel: true)?.first else { continue }
            let flags = choices(results, question: options.flagsQuestion, isLabel: false) ?? []
            let note = results.first { $0["from_name"] as? String == options.noteQuestion }
                .flatMap { ($0["value"] as? [String: Any])?["text"] as? [Any] }?.compactMap { $0 as? String }.joined(separator: "\n")
            let who = annotation["completed_by"].flatMap { value -> String? in
                if let user = value as? [String: Any] { return Self.string(user["email"]) ?? Self.string(user["id"]) }
                return Self.string(value)
            }
            found.labels.append(Answer(annotator: who, label: label, flags: flags, note: note,
                                       time: (annotation["created_at"] as? String).flatMap(Self.date)))
        }
        if let prediction = (task["predictions"] as? [[String: Any]])?.last,
           let label = choices(prediction["result"] as? [[String: Any]] ?? [], question: options.labelQuestion, isLabel: true)?.first {
            found.suggestion = (label, (prediction["score"] as? NSNumber)?.doubleValue)
        }
    }

    /// The values of a `choices` result: the named question, else (for the label) the first
    /// choices result whose values are all labels.
    func choices(_ results: [[String: Any]], question: String, isLabel: Bool) -> [String]? {
        let values = { (result: [String: Any]) in ((result["value"] as? [String: Any])?["choices"] as? [Any])?.compactMap(Self.string) }
        if let named = results.first(where: { $0["from_name"] as? String == question }) { return values(named) }
        guard isLabel else { return nil }
        return results.lazy.compactMap(values).first { !$0.isEmpty && $0.allSatisfy { config.label($0) != nil } }
    }

    /// doccano's text classification export: `label` is a list (labels and flags by name),
    /// `Comments` the annotator's comments; who labelled is `--annotator`.
    func doccano(_ record: [String: Any], into found: inout Found) {
        var rest = record
        found.id = Self.string(rest.removeValue(forKey: "id"))
        found.text = rest.removeValue(forKey: "text") as? String
        found.lang = Self.string(rest.removeValue(forKey: "lang"))
        let names = (rest.removeValue(forKey: "label") as? [Any])?.compactMap(Self.string) ?? []
        let comments = (rest.removeValue(forKey: "Comments") as? [Any])?.compactMap { ($0 as? [String: Any])?["text"] as? String ?? $0 as? String } ?? []
        found.metadata = Self.strings(rest)
        let labels = names.filter { config.label($0) != nil }
        guard labels.count <= 1 else { found.problem = "has \(labels.count) labels (\(labels.joined(separator: ", "))); Opine's labels exclude each other"; return }
        guard let label = labels.first ?? names.first else { return }
        found.labels.append(Answer(annotator: nil, label: label, flags: names.filter { $0 != label },
                                   note: comments.isEmpty ? nil : comments.joined(separator: "\n"), time: nil))
    }

    /// Argilla records: `responses` per question, one per user; `suggestions` the model's.
    func argilla(_ record: [String: Any], into found: inout Found) {
        var fields = record["fields"] as? [String: Any] ?? [:]
        found.text = fields.removeValue(forKey: "text") as? String
        var metadata = record["metadata"] as? [String: Any] ?? [:]
        found.id = Self.string(record["id"]) ?? Self.string(record["external_id"])
        found.lang = Self.string(metadata.removeValue(forKey: "lang"))
        found.metadata = Self.strings(fields).merging(Self.strings(metadata)) { first, _ in first }
        let responses = record["responses"] as? [String: Any] ?? [:]
        func byUser(_ question: String) -> [String: Any] {
            var answers: [String: Any] = [:]
            for response in responses[question] as? [[String: Any]] ?? [] {
                if let user = Self.string(response["user_id"]) { answers[user] = response["value"] }
            }
            return answers
        }
        let flags = byUser(options.flagsQuestion), notes = byUser(options.noteQuestion)
        for (user, value) in byUser(options.labelQuestion).sorted(by: { $0.key < $1.key }) {
            guard let label = Self.string(value) else { continue }
            found.labels.append(Answer(annotator: user, label: label, flags: (flags[user] as? [Any])?.compactMap(Self.string) ?? [],
                                       note: notes[user] as? String, time: nil))
        }
        if let suggestion = (record["suggestions"] as? [String: Any])?[options.labelQuestion] as? [String: Any],
           let label = Self.string(suggestion["value"]) {
            found.suggestion = (label, (suggestion["score"] as? NSNumber)?.doubleValue)
        }
    }

    // MARK: - Values

    struct Answer {
        var annotator: String?
        var label: String
        var flags: [String]
        var note: String?
        var time: Date?
    }

    struct Found {
        var id: String?
        var text: String?
        var lang: String?
        var metadata: [String: String] = [:]
        var labels: [Answer] = []
        var suggestion: (label: String, score: Double?)?
        var problem: String?
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    /// Metadata values as the project keeps them: text (numbers and booleans as written;
    /// nested values as JSON).
    static func strings(_ object: [String: Any]) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in object where !(value is NSNull) {
            if let text = string(value) {
                result[key] = text
            } else if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) {
                result[key] = String(decoding: data, as: UTF8.self)
            }
        }
        return result
    }

    /// Made once: an import parses a time per label.
    nonisolated(unsafe) private static let fractional: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
    nonisolated(unsafe) private static let whole = ISO8601DateFormatter()

    static func date(_ text: String) -> Date? { fractional.date(from: text) ?? whole.date(from: text) }
}
