import AnnotationStore
import Foundation

public enum ExportFormat: String, Sendable, CaseIterable {
    case jsonl, csv
}

public struct ExportOptions: Sendable, Equatable {
    public var format: ExportFormat
    /// Add every annotator's label (and flags, note, time) to each row.
    public var withAnnotations = false
    /// Leave out items whose top label's share of votes is below this (adjudicated items stay).
    public var minAgreement: Double?
    /// Keep items nobody labelled (with an empty gold label).
    public var includeUnlabelled = false
    /// Keep items whose votes are split with no majority (with an empty gold label).
    public var includeUnresolved = false

    public init(format: ExportFormat, withAnnotations: Bool = false, minAgreement: Double? = nil,
                includeUnlabelled: Bool = false, includeUnresolved: Bool = false) {
        self.format = format
        self.withAnnotations = withAnnotations
        self.minAgreement = minAgreement
        self.includeUnlabelled = includeUnlabelled
        self.includeUnresolved = includeUnresolved
    }
}

/// Why an item was left out of an export.
public enum DropReason: String, Sendable, Codable, CaseIterable {
    case unlabelled
    case noMajority = "no_majority"
    case belowMinAgreement = "below_min_agreement"

    var explanation: String {
        switch self {
        case .unlabelled: return "nobody labelled the item (pass --include-unlabelled to keep them)"
        case .noMajority: return "labels were split with no label above half and no adjudication (settle them with `opine adjudicate`, or pass --include-unresolved)"
        case .belowMinAgreement: return "the top label's share of votes was below --min-agreement"
        }
    }
}

/// What an export wrote: the numbers its dataset card reports.
public struct ExportReport: Sendable, Equatable, Codable {
    public var path: String
    public var cardPath: String
    public var format: String
    public var items: Int
    public var itemsPerSplit: [String: Int]
    /// split → label → items.
    public var labelsPerSplit: [String: [String: Int]]
    public var goldMethods: [String: Int]
    public var dropped: [String: Int]
    /// Current labels per annotator over the exported items.
    public var labelsPerAnnotator: [String: Int]
    public var minAgreement: Double?
}

/// Writes a labelled dataset and its dataset card (`OUT.card.md`). Both files are written to a
/// temporary name and renamed, so a failed export never leaves half a file.
public enum Exporter {
    public static func export(_ items: [ItemLabels], config: ProjectConfig, options: ExportOptions, to url: URL) throws -> ExportReport {
        var kept: [(ItemLabels, Gold)] = []
        var dropped: [DropReason: Int] = [:]
        for item in items {
            let gold = Gold(item)
            switch gold.method {
            case .unlabelled where !options.includeUnlabelled:
                dropped[.unlabelled, default: 0] += 1
                continue
            case .noMajority where !options.includeUnresolved:
                dropped[.noMajority, default: 0] += 1
                continue
            default:
                break
            }
            if let threshold = options.minAgreement, gold.label != nil, gold.method != .adjudicated,
               gold.agreement < threshold {
                dropped[.belowMinAgreement, default: 0] += 1
                continue
            }
            kept.append((item, gold))
        }

        let annotators = Array(Set(kept.flatMap { $0.0.labels.map(\.annotator) })).sorted()
        let body: String
        switch options.format {
        case .jsonl: body = jsonLines(kept, withAnnotations: options.withAnnotations)
        case .csv: body = csv(kept, annotators: options.withAnnotations ? annotators : [])
        }

        var report = ExportReport(
            path: url.path, cardPath: url.path + ".card.md", format: options.format.rawValue,
            items: kept.count, itemsPerSplit: [:], labelsPerSplit: [:], goldMethods: [:],
            dropped: Dictionary(uniqueKeysWithValues: dropped.map { ($0.key.rawValue, $0.value) }),
            labelsPerAnnotator: [:], minAgreement: options.minAgreement)
        for (item, gold) in kept {
            let split = item.item.split.rawValue
            report.itemsPerSplit[split, default: 0] += 1
            report.labelsPerSplit[split, default: [:]][gold.label ?? "(none)", default: 0] += 1
            report.goldMethods[gold.method.rawValue, default: 0] += 1
            for label in item.labels { report.labelsPerAnnotator[label.annotator, default: 0] += 1 }
        }

        try writeAtomically(body, to: url)
        try writeAtomically(DatasetCard.markdown(report: report, config: config, options: options), to: URL(fileURLWithPath: report.cardPath))
        return report
    }

    static func writeAtomically(_ text: String, to url: URL) throws {
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw WorkflowError.unreadableFile(file: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    static func metadata(_ json: String) -> [(String, String)] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return [] }
        return object.keys.sorted().map { key in (key, object[key].map { "\($0)" } ?? "") }
    }

    static func jsonLines(_ rows: [(ItemLabels, Gold)], withAnnotations: Bool) -> String {
        var out = ""
        for (item, gold) in rows {
            var fields: [String] = [
                "\"id\":" + JSONText.quoted(item.item.externalId),
                "\"text\":" + JSONText.quoted(item.item.text),
                "\"lang\":" + (item.item.lang.map(JSONText.quoted) ?? "null"),
                "\"metadata\":" + item.item.metadataJSON,
                "\"split\":" + JSONText.quoted(item.item.split.rawValue),
                "\"label\":" + (gold.label.map(JSONText.quoted) ?? "null"),
                "\"gold_method\":" + JSONText.quoted(gold.method.rawValue),
                "\"agreement\":" + number(gold.agreement),
                "\"n_labels\":" + String(gold.votes),
            ]
            if withAnnotations {
                let annotations = item.labels.map { label in
                    "{\"annotator\":" + JSONText.quoted(label.annotator)
                        + ",\"label\":" + JSONText.quoted(label.label)
                        + ",\"flags\":[" + label.flags.map(JSONText.quoted).joined(separator: ",") + "]"
                        + ",\"note\":" + (label.note.map(JSONText.quoted) ?? "null")
                        + ",\"created_at\":" + JSONText.quoted(InteropWriter.iso(label.createdAt)) + "}"
                }
                fields.append("\"annotations\":[" + annotations.joined(separator: ",") + "]")
                if let adjudication = item.adjudication {
                    fields.append("\"adjudication\":{\"lead\":" + JSONText.quoted(adjudication.lead)
                                  + ",\"reason\":" + JSONText.quoted(adjudication.reason) + "}")
                }
            }
            out += "{" + fields.joined(separator: ",") + "}\n"
        }
        return out
    }

    static func csv(_ rows: [(ItemLabels, Gold)], annotators: [String]) -> String {
        let fixed = ["id", "text", "lang", "split", "label", "gold_method", "agreement", "n_labels"]
        var metadataKeys: [String] = []
        var seen: Set<String> = []
        for (item, _) in rows {
            for (key, _) in metadata(item.item.metadataJSON) where seen.insert(key).inserted { metadataKeys.append(key) }
        }
        metadataKeys.sort()
        let reserved = Set(fixed + annotators.flatMap { ["label_\($0)", "flags_\($0)"] })
        let metadataHeaders = metadataKeys.map { reserved.contains($0) ? "meta_\($0)" : $0 }
        var header = fixed + metadataHeaders
        for name in annotators { header += ["label_\(name)", "flags_\(name)"] }

        var out = header.map(csvField).joined(separator: ",") + "\n"
        for (item, gold) in rows {
            let values = Dictionary(metadata(item.item.metadataJSON), uniquingKeysWith: { first, _ in first })
            var fields = [
                item.item.externalId, item.item.text, item.item.lang ?? "", item.item.split.rawValue,
                gold.label ?? "", gold.method.rawValue, number(gold.agreement), String(gold.votes),
            ]
            fields += metadataKeys.map { values[$0] ?? "" }
            for name in annotators {
                let label = item.labels.first { $0.annotator == name }
                fields += [label?.label ?? "", label?.flags.joined(separator: ";") ?? ""]
            }
            out += fields.map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    static func csvField(_ value: String) -> String {
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.first?.isWhitespace == true || value.last?.isWhitespace == true
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
