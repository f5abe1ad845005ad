import AnnotationStore
import Classification
import Foundation

/// One training run of the head, typed: the store keeps its parts as JSON and bytes, and they
/// are decoded here, once, with a damaged part named instead of skipped.
public struct TrainingRun: Sendable, Equatable {
    public struct Baseline: Codable, Equatable, Sendable {
        public var accuracy: Double
        public var macroF1: Double
    }

    public struct Suspect: Codable, Equatable, Sendable {
        public var item: String
        public var given: String
        public var proposed: String
        public var score: Double
    }

    public struct Candidate: Codable, Equatable, Sendable {
        public var c: Double
        public var logLoss: Double
        public var macroF1: Double
    }

    public struct Metrics: Codable, Equatable, Sendable {
        public var chosenC: Double
        /// "dev", "cross-validation" or "fixed": what chose C.
        public var selectedBy: String
        public var candidates: [Candidate]
        public var test: Evaluation?
        public var crossValidation: Evaluation?
        public var majorityBaseline: Baseline?
        public var lexiconBaseline: Baseline?
        public var suspects: [Suspect]
    }

    public struct DataSnapshot: Codable, Equatable, Sendable {
        public var train: Int
        public var dev: Int
        public var test: Int
        /// split → label → gold items.
        public var labelCounts: [String: [String: Int]]
        /// SHA-256 of the sorted "id<TAB>label" lines of the training set.
        public var trainingHash: String
        public var embedded: Int
    }

    /// Where a run's headline evaluation comes from: the held-out test split when it has one,
    /// else out-of-fold predictions on train.
    public enum EvaluationSource: String, Sendable {
        case test
        case crossValidation = "cross-validation"
    }

    public var id: Int64
    public var createdAt: Date
    public var encoder: String
    public var labels: [String]
    public var options: TrainingOptions
    public var data: DataSnapshot
    public var metrics: Metrics
    public var seconds: Double
    /// The fitted head; nil when the run was read without its weights (run lists).
    public var model: LogisticRegression?

    public init(id: Int64 = 0, createdAt: Date = Date(), encoder: String, labels: [String], options: TrainingOptions,
                data: DataSnapshot, metrics: Metrics, seconds: Double, model: LogisticRegression?) {
        self.id = id
        self.createdAt = createdAt
        self.encoder = encoder
        self.labels = labels
        self.options = options
        self.data = data
        self.metrics = metrics
        self.seconds = seconds
        self.model = model
    }

    /// Decodes a stored run; a part that does not decode is named in the error.
    public init(_ record: RunRecord) throws {
        func decode<T: Decodable>(_ type: T.Type, _ data: Data, part: String) throws -> T {
            do {
                return try JSONDecoder().decode(type, from: data)
            } catch {
                throw ModelLoopError.damagedRun(id: record.id, part: part, reason: Self.describe(error))
            }
        }
        self.init(id: record.id, createdAt: record.createdAt, encoder: record.encoder, labels: record.labels,
                  options: try decode(TrainingOptions.self, Data(record.parametersJSON.utf8), part: "parameters"),
                  data: try decode(DataSnapshot.self, Data(record.dataJSON.utf8), part: "data snapshot"),
                  metrics: try decode(Metrics.self, Data(record.metricsJSON.utf8), part: "metrics"),
                  seconds: record.seconds,
                  model: record.model.isEmpty ? nil : try decode(LogisticRegression.self, record.model, part: "weights"))
    }

    /// The run as the store keeps it.
    public func record() throws -> RunRecord {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func text<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        return RunRecord(id: id, createdAt: createdAt, encoder: self.encoder, labels: labels,
                         parametersJSON: try text(options), dataJSON: try text(data), metricsJSON: try text(metrics),
                         seconds: seconds, model: try model.map { try encoder.encode($0) } ?? Data())
    }

    /// The fitted head, or an error for a run read without it.
    public func classifier() throws -> LogisticRegression {
        guard let model else { throw ModelLoopError.runWithoutModel(id: id) }
        return model
    }

    /// The run's headline evaluation: test when it has one, else cross-validation on train.
    public var evaluation: (source: EvaluationSource, scores: Evaluation)? {
        if let test = metrics.test { return (.test, test) }
        return metrics.crossValidation.map { (.crossValidation, $0) }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "no '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return context.codingPath.map(\.stringValue).joined(separator: ".") + ": " + context.debugDescription
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        default: return "\(error)"
        }
    }
}

extension ProjectStore {
    /// Every run, oldest first; without their weights unless `withModels`.
    public func trainingRuns(withModels: Bool = false) throws -> [TrainingRun] {
        try runs(withModels: withModels).map(TrainingRun.init)
    }

    public func trainingRun(_ id: Int64) throws -> TrainingRun? {
        try run(id).map(TrainingRun.init)
    }

    public func latestTrainingRun() throws -> TrainingRun? {
        try latestRun().map(TrainingRun.init)
    }

    /// Stores a new run; returns it with its id.
    public func save(_ run: TrainingRun) throws -> TrainingRun {
        var saved = run
        saved.id = try saveRun(try run.record())
        return saved
    }
}
