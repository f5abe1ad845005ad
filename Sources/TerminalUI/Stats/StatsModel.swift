/// The numbers the stats screen shows, as plain values: the runtime fills them from the
/// agreement report, the slice analysis, the anchoring measurement and the stored runs, and
/// `opine stats --json` prints the same values.

/// A value with its 95% interval, any of them missing.
public struct StatValue: Sendable, Equatable, Codable {
    public var value: Double?
    public var lower: Double?
    public var upper: Double?

    public init(_ value: Double?, lower: Double? = nil, upper: Double? = nil) {
        self.value = value
        self.lower = lower
        self.upper = upper
    }
}

/// Everything on both pages.
public struct StatsView: Sendable, Equatable, Codable {
    public var project: String
    public var agreement: AgreementView
    public var anchoring: AnchoringView
    /// Oldest first.
    public var runs: [RunView]
    /// nil until the drift page is first shown: it fits a classifier per import, so the screen
    /// opens without waiting for it.
    public var drift: DriftView?

    public init(project: String, agreement: AgreementView, anchoring: AnchoringView, runs: [RunView], drift: DriftView? = nil) {
        self.project = project
        self.agreement = agreement
        self.anchoring = anchoring
        self.runs = runs
        self.drift = drift
    }
}

// MARK: - Drift page

/// Each import against the imports before it.
public struct DriftView: Sendable, Equatable, Codable {
    public struct Window: Sendable, Equatable, Codable {
        public var number: Int
        /// When it was imported, as the page prints it ("2026-12-03 17:42").
        public var importedAt: String
        public var items: Int
        /// The domain classifier's ROC AUC against the earlier imports (nil for the first).
        public var auc: Double?
        public var drifted: Bool?
        public var labelPSI: Double?
        public var labelsDrifted: Bool?
        public var predictionPSI: Double?

        public init(number: Int, importedAt: String, items: Int, auc: Double?, drifted: Bool?, labelPSI: Double?,
                    labelsDrifted: Bool?, predictionPSI: Double?) {
            self.number = number
            self.importedAt = importedAt
            self.items = items
            self.auc = auc
            self.drifted = drifted
            self.labelPSI = labelPSI
            self.labelsDrifted = labelsDrifted
            self.predictionPSI = predictionPSI
        }
    }

    public var windows: [Window]
    public var note: String?

    public init(windows: [Window], note: String?) {
        self.windows = windows
        self.note = note
    }
}

// MARK: - Agreement page

public struct AgreementView: Sendable, Equatable, Codable {
    public struct Coefficient: Sendable, Equatable, Codable {
        /// As the screen names it ("Fleiss κ").
        public var name: String
        public var estimate: StatValue

        public init(name: String, estimate: StatValue) {
            self.name = name
            self.estimate = estimate
        }
    }

    public struct Pair: Sendable, Equatable, Codable {
        public var a: String
        public var b: String
        public var items: Int
        public var kappa: StatValue

        public init(a: String, b: String, items: Int, kappa: StatValue) {
            self.a = a
            self.b = b
            self.items = items
            self.kappa = kappa
        }
    }

    public struct LabelAgreement: Sendable, Equatable, Codable {
        public var label: String
        public var ratings: Int
        public var prevalence: Double
        public var specificAgreement: Double?

        public init(label: String, ratings: Int, prevalence: Double, specificAgreement: Double?) {
            self.label = label
            self.ratings = ratings
            self.prevalence = prevalence
            self.specificAgreement = specificAgreement
        }
    }

    /// The spread of one metric across the slices of one dimension: its lowest and highest slice.
    public struct SliceGap: Sendable, Equatable, Codable {
        public var dimension: String
        /// "α", "share of positive", "model accuracy"…
        public var metric: String
        public var low: String
        public var lowValue: Double
        public var high: String
        public var highValue: Double
        public var gap: Double { highValue - lowValue }

        public init(dimension: String, metric: String, low: String, lowValue: Double, high: String, highValue: Double) {
            self.dimension = dimension
            self.metric = metric
            self.low = low
            self.lowValue = lowValue
            self.high = high
            self.highValue = highValue
        }
    }

    /// An annotator's agreement with the others over time (one point per 100 labels).
    public struct Trend: Sendable, Equatable, Codable {
        public var annotator: String
        public var labels: Int
        public var agreementWithOthers: Double?
        public var points: [Double?]

        public init(annotator: String, labels: Int, agreementWithOthers: Double?, points: [Double?]) {
            self.annotator = annotator
            self.labels = labels
            self.agreementWithOthers = agreementWithOthers
            self.points = points
        }
    }

    public var items: Int
    public var pairableItems: Int
    public var labels: Int
    public var annotators: [String]
    public var bootstrapDraws: Int
    public var coefficients: [Coefficient]
    public var pairs: [Pair]
    public var perLabel: [LabelAgreement]
    /// Largest first within each dimension.
    public var sliceGaps: [SliceGap]
    public var trends: [Trend]

    public init(items: Int, pairableItems: Int, labels: Int, annotators: [String], bootstrapDraws: Int,
                coefficients: [Coefficient], pairs: [Pair], perLabel: [LabelAgreement], sliceGaps: [SliceGap], trends: [Trend]) {
        self.items = items
        self.pairableItems = pairableItems
        self.labels = labels
        self.annotators = annotators
        self.bootstrapDraws = bootstrapDraws
        self.coefficients = coefficients
        self.pairs = pairs
        self.perLabel = perLabel
        self.sliceGaps = sliceGaps
        self.trends = trends
    }

    /// Agreement needs two annotators who labelled some of the same items.
    public var hasOverlap: Bool { annotators.count >= 2 && pairableItems > 0 }

    /// κ of a pair in either order.
    public func kappa(_ a: String, _ b: String) -> Pair? {
        pairs.first { ($0.a == a && $0.b == b) || ($0.a == b && $0.b == a) }
    }
}

/// Agreement with the model when its prediction was shown and when it was held back.
public struct AnchoringView: Sendable, Equatable, Codable {
    public struct Group: Sendable, Equatable, Codable {
        public var labels: Int
        public var agreeing: Int
        /// The share agreeing, with its Wilson interval; nil without labels.
        public var rate: StatValue?

        public init(labels: Int, agreeing: Int, rate: StatValue?) {
            self.labels = labels
            self.agreeing = agreeing
            self.rate = rate
        }
    }

    public var shown: Group
    public var hidden: Group
    /// shown − hidden with Newcombe's interval; nil until both groups are large enough.
    public var difference: StatValue?
    public var minimumGroupSize: Int

    public init(shown: Group, hidden: Group, difference: StatValue?, minimumGroupSize: Int) {
        self.shown = shown
        self.hidden = hidden
        self.difference = difference
        self.minimumGroupSize = minimumGroupSize
    }
}

// MARK: - Model page

/// One training run and how it scored.
public struct RunView: Sendable, Equatable, Codable {
    public var id: Int64
    /// When it was trained, as the screen prints it ("11-26 18:20").
    public var created: String
    public var trainItems: Int
    /// On the test split, else out-of-fold on train; nil when the metrics cannot be read.
    public var evaluation: EvaluationView?

    public init(id: Int64, created: String, trainItems: Int, evaluation: EvaluationView?) {
        self.id = id
        self.created = created
        self.trainItems = trainItems
        self.evaluation = evaluation
    }
}

public struct EvaluationView: Sendable, Equatable, Codable {
    public struct ClassScores: Sendable, Equatable, Codable {
        public var label: String
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int

        public init(label: String, precision: Double, recall: Double, f1: Double, support: Int) {
            self.label = label
            self.precision = precision
            self.recall = recall
            self.f1 = f1
            self.support = support
        }
    }

    /// "test" or "cross-validation".
    public var source: String
    public var count: Int
    public var accuracy: Double
    public var macroF1: Double
    public var perClass: [ClassScores]
    /// Rows: gold label, columns: predicted, in `perClass` order.
    public var confusion: [[Int]]

    public init(source: String, count: Int, accuracy: Double, macroF1: Double, perClass: [ClassScores], confusion: [[Int]]) {
        self.source = source
        self.count = count
        self.accuracy = accuracy
        self.macroF1 = macroF1
        self.perClass = perClass
        self.confusion = confusion
    }
}

/// What `opine runs compare` computes for runs A and B.
public struct RunComparisonView: Sendable, Equatable, Codable {
    public struct Delta: Sendable, Equatable, Codable {
        public var metric: String
        public var a: Double?
        public var b: Double?
        public var change: Double? { a.flatMap { a in b.map { $0 - a } } }

        public init(metric: String, a: Double?, b: Double?) {
            self.metric = metric
            self.a = a
            self.b = b
        }
    }

    public var a: Int64
    public var b: Int64
    public var deltas: [Delta]
    /// Items whose predicted label differs between the two runs.
    public var changedPredictions: Int
    /// Items both runs predicted.
    public var comparedItems: Int

    public init(a: Int64, b: Int64, deltas: [Delta], changedPredictions: Int, comparedItems: Int) {
        self.a = a
        self.b = b
        self.deltas = deltas
        self.changedPredictions = changedPredictions
        self.comparedItems = comparedItems
    }
}

// MARK: - Messages, effects, actions

/// Events the stats screen reacts to.
public enum StatsMessage: Sendable, Equatable {
    case keyPressed(Key, at: Double)
    case resized(Size)
    case loaded(StatsView)
    case loadFailed(String)
    case comparisonLoaded(RunComparisonView)
    case comparisonFailed(a: Int64, b: Int64, reason: String)
    case driftLoaded(DriftView)
    case driftFailed(String)
    /// Others labelled or adjudicated since the numbers were computed.
    case othersChanged
}

extension StatsMessage: ScreenMessage {}

/// What the runtime is asked to do for the stats screen.
public enum StatsEffect: Sendable, Equatable {
    /// Compute every number again from the database.
    case load
    case compareRuns(a: Int64, b: Int64)
    /// Compute each import's drift against the earlier ones (for the drift page).
    case loadDrift
    case quit
}

/// What a key does on the stats screen.
public enum StatsAction: Sendable, Equatable {
    case show(StatsState.Page)
    case nextPage
    case up
    case down
    case pageUp
    case pageDown
    case mark
    case compareWithPrevious
    case clearMarks
    case reload
    case help
    case quit
}
