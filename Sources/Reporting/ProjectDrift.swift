import AnnotationStore
import Classification
import Drift
import Foundation
import LinearAlgebra
import ModelLoop
import Workflow

/// Which items form a batch for `opine drift`.
public enum DriftBatch: Sendable, Equatable, CustomStringConvertible {
    /// The Nth import (1 = the first; -1 = the latest), an import being the rows stored by one
    /// `opine import`.
    case importNumber(Int)
    /// Items whose column (`lang`, `split` or a metadata key) has this value.
    case column(String, String)
    /// Items imported in [from, to) (either end open), UTC days or ISO 8601 times.
    case window(Date?, Date?)
    /// Every item not in the other batch.
    case rest

    /// `import:N`, `COLUMN=VALUE`, `FROM..TO` (dates, either side may be empty) or `rest`.
    public init(_ text: String) throws {
        if text == "rest" {
            self = .rest
        } else if text.hasPrefix("import:") {
            guard let number = Int(text.dropFirst(7)), number != 0 else {
                throw ProjectDriftError.badBatch(text, reason: "import:N takes a number: 1 is the first import, -1 the latest")
            }
            self = .importNumber(number)
        } else if let range = text.range(of: "..") {
            let from = String(text[..<range.lowerBound]), to = String(text[range.upperBound...])
            func date(_ part: String) throws -> Date? {
                guard !part.isEmpty else { return nil }
                let formatter = ISO8601DateFormatter()
                for options: ISO8601DateFormatter.Options in [[.withFullDate], [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
                    formatter.formatOptions = options
                    if let date = formatter.date(from: part) { return date }
                }
                throw ProjectDriftError.badBatch(text, reason: "'\(part)' is not a date such as 2026-01-31 or 2026-01-31T12:00:00Z")
            }
            self = .window(try date(from), try date(to))
        } else if let equals = text.firstIndex(of: "="), equals != text.startIndex {
            self = .column(String(text[..<equals]), String(text[text.index(after: equals)...]))
        } else {
            throw ProjectDriftError.badBatch(text, reason: "a batch is import:N, COLUMN=VALUE, FROM..TO or rest")
        }
    }

    public var description: String {
        switch self {
        case .importNumber(let n): return "import:\(n)"
        case .column(let column, let value): return "\(column)=\(value)"
        case .window(let from, let to):
            let format = { (date: Date?) in date.map { ISO8601DateFormatter().string(from: $0) } ?? "" }
            return "\(format(from))..\(format(to))"
        case .rest: return "rest"
        }
    }
}

public enum ProjectDriftError: Error, CustomStringConvertible, Equatable {
    case badBatch(String, reason: String)
    case emptyBatch(String)
    case overlap(Int)
    case needsBatches(imports: Int)

    public var description: String {
        switch self {
        case .badBatch(let text, let reason): return "batch '\(text)': \(reason)"
        case .emptyBatch(let text): return "batch '\(text)' has no items"
        case .overlap(let count): return "the batches share \(count) items: choose batches that do not overlap (or use rest)"
        case .needsBatches(let imports):
            return "the project has \(imports) import\(imports == 1 ? "" : "s"): pass --reference and --current (import:N, COLUMN=VALUE, FROM..TO)"
        }
    }
}

/// `opine drift`: how a current batch of items differs from a reference batch, in what the
/// encoder sees (embedding drift), in what the model predicts, and in the labels given.
public struct ProjectDrift: Sendable, Encodable {
    public struct Batch: Sendable, Encodable {
        public var batch: String
        public var items: Int
        public var embedded: Int
        public var labelled: Int
    }

    public struct SeparatingText: Sendable, Encodable {
        public var item: String
        public var text: String
        /// The domain classifier's out-of-fold P(current).
        public var score: Double
    }

    public var reference: Batch
    public var current: Batch
    public var encoder: String?
    /// nil without enough embedded items in both batches (`embeddingNote` says why).
    public var embedding: EmbeddingDrift?
    public var embeddingNote: String?
    /// The latest run's predicted labels; nil before the first run.
    public var predictions: CategoricalDrift?
    public var predictionRun: Int64?
    /// Gold labels (the export's rule) of the labelled items of each batch.
    public var labels: CategoricalDrift?
    /// The current items the domain classifier finds least like the reference.
    public var separating: [SeparatingText]
    /// Any of the three drifted.
    public var drifted = false

    /// What every comparison of one project reads, read once: import times, gold labels, the
    /// vectors of one encoder, and the latest run's predictions on them.
    public struct Context: @unchecked Sendable {
        let project: Project
        let labels: [String]
        let times: [Int64: Date]
        let gold: [Int64: Int]
        let encoder: String?
        let set: EmbeddingSet?
        let matrix: Matrix?
        let predicted: [Int64: Int]?
        let run: Int64?

        /// `times`: the import times when the caller has read them already.
        public static func load(project: Project, encoder given: String? = nil, times known: [Int64: Date]? = nil) throws -> Context {
            let database = project.database
            let labels = project.config.labelNames
            var gold: [Int64: Int] = [:]
            for item in try database.itemLabels() {
                if let label = Gold(item).label, let index = labels.firstIndex(of: label) { gold[item.item.rowId] = index }
            }
            // Embeddings: the latest run's encoder, else the one with the most vectors.
            let run = try database.latestTrainingRun()
            let encoder = try given ?? run?.encoder ?? database.embeddingKeys().first?.key
            let set = try encoder.map { try database.embeddings(encoder: $0) }
            var predicted: [Int64: Int]?
            if let run, let encoder, run.encoder == encoder, run.labels == labels {
                let (predictedSet, probabilities) = try run.predict(project: project)
                let top = Classification.Metrics.argmax(probabilities)
                predicted = Dictionary(uniqueKeysWithValues: predictedSet.rowIds.enumerated().map { ($1, top[$0]) })
            }
            return Context(project: project, labels: labels, times: try known ?? database.itemImportTimes(), gold: gold, encoder: encoder,
                           set: set, matrix: set.map { Matrix(rows: $0.count, columns: $0.dimension, values: $0.values) },
                           predicted: predicted, run: predicted == nil ? nil : run?.id)
        }

        var imports: [Date] { Array(Set(times.values)).sorted() }
    }

    /// The batches' row ids. Without batches: the latest import against everything before it.
    static func members(_ context: Context, reference: DriftBatch?, current: DriftBatch?) throws -> (DriftBatch, Set<Int64>, DriftBatch, Set<Int64>) {
        let times = context.times
        let imports = context.imports
        let referenceBatch: DriftBatch, currentBatch: DriftBatch
        switch (reference, current) {
        case (nil, nil):
            guard imports.count >= 2 else { throw ProjectDriftError.needsBatches(imports: imports.count) }
            (referenceBatch, currentBatch) = (.rest, .importNumber(-1))
        case (let given?, nil): (referenceBatch, currentBatch) = (given, .rest)
        case (nil, let given?): (referenceBatch, currentBatch) = (.rest, given)
        case (let a?, let b?): (referenceBatch, currentBatch) = (a, b)
        }
        func rows(_ batch: DriftBatch) throws -> Set<Int64>? {
            switch batch {
            case .rest: return nil
            case .importNumber(let n):
                let index = n > 0 ? n - 1 : imports.count + n
                guard imports.indices.contains(index) else {
                    throw ProjectDriftError.badBatch(batch.description, reason: "the project has \(imports.count) imports")
                }
                return Set(times.filter { $0.value == imports[index] }.keys)
            case .column(let column, let value):
                return Set(try context.project.database.itemValues(column: column).filter { $0.value == value }.keys)
            case .window(let from, let to):
                return Set(times.filter { entry in
                    (from.map { entry.value >= $0 } ?? true) && (to.map { entry.value < $0 } ?? true)
                }.keys)
            }
        }
        let all = Set(times.keys)
        let a = try rows(referenceBatch), b = try rows(currentBatch)
        let referenceRows = a ?? all.subtracting(b ?? [])
        let currentRows = b ?? all.subtracting(referenceRows)
        if referenceRows.isEmpty { throw ProjectDriftError.emptyBatch(referenceBatch.description) }
        if currentRows.isEmpty { throw ProjectDriftError.emptyBatch(currentBatch.description) }
        let shared = referenceRows.intersection(currentRows).count
        if shared > 0 { throw ProjectDriftError.overlap(shared) }
        return (referenceBatch, referenceRows, currentBatch, currentRows)
    }

    public init(project: Project, reference: DriftBatch?, current: DriftBatch?, encoder given: String? = nil,
                options: EmbeddingDrift.Options = EmbeddingDrift.Options(), separatingCount: Int = 5) throws {
        try self.init(context: try .load(project: project, encoder: given), reference: reference, current: current,
                      options: options, separatingCount: separatingCount)
    }

    public init(context: Context, reference: DriftBatch?, current: DriftBatch?,
                options: EmbeddingDrift.Options = EmbeddingDrift.Options(), separatingCount: Int = 5) throws {
        let (referenceBatch, referenceRows, currentBatch, currentRows) = try Self.members(context, reference: reference, current: current)
        let labels = context.labels
        func counts(_ rows: Set<Int64>, _ values: [Int64: Int]) -> [Int] {
            var counts = [Int](repeating: 0, count: labels.count)
            for row in rows { if let value = values[row] { counts[value] += 1 } }
            return counts
        }
        self.labels = CategoricalDrift(labels: labels, reference: counts(referenceRows, context.gold), current: counts(currentRows, context.gold))
        encoder = context.encoder
        var embedded = (reference: 0, current: 0)
        var separating: [SeparatingText] = []
        if let set = context.set, let matrix = context.matrix {
            let referenceIndices = set.rowIds.indices.filter { referenceRows.contains(set.rowIds[$0]) }
            let currentIndices = set.rowIds.indices.filter { currentRows.contains(set.rowIds[$0]) }
            embedded = (referenceIndices.count, currentIndices.count)
            do {
                let drift = try EmbeddingDrift(reference: matrix.selectingRows(referenceIndices), current: matrix.selectingRows(currentIndices),
                                               options: options)
                embedding = drift
                for (row, score) in drift.classifier.currentScores.sorted(by: { ($0.score, $1.row) > ($1.score, $0.row) }).prefix(separatingCount) {
                    if let item = try context.project.database.item(rowId: set.rowIds[currentIndices[row]]) {
                        separating.append(SeparatingText(item: item.externalId, text: item.text, score: score))
                    }
                }
            } catch let error as DriftError {
                embeddingNote = error.description
            }
            if let predicted = context.predicted {
                predictions = CategoricalDrift(labels: labels, reference: counts(referenceRows, predicted), current: counts(currentRows, predicted))
                predictionRun = context.run
            }
        } else {
            embeddingNote = "no embeddings yet: `opine embed`"
        }
        self.separating = separating
        self.reference = Batch(batch: referenceBatch.description, items: referenceRows.count, embedded: embedded.reference,
                               labelled: referenceRows.filter { context.gold[$0] != nil }.count)
        self.current = Batch(batch: currentBatch.description, items: currentRows.count, embedded: embedded.current,
                             labelled: currentRows.filter { context.gold[$0] != nil }.count)
        drifted = embedding?.drifted == true || predictions?.drifted == true || self.labels?.drifted == true
    }
}

/// Drift over time: each import against every import before it, for the stats screen's drift
/// page and the report's chart (the last `limit` imports; the first is the baseline).
public struct DriftTimeline: Sendable, Encodable {
    public struct Window: Sendable, Encodable {
        /// 1-based, as `import:N` names it.
        public var number: Int
        public var importedAt: Date
        public var items: Int
        /// nil for the first import (nothing before it) or without embeddings.
        public var auc: Double?
        public var drifted: Bool?
        public var labelPSI: Double?
        public var labelsDrifted: Bool?
        public var predictionPSI: Double?
    }

    public var windows: [Window]
    public var note: String?

    public init(project: Project, limit: Int = 12, options: EmbeddingDrift.Options = EmbeddingDrift.Options()) throws {
        let times = try project.database.itemImportTimes()
        let imports = Array(Set(times.values)).sorted()
        // The rest is read once for every window, and only when there is something to compare.
        let context = imports.count >= 2 ? try ProjectDrift.Context.load(project: project, times: times) : nil
        var sizes: [Date: Int] = [:]
        for time in times.values { sizes[time, default: 0] += 1 }
        var windows: [Window] = []
        for (index, time) in imports.enumerated().suffix(limit) {
            var window = Window(number: index + 1, importedAt: time, items: sizes[time] ?? 0, auc: nil, drifted: nil,
                                labelPSI: nil, labelsDrifted: nil, predictionPSI: nil)
            if index > 0, let context {
                let drift = try ProjectDrift(context: context, reference: .window(nil, time), current: .importNumber(index + 1),
                                             options: options, separatingCount: 0)
                window.auc = drift.embedding?.classifier.auc
                window.drifted = drift.embedding?.drifted
                window.labelPSI = drift.labels?.psi
                window.labelsDrifted = drift.labels?.drifted
                window.predictionPSI = drift.predictions?.psi
            }
            windows.append(window)
        }
        self.windows = windows
        note = imports.count < 2 ? "one import so far: drift compares each import with those before it" : nil
    }
}
