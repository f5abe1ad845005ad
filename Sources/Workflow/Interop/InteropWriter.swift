import AnnotationStore
import Digest
import Foundation

/// A model's suggestion for an item: its top label and that label's probability.
public struct Suggestion: Sendable, Equatable {
    public var label: String
    public var score: Double
    public var agent: String

    public init(label: String, score: Double, agent: String) {
        self.label = label
        self.score = score
        self.agent = agent
    }
}

/// Writes a project's items and every annotator's current label in another tool's format, the
/// way that tool writes its own exports, so its import (and `opine import --format`) reads them.
/// What a format has no place for is said in `InteropFormat`'s notes: Prodigy keeps whole-second
/// times and has no suggestion slot; doccano has no annotators, so one label per item (an
/// annotator's, or the gold label) goes out.
public enum InteropWriter {
    /// Label Studio numbers its users: annotators are numbered in opine.toml's order, from 1.
    public static func labelStudioUsers(_ config: ProjectConfig) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: config.annotators.enumerated().map { ($1.name, $0 + 1) })
    }

    public static func text(_ format: InteropFormat, items: [ItemLabels], config: ProjectConfig,
                            suggestions: [Int64: Suggestion], annotator: String? = nil) throws -> String {
        var records: [[String: Any]] = []
        for (index, entry) in items.enumerated() {
            var metadata = Self.metadata(entry.item)
            // A suggestion read from another tool rides in the metadata; one of the project's own
            // runs wins.
            let imported = metadata.removeValue(forKey: InteropReader.suggestionKey).map { label in
                Suggestion(label: label, score: metadata.removeValue(forKey: InteropReader.suggestionScoreKey).flatMap(Double.init) ?? 1,
                           agent: "imported")
            }
            let suggestion = suggestions[entry.item.rowId] ?? imported
            switch format {
            case .prodigy:
                records += prodigy(entry, metadata: metadata, config: config)
            case .labelStudio:
                records.append(labelStudio(entry, number: index + 1, metadata: metadata, suggestion: suggestion, config: config))
            case .doccano:
                records.append(doccano(entry, metadata: metadata, annotator: annotator))
            case .argilla:
                records.append(argilla(entry, metadata: metadata, suggestion: suggestion))
            }
        }
        if format.isLines {
            return try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self) }
                .joined(separator: "\n") + (records.isEmpty ? "" : "\n")
        }
        let data = try JSONSerialization.data(withJSONObject: records, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func metadata(_ item: StoredItem) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(item.metadataJSON.utf8)) as? [String: Any] else { return [:] }
        return object.compactMapValues { $0 as? String ?? ($0 as? NSNumber)?.stringValue }
    }

    /// Made once: an export formats a time per label, and a formatter costs more than the formatting.
    nonisolated(unsafe) private static let isoFormatter: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()

    static func iso(_ date: Date) -> String { isoFormatter.string(from: date) }

    /// Prodigy's choice interface: one task per answer (the labels and flags are the options,
    /// `accept` the chosen ones), `_annotator_id` the annotator, `user_input` the note.
    static func prodigy(_ entry: ItemLabels, metadata: [String: String], config: ProjectConfig) -> [[String: Any]] {
        var meta: [String: Any] = metadata
        meta["id"] = entry.item.externalId
        if let lang = entry.item.lang { meta["lang"] = lang }
        let options = (config.labelNames + config.flagNames).map { ["id": $0, "text": $0] }
        let inputHash = Int(Int32(truncatingIfNeeded: StableHash.of(entry.item.text)))
        var task: [String: Any] = ["text": entry.item.text, "meta": meta, "options": options, "_view_id": "choice", "_input_hash": inputHash]
        guard !entry.labels.isEmpty else {
            task["_task_hash"] = Int(Int32(truncatingIfNeeded: StableHash.of("\(inputHash)")))
            return [task]
        }
        return entry.labels.map { label in
            var answer = task
            answer["accept"] = [label.label] + label.flags
            answer["answer"] = "accept"
            answer["_task_hash"] = Int(Int32(truncatingIfNeeded: StableHash.of("\(inputHash) \(label.annotator)")))
            answer["_annotator_id"] = label.annotator
            answer["_session_id"] = label.annotator
            answer["_timestamp"] = Int(label.createdAt.timeIntervalSince1970)
            if let note = label.note { answer["user_input"] = note }
            return answer
        }
    }

    static func choices(_ question: String, _ values: [String]) -> [String: Any] {
        ["from_name": question, "to_name": "text", "type": "choices", "value": ["choices": values]]
    }

    /// Label Studio tasks: one annotation per annotator (the label, flags and note as results of
    /// the questions `sentiment`, `flags`, `note`), `predictions` the model's suggestion.
    static func labelStudio(_ entry: ItemLabels, number: Int, metadata: [String: String], suggestion: Suggestion?,
                            config: ProjectConfig) -> [String: Any] {
        var data: [String: Any] = metadata
        data["text"] = entry.item.text
        data["id"] = entry.item.externalId
        if let lang = entry.item.lang { data["lang"] = lang }
        let users = labelStudioUsers(config)
        let annotations: [[String: Any]] = entry.labels.enumerated().map { offset, label in
            var results = [choices("sentiment", [label.label])]
            if !label.flags.isEmpty { results.append(choices("flags", label.flags)) }
            if let note = label.note {
                results.append(["from_name": "note", "to_name": "text", "type": "textarea", "value": ["text": [note]]])
            }
            return ["id": number * 1000 + offset + 1, "completed_by": users[label.annotator] ?? 0, "result": results,
                    "created_at": iso(label.createdAt), "updated_at": iso(label.createdAt), "was_cancelled": false, "ground_truth": false]
        }
        var task: [String: Any] = ["id": number, "data": data, "annotations": annotations]
        if let suggestion {
            task["predictions"] = [["model_version": suggestion.agent, "score": suggestion.score, "result": [choices("sentiment", [suggestion.label])]]]
        }
        return task
    }

    /// doccano has one label list per document: the annotator's (`--annotator`), else the
    /// adjudicated label, else the majority (none when split).
    static func doccano(_ entry: ItemLabels, metadata: [String: String], annotator: String?) -> [String: Any] {
        var record: [String: Any] = metadata
        record["id"] = entry.item.externalId
        record["text"] = entry.item.text
        if let lang = entry.item.lang { record["lang"] = lang }
        if let annotator {
            let label = entry.labels.first { $0.annotator == annotator }
            record["label"] = label.map { [$0.label] + $0.flags } ?? []
            record["Comments"] = label?.note.map { [["text": $0]] } ?? []
        } else {
            record["label"] = entry.adjudication.map { [$0.label] } ?? Self.majority(entry.labels).map { [$0] } ?? []
            record["Comments"] = [] as [Any]
        }
        return record
    }

    static func majority(_ labels: [CurrentLabel]) -> String? {
        let counts = Dictionary(labels.map { ($0.label, 1) }, uniquingKeysWith: +)
        guard let top = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), top.value * 2 > labels.count else { return nil }
        return top.key
    }

    /// Argilla records: a response per user to the questions `sentiment`, `flags` and `note`,
    /// the model's suggestion with its score and agent.
    static func argilla(_ entry: ItemLabels, metadata: [String: String], suggestion: Suggestion?) -> [String: Any] {
        var meta: [String: Any] = metadata
        if let lang = entry.item.lang { meta["lang"] = lang }
        var responses: [String: Any] = [:]
        if !entry.labels.isEmpty {
            responses["sentiment"] = entry.labels.map { ["value": $0.label, "user_id": $0.annotator] }
            let flagged = entry.labels.filter { !$0.flags.isEmpty }
            if !flagged.isEmpty { responses["flags"] = flagged.map { ["value": $0.flags, "user_id": $0.annotator] } }
            let noted = entry.labels.filter { $0.note != nil }
            if !noted.isEmpty { responses["note"] = noted.map { ["value": $0.note ?? "", "user_id": $0.annotator] } }
        }
        var record: [String: Any] = ["id": entry.item.externalId, "fields": ["text": entry.item.text], "metadata": meta,
                                     "responses": responses, "status": entry.labels.isEmpty ? "pending" : "completed"]
        if let suggestion {
            record["suggestions"] = ["sentiment": ["value": suggestion.label, "score": suggestion.score, "agent": suggestion.agent]]
        }
        return record
    }
}
