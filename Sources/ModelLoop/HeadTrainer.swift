import AnnotationStore
import Classification
import Digest
import Foundation
import Lexicons
import LinearAlgebra
import Workflow

/// Trains the classifier head on the project's embeddings and gold labels: C chosen on the
/// dev split (or by cross-validation on train, or fixed), evaluated on the test split and by
/// cross-validation on train, with baselines and suspect labels. `opine train` and the
/// screen's background retrain both call it, with the project's `[train]` options.
public struct HeadTrainer: Sendable {
    /// Below this many dev items, `auto` chooses C by cross-validation on train instead: a
    /// handful of dev items picks C by noise.
    public static let minimumDevItems = 50

    public let project: Project
    public let encoder: String
    public let options: TrainingOptions

    public init(project: Project, encoder: String, options: TrainingOptions) {
        self.project = project
        self.encoder = encoder
        self.options = options
    }

    /// The trainer `[train]` in opine.toml describes, on the project's embeddings.
    public init(project: Project) throws {
        self.init(project: project, encoder: try EncoderLocation.embeddingKey(nil, project: project),
                  options: TrainingOptions(project.config.train))
    }

    /// Features for the given rows of the embedding set (plus the lexicon score when asked).
    public static func features(_ set: EmbeddingSet, rows: [Int], lexiconScores: [Float]?) -> Matrix {
        let extra = lexiconScores == nil ? 0 : 1
        let columns = set.dimension + extra
        var values: [Float] = []
        values.reserveCapacity(rows.count * columns)
        for row in rows {
            values.append(contentsOf: set.values[(row * set.dimension)..<((row + 1) * set.dimension)])
            if let lexiconScores { values.append(lexiconScores[row]) }
        }
        return Matrix(rows: rows.count, columns: columns, values: values)
    }

    /// Each embedded item's lexicon compound score.
    static func lexiconScores(project: Project, set: EmbeddingSet) throws -> [Float] {
        let analyzer = Analyzer(library: try LexiconLocation.library(project: project.directory))
        var byId: [String: StoredItem] = [:]
        for item in try project.database.itemLabels() { byId[item.item.externalId] = item.item }
        return set.externalIds.map { id in
            guard let item = byId[id] else { return 0 }
            return Float(analyzer.analyze(item.text, language: item.lang).compound)
        }
    }

    /// Trains, evaluates and stores a run; returns it with its id.
    public func run() throws -> TrainingRun {
        let started = Date()
        let database = project.database
        let labels = project.config.labelNames
        let set = try database.embeddings(encoder: encoder)
        guard set.count > 0 else { throw ModelLoopError.noEmbeddings(encoder: encoder) }
        var goldOf: [String: (split: Split, label: Int)] = [:]
        var texts: [String: (text: String, lang: String?)] = [:]
        for item in try database.itemLabels() {
            texts[item.item.externalId] = (item.item.text, item.item.lang)
            if let label = Gold(item).label, let index = labels.firstIndex(of: label) {
                // With dev_split = "train", dev items train too.
                let split = options.devSplit == .train && item.item.split == .dev ? .train : item.item.split
                goldOf[item.item.externalId] = (split, index)
            }
        }
        var rowsOf: [Split: [Int]] = [.train: [], .dev: [], .test: []]
        for (row, id) in set.externalIds.enumerated() {
            if let gold = goldOf[id] { rowsOf[gold.split, default: []].append(row) }
        }
        let trainRows = rowsOf[.train] ?? [], devRows = rowsOf[.dev] ?? [], testRows = rowsOf[.test] ?? []
        let label = { (row: Int) -> Int in goldOf[set.externalIds[row]]?.label ?? 0 }
        let trainLabels = trainRows.map(label), devLabels = devRows.map(label), testLabels = testRows.map(label)

        // Every label must appear in the training split, twice at least for cross-validation.
        var counts = [Int](repeating: 0, count: labels.count)
        for label in trainLabels { counts[label] += 1 }
        let folds = max(2, min(options.folds, counts.min() ?? 0))
        let short = counts.enumerated().filter { $0.element < 2 }
        if !short.isEmpty {
            throw ModelLoopError.tooFewLabels(short.map { "\(labels[$0.offset]) has \($0.element) (needs \(2 - $0.element) more)" })
        }
        let devUsable = Set(devLabels).count >= 2
        if options.devSplit == .select && !devUsable {
            throw ModelLoopError.devSplitTooSmall(items: devRows.count, labels: Set(devLabels).count)
        }

        let scores = options.lexiconFeature ? try Self.lexiconScores(project: project, set: set) : nil
        let trainX = Self.features(set, rows: trainRows, lexiconScores: scores)
        // Reweighing: each training item's weight from its group and gold label.
        var trainWeights: [Double]?
        if let column = options.reweighBy {
            let values = try database.itemValues(column: column)
            guard !values.isEmpty else { throw ModelLoopError.noSliceValues(column: column) }
            let groups = trainRows.map { values[set.rowIds[$0]] }
            trainWeights = Reweighing(groups: groups, labels: trainLabels).itemWeights(groups: groups, labels: trainLabels)
        }
        var parameters = LogisticRegression.Parameters(classWeighting: options.classWeighting)
        var candidates: [TrainingRun.Candidate] = []
        let model: LogisticRegression
        let selectedBy: String
        if options.grid.count == 1, let c = options.grid.first {
            parameters.c = c
            model = try LogisticRegression.fit(features: trainX, labels: trainLabels, classCount: labels.count, parameters: parameters,
                                               itemWeights: trainWeights)
            selectedBy = "fixed"
        } else if devUsable && (options.devSplit == .select || devRows.count >= Self.minimumDevItems) {
            let selection = try ModelSelection.selectC(
                trainFeatures: trainX, trainLabels: trainLabels, devFeatures: Self.features(set, rows: devRows, lexiconScores: scores),
                devLabels: devLabels, classCount: labels.count, grid: options.grid, parameters: parameters, trainWeights: trainWeights)
            model = selection.model
            candidates = selection.candidates.map { .init(c: $0.c, logLoss: $0.evaluation.logLoss, macroF1: $0.evaluation.macroF1) }
            selectedBy = "dev"
        } else {
            for c in options.grid {
                var candidate = parameters
                candidate.c = c
                let oof = try CrossValidation.outOfFold(features: trainX, labels: trainLabels, classCount: labels.count,
                                                        parameters: candidate, folds: folds, seed: options.seed, itemWeights: trainWeights)
                let evaluation = try Evaluation(labels: trainLabels, probabilities: oof.probabilities)
                candidates.append(.init(c: c, logLoss: evaluation.logLoss, macroF1: evaluation.macroF1))
            }
            // The smallest log-loss; on a tie the smaller C (the stronger penalty).
            let best = candidates.min { ($0.logLoss, $0.c) < ($1.logLoss, $1.c) }
            parameters.c = best?.c ?? 1
            model = try LogisticRegression.fit(features: trainX, labels: trainLabels, classCount: labels.count, parameters: parameters,
                                               itemWeights: trainWeights)
            selectedBy = "cross-validation"
        }
        parameters.c = model.parameters.c

        var test: Evaluation?
        var majority: TrainingRun.Baseline?
        var lexicon: TrainingRun.Baseline?
        if !testRows.isEmpty {
            test = try Evaluation(labels: testLabels, probabilities: model.predictProbabilities(Self.features(set, rows: testRows, lexiconScores: scores)))
            let base = try Evaluation.majorityBaseline(trainingLabels: trainLabels, labels: testLabels, classCount: labels.count)
            majority = .init(accuracy: base.accuracy, macroF1: base.macroF1)
            if let analyzer = try LexiconLocation.analyzer(project: project.directory) {
                let predicted = testRows.map { row -> Int in
                    let text = texts[set.externalIds[row]]
                    let verdict = "\(analyzer.analyze(text?.text ?? "", language: text?.lang).label)"
                    return labels.firstIndex(of: verdict) ?? labels.firstIndex(of: "neutral") ?? 0
                }
                let confusion = Classification.Metrics.confusionMatrix(labels: testLabels, predictions: predicted, classCount: labels.count)
                let scores = Classification.Metrics.classScores(confusion: confusion)
                lexicon = .init(accuracy: Classification.Metrics.accuracy(labels: testLabels, predictions: predicted),
                                macroF1: scores.map(\.f1).reduce(0, +) / Double(max(1, scores.count)))
            }
        }
        let crossValidation = try CrossValidation.outOfFold(
            features: trainX, labels: trainLabels, classCount: labels.count, parameters: parameters, folds: folds, seed: options.seed,
            itemWeights: trainWeights)
        let oof = try Evaluation(labels: trainLabels, probabilities: crossValidation.probabilities)
        let suspects = try ConfidentLearning.findSuspects(labels: trainLabels, probabilities: crossValidation.probabilities).map {
            TrainingRun.Suspect(item: set.externalIds[trainRows[$0.item]], given: labels[$0.givenLabel],
                                proposed: labels[$0.proposedLabel], score: $0.score)
        }

        var labelCounts: [String: [String: Int]] = [:]
        for (split, rows) in rowsOf {
            for row in rows { labelCounts[split.rawValue, default: [:]][labels[label(row)], default: 0] += 1 }
        }
        let trainingLines = trainRows.map { "\(set.externalIds[$0])\t\(labels[label($0)])" }.sorted().joined(separator: "\n")
        let snapshot = TrainingRun.DataSnapshot(train: trainRows.count, dev: devRows.count, test: testRows.count, labelCounts: labelCounts,
                                                trainingHash: SHA256.hexDigest(trainingLines), embedded: set.count)
        let metrics = TrainingRun.Metrics(chosenC: model.parameters.c, selectedBy: selectedBy, candidates: candidates, test: test,
                                          crossValidation: oof, majorityBaseline: majority, lexiconBaseline: lexicon, suspects: suspects)
        let run = TrainingRun(encoder: encoder, labels: labels, options: options, data: snapshot, metrics: metrics,
                              seconds: Date().timeIntervalSince(started), model: model)
        return try database.save(run)
    }
}

extension TrainingRun {
    /// The run's probabilities for every item embedded by its encoder, in the set's row order.
    public func predict(project: Project) throws -> (set: EmbeddingSet, probabilities: Matrix) {
        let model = try classifier()
        let set = try project.database.embeddings(encoder: encoder)
        let scores = options.lexiconFeature ? try HeadTrainer.lexiconScores(project: project, set: set) : nil
        let features = HeadTrainer.features(set, rows: Array(0..<set.count), lexiconScores: scores)
        return (set, try model.predictProbabilities(features))
    }
}
