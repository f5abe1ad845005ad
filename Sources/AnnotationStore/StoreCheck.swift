import Digest
import Foundation

/// What `opine db check` verifies on either store: the schema and its guards, then every row
/// read back against the rules the rest of Opine relies on. The same code reads both backends'
/// snapshots, so a check that passes on one means the same on the other.
///
/// A failure is a broken invariant (a missing guard, a dangling reference, a hash that no longer
/// matches its text); a warning is something allowed but worth a lead's look (a label outside
/// today's label set, an item past today's overlap, a lead since demoted).
public struct StoreCheck: Sendable {
    public enum Severity: String, Codable, Sendable, Comparable {
        case ok, warning, failed
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
        private var rank: Int { self == .ok ? 0 : self == .warning ? 1 : 2 }
    }

    public struct Finding: Codable, Sendable, Equatable {
        public var check: String
        public var severity: Severity
        public var detail: String
        /// Rows that break the rule.
        public var count: Int
        /// A few of them (ids), to find them by.
        public var examples: [String]
    }

    /// The project's rules that may change over time (so breaking them is a warning).
    public var labels: [String]
    public var overlap: Int

    public init(labels: [String], overlap: Int) {
        self.labels = labels
        self.overlap = overlap
    }

    public static let exampleCount = 5

    public func run(_ snapshot: StoreSnapshot, facts: SchemaFacts) -> [Finding] {
        var findings: [Finding] = []
        /// A rule over rows: ok when no row breaks it, else `severity` with the rows named.
        func add(_ check: String, _ severity: Severity, _ detail: String, _ offenders: [String]) {
            findings.append(Finding(check: check, severity: offenders.isEmpty ? .ok : severity, detail: detail, count: offenders.count,
                                    examples: Array(offenders.prefix(Self.exampleCount))))
        }
        func fact(_ check: String, holds: Bool, _ detail: String) {
            findings.append(Finding(check: check, severity: holds ? .ok : .failed, detail: detail, count: holds ? 0 : 1, examples: []))
        }

        fact("schema_version", holds: facts.version == facts.latestVersion,
             "\(facts.backend) schema at migration \(facts.version) of \(facts.latestVersion)")
        for rule in StoreGuard.allCases {
            fact("guard.\(rule.rawValue)", holds: facts.guards.contains(rule),
                 facts.guards.contains(rule) ? "enforced by the database" : "the database's trigger is missing or disabled: any client can break this rule")
        }

        let items = Set(snapshot.items.map(\.id))
        let annotators = Dictionary(uniqueKeysWithValues: snapshot.annotators.map { ($0.id, $0) })
        let runs = Dictionary(uniqueKeysWithValues: snapshot.runs.map { ($0.id, $0) })
        let annotations = Set(snapshot.annotations.map(\.id))

        // References: every row points at rows that exist.
        var dangling: [String] = []
        for row in snapshot.annotations where !items.contains(row.item) || annotators[row.annotator] == nil
            || row.modelRun.map({ runs[$0] == nil }) == true {
            dangling.append("annotation \(row.id)")
        }
        for row in snapshot.retractions where !annotations.contains(row.annotation) { dangling.append("retraction of \(row.annotation)") }
        for row in snapshot.adjudications where !items.contains(row.item) || annotators[row.lead] == nil {
            dangling.append("adjudication \(row.id)")
        }
        for row in snapshot.embeddings where !items.contains(row.item) { dangling.append("embedding of item \(row.item)") }
        for row in snapshot.predictions where !items.contains(row.item) || runs[row.run] == nil {
            dangling.append("prediction of run \(row.run), item \(row.item)")
        }
        add("references", .failed, "every label, retraction, adjudication, vector and prediction refers to rows that exist", dangling)

        // Items: the hashes that place an item in its split and find its duplicates match its id
        // and text; the fields hold what the schema means.
        var badHashes: [String] = [], badFields: [String] = []
        var firstOfText: [String: String] = [:], duplicateTexts: [String] = []
        for item in snapshot.items {
            if item.idHash != Int64(bitPattern: StableHash.of(item.externalId)) || item.textHash != Int64(bitPattern: StableHash.of(item.text)) {
                badHashes.append(item.externalId)
            }
            if item.text.isEmpty || Split(rawValue: item.split) == nil || !Self.isJSONObject(item.metadata) { badFields.append(item.externalId) }
            if let first = firstOfText[item.text] { duplicateTexts.append("\(item.externalId) (same text as \(first))") } else { firstOfText[item.text] = item.externalId }
        }
        add("item_hashes", .failed, "each item's id and text hashes match its id and text", badHashes)
        add("item_fields", .failed, "each item has a text, a split (train, dev, test) and metadata that is a JSON object", badFields)
        add("duplicate_texts", .warning, "no two items share a text (imports skip duplicates)", duplicateTexts)

        var badJSON: [String] = []
        for row in snapshot.annotators where !Self.isJSONObject(row.attributes) { badJSON.append("annotator \(row.name)") }
        for row in snapshot.annotations where !Self.isJSONStringArray(row.flags) { badJSON.append("annotation \(row.id)") }
        for row in snapshot.runs where !Self.isJSONStringArray(row.labels)
            || ![row.parameters, row.data, row.metrics].allSatisfy(Self.isJSON) { badJSON.append("run \(row.id)") }
        add("json_columns", .failed, "flags, attributes and run records are the JSON Opine writes", badJSON)

        // Adjudications were by a lead when stored (a trigger refuses others); a lead demoted
        // since leaves them standing.
        var notLeads: [String] = []
        for row in snapshot.adjudications where annotators[row.lead]?.role != "lead" {
            notLeads.append("adjudication \(row.id) by \(annotators[row.lead]?.name ?? "?")")
        }
        add("adjudicated_by_lead", .warning, "every adjudication's author is a lead today", notLeads)

        // Vectors and probabilities: the stated size, finite, one dimension per encoder.
        var badVectors: [String] = []
        var dimensionOf: [String: Int] = [:]
        for row in snapshot.embeddings {
            let first = dimensionOf[row.encoder] ?? row.dimension
            dimensionOf[row.encoder] = first
            if row.dimension != first || row.vector.count != 4 * row.dimension || !Float32Blob.floats(row.vector).allSatisfy(\.isFinite) {
                badVectors.append("item \(row.item), encoder \(row.encoder.prefix(12))")
            }
        }
        add("embeddings", .failed, "each vector has its encoder's dimension and finite values", badVectors)
        var labelCounts: [Int64: Int] = [:]
        for run in snapshot.runs { labelCounts[run.id] = Self.jsonStringArray(run.labels)?.count }
        var badPredictions: [String] = []
        for row in snapshot.predictions {
            let values = Float32Blob.floats(row.probabilities)
            let sum = values.reduce(0, +)
            if values.count != labelCounts[row.run] || !values.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 }) || abs(sum - 1) > 1e-3 {
                badPredictions.append("run \(row.run), item \(row.item)")
            }
        }
        add("predictions", .failed, "each prediction has one probability per label of its run, summing to 1", badPredictions)

        // Labels as the project reads them today: the latest live label per annotator and item.
        let retracted = Set(snapshot.retractions.map(\.annotation))
        var current: [Int64: [Int64: String]] = [:]
        for row in snapshot.annotations where !retracted.contains(row.id) { current[row.item, default: [:]][row.annotator] = row.label }
        let known = Set(labels)
        var outside: [String] = []
        var overfull: [String] = []
        let externalId = Dictionary(uniqueKeysWithValues: snapshot.items.map { ($0.id, $0.externalId) })
        for (item, byAnnotator) in current.sorted(by: { $0.key < $1.key }) {
            for label in byAnnotator.values where !known.contains(label) { outside.append("\(externalId[item] ?? "\(item)"): \(label)") }
            if byAnnotator.count > overlap { overfull.append("\(externalId[item] ?? "\(item)") (\(byAnnotator.count) annotators)") }
        }
        add("labels_in_project", .warning, "every current label is one of opine.toml's labels", outside)
        add("overlap", .warning, "no item has more annotators than overlap = \(overlap)", overfull)
        return findings
    }

    private static func parse(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }
    private static func isJSON(_ text: String) -> Bool { parse(text) != nil }
    private static func isJSONObject(_ text: String) -> Bool { parse(text) is [String: Any] }
    private static func jsonStringArray(_ text: String) -> [String]? { parse(text) as? [String] }
    private static func isJSONStringArray(_ text: String) -> Bool { jsonStringArray(text) != nil }
}
