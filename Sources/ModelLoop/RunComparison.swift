import Classification
import Workflow

/// Metric deltas from run A to run B and the items whose predicted label differs: what
/// `opine runs compare` prints and the stats screen shows.
public struct RunComparison: Encodable, Sendable {
    public struct Delta: Encodable, Sendable {
        public var metric: String
        public var a: Double?
        public var b: Double?
        public var change: Double? { a.flatMap { a in b.map { $0 - a } } }

        enum CodingKeys: String, CodingKey { case metric, a, b, change }
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(metric, forKey: .metric)
            try container.encode(a, forKey: .a)
            try container.encode(b, forKey: .b)
            try container.encode(change, forKey: .change)
        }
    }

    public struct Change: Encodable, Sendable {
        public var item: String
        public var a: String
        public var b: String
    }

    public var a: Int64
    public var b: Int64
    public var deltas: [Delta]
    public var changedPredictions: Int
    /// Items both runs predicted (embedded with both runs' encoders).
    public var comparedItems: Int
    public var changed: [Change]
    /// Where people's own biases show (sarcasm, irony…): the items an annotator flagged, and
    /// those of them whose prediction changed, with the text, so a lead sees what a
    /// mitigation did to them.
    public var flaggedItems: Int
    public var flaggedChanged: [FlaggedChange]

    public struct FlaggedChange: Encodable, Sendable {
        public var item: String
        public var text: String
        public var flags: [String]
        /// The gold label, when there is one.
        public var gold: String?
        public var a: String
        public var b: String
    }

    /// `flagged`: also find the flagged items among the changes (reads every item's labels).
    public init(_ runA: TrainingRun, _ runB: TrainingRun, project: Project, flagged withFlagged: Bool = false) throws {
        func delta(_ key: String, _ value: (TrainingRun.Metrics) -> Double?) -> Delta {
            Delta(metric: key, a: value(runA.metrics), b: value(runB.metrics))
        }
        deltas = [
            delta("test_accuracy") { $0.test?.accuracy }, delta("test_macro_f1") { $0.test?.macroF1 },
            delta("test_auc") { $0.test?.macroAUC }, delta("test_log_loss") { $0.test?.logLoss },
            delta("test_ece") { $0.test?.expectedCalibrationError }, delta("cv_accuracy") { $0.crossValidation?.accuracy },
            delta("cv_macro_f1") { $0.crossValidation?.macroF1 },
        ]
        // Predictions of both models on the items both can see.
        let (setA, probabilitiesA) = try runA.predict(project: project)
        let (setB, probabilitiesB) = try runB.predict(project: project)
        let rowB = Dictionary(uniqueKeysWithValues: setB.externalIds.enumerated().map { ($1, $0) })
        let predictedA = Classification.Metrics.argmax(probabilitiesA), predictedB = Classification.Metrics.argmax(probabilitiesB)
        var changed: [Change] = []
        var compared = 0
        for (row, id) in setA.externalIds.enumerated() {
            guard let other = rowB[id] else { continue }
            compared += 1
            guard runA.labels[predictedA[row]] != runB.labels[predictedB[other]] else { continue }
            changed.append(Change(item: id, a: runA.labels[predictedA[row]], b: runB.labels[predictedB[other]]))
        }
        // Items with a flag from any annotator, and their gold labels.
        var flagged: [String: (text: String, flags: [String], gold: String?)] = [:]
        for item in withFlagged ? try project.database.itemLabels() : [] {
            let flags = Array(Set(item.labels.flatMap(\.flags))).sorted()
            guard !flags.isEmpty else { continue }
            flagged[item.item.externalId] = (item.item.text, flags, Gold(item).label)
        }
        flaggedItems = Set(setA.externalIds).intersection(flagged.keys).count
        flaggedChanged = changed.compactMap { change in
            flagged[change.item].map { FlaggedChange(item: change.item, text: $0.text, flags: $0.flags, gold: $0.gold, a: change.a, b: change.b) }
        }
        a = runA.id
        b = runB.id
        changedPredictions = changed.count
        comparedItems = compared
        self.changed = changed
    }
}
