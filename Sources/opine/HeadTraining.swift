import AnnotationStore
import Classification
import Digest
import Foundation
import Lexicons
import LinearAlgebra
import Workflow

/// Trains the classifier head on the project's embeddings and gold labels: C chosen on the
/// dev split, evaluated on the test split and by cross-validation on train, with baselines
/// and suspect labels. The screen's retrain calls the same code.
struct HeadTraining {
    struct Options: Codable, Equatable {
        var classWeighting: LogisticRegression.ClassWeighting = .uniform
        var folds = 5
        var seed: UInt64 = 2026
        var grid: [Double] = ModelSelection.defaultGrid
        /// Append the lexicon's compound score to each embedding.
        var lexiconFeature = false
    }

    struct Baseline: Codable, Equatable {
        var accuracy: Double
        var macroF1: Double
    }

    struct Suspect: Codable, Equatable {
        var item: String
        var given: String
        var proposed: String
        var score: Double
    }

    struct Metrics: Codable, Equatable {
        var chosenC: Double
        /// "dev" or "cross-validation": what chose C.
        var selectedBy: String
        var candidates: [Candidate]
        var test: Evaluation?
        var crossValidation: Evaluation?
        var majorityBaseline: Baseline?
        var lexiconBaseline: Baseline?
        var suspects: [Suspect]
    }

    struct Candidate: Codable, Equatable {
        var c: Double
        var logLoss: Double
        var macroF1: Double
    }

    /// Below this many dev items, C is chosen by cross-validation on train instead: a
    /// handful of dev items picks C by noise.
    static let minimumDevItems = 50

    struct DataSnapshot: Codable, Equatable {
        var train: Int
        var dev: Int
        var test: Int
        /// split → label → gold items.
        var labelCounts: [String: [String: Int]]
        /// SHA-256 of the sorted "id<TAB>label" lines of the training set.
        var trainingHash: String
        var embedded: Int
    }

    let project: Project
    let encoder: String
    let options: Options

    /// Features for the given rows of the embedding set (plus the lexicon score when asked).
    static func features(_ set: EmbeddingSet, rows: [Int], lexiconScores: [Float]?) -> Matrix {
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

    /// Each embedded item's lexicon compound score, when the lexicons can be found.
    static func lexiconScores(project: Project, set: EmbeddingSet) throws -> [Float] {
        let analyzer = Analyzer(library: try LexiconLocation.library(project: project.directory))
        var byId: [String: StoredItem] = [:]
        for item in try project.database.itemLabels() { byId[item.item.externalId] = item.item }
        return set.externalIds.map { id in
            guard let item = byId[id] else { return 0 }
            return Float(analyzer.analyze(item.text, language: item.lang).compound)
        }
    }

    func run() throws -> (RunRecord, Metrics, DataSnapshot) {
        let started = Date()
        let database = project.database
        let labels = project.config.labelNames
        let set = try database.embeddings(encoder: encoder)
        guard set.count > 0 else {
            throw CommandError(message: "no embeddings for encoder '\(encoder)': run `opine embed` (or `opine embed --import`) first")
        }
        var goldOf: [String: (split: Split, label: Int)] = [:]
        var texts: [String: (text: String, lang: String?)] = [:]
        for item in try database.itemLabels() {
            texts[item.item.externalId] = (item.item.text, item.item.lang)
            if let label = Gold(item).label, let index = labels.firstIndex(of: label) {
                goldOf[item.item.externalId] = (item.item.split, index)
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
            let parts = short.map { "\(labels[$0.offset]) has \($0.element) (needs \(2 - $0.element) more)" }
            throw CommandError(message: "too few gold labels in the train split to train: " + parts.joined(separator: ", ")
                                      + ". Label more items (`opine next`), or adjudicate disputed ones.")
        }

        let scores = options.lexiconFeature ? try Self.lexiconScores(project: project, set: set) : nil
        let trainX = Self.features(set, rows: trainRows, lexiconScores: scores)
        var parameters = LogisticRegression.Parameters(classWeighting: options.classWeighting)
        var candidates: [Candidate] = []
        let model: LogisticRegression
        let selectedBy: String
        if devRows.count >= Self.minimumDevItems && Set(devLabels).count >= 2 {
            let selection = try ModelSelection.selectC(
                trainFeatures: trainX, trainLabels: trainLabels, devFeatures: Self.features(set, rows: devRows, lexiconScores: scores),
                devLabels: devLabels, classCount: labels.count, grid: options.grid, parameters: parameters)
            model = selection.model
            candidates = selection.candidates.map { Candidate(c: $0.c, logLoss: $0.evaluation.logLoss, macroF1: $0.evaluation.macroF1) }
            selectedBy = "dev"
        } else {
            for c in options.grid {
                var candidate = parameters
                candidate.c = c
                let oof = try CrossValidation.outOfFold(features: trainX, labels: trainLabels, classCount: labels.count,
                                                        parameters: candidate, folds: folds, seed: options.seed)
                let evaluation = try Evaluation(labels: trainLabels, probabilities: oof.probabilities)
                candidates.append(Candidate(c: c, logLoss: evaluation.logLoss, macroF1: evaluation.macroF1))
            }
            // The smallest log-loss; on a tie the smaller C (the stronger penalty).
            let best = candidates.min { ($0.logLoss, $0.c) < ($1.logLoss, $1.c) }
            parameters.c = best?.c ?? 1
            model = try LogisticRegression.fit(features: trainX, labels: trainLabels, classCount: labels.count, parameters: parameters)
            selectedBy = "cross-validation"
        }
        parameters.c = model.parameters.c

        var test: Evaluation?
        var majority: Baseline?
        var lexicon: Baseline?
        if !testRows.isEmpty {
            test = try Evaluation(labels: testLabels, probabilities: model.predictProbabilities(Self.features(set, rows: testRows, lexiconScores: scores)))
            let base = try Evaluation.majorityBaseline(trainingLabels: trainLabels, labels: testLabels, classCount: labels.count)
            majority = Baseline(accuracy: base.accuracy, macroF1: base.macroF1)
            if let analyzer = try? Analyzer(library: LexiconLocation.library(project: project.directory)) {
                let predicted = testRows.map { row -> Int in
                    let text = texts[set.externalIds[row]]
                    let verdict = "\(analyzer.analyze(text?.text ?? "", language: text?.lang).label)"
                    return labels.firstIndex(of: verdict) ?? labels.firstIndex(of: "neutral") ?? 0
                }
                let confusion = Classification.Metrics.confusionMatrix(labels: testLabels, predictions: predicted, classCount: labels.count)
                let scores = Classification.Metrics.classScores(confusion: confusion)
                lexicon = Baseline(accuracy: Classification.Metrics.accuracy(labels: testLabels, predictions: predicted),
                                   macroF1: scores.map(\.f1).reduce(0, +) / Double(max(1, scores.count)))
            }
        }
        let crossValidation = try CrossValidation.outOfFold(
            features: trainX, labels: trainLabels, classCount: labels.count, parameters: parameters, folds: folds, seed: options.seed)
        let oof = try Evaluation(labels: trainLabels, probabilities: crossValidation.probabilities)
        let suspects = try ConfidentLearning.findSuspects(labels: trainLabels, probabilities: crossValidation.probabilities).map {
            Suspect(item: set.externalIds[trainRows[$0.item]], given: labels[$0.givenLabel], proposed: labels[$0.proposedLabel], score: $0.score)
        }

        var labelCounts: [String: [String: Int]] = [:]
        for (split, rows) in rowsOf {
            for row in rows { labelCounts[split.rawValue, default: [:]][labels[label(row)], default: 0] += 1 }
        }
        let trainingLines = trainRows.map { "\(set.externalIds[$0])\t\(labels[label($0)])" }.sorted().joined(separator: "\n")
        let snapshot = DataSnapshot(train: trainRows.count, dev: devRows.count, test: testRows.count, labelCounts: labelCounts,
                                    trainingHash: SHA256.hexDigest(trainingLines), embedded: set.count)
        let metrics = Metrics(chosenC: model.parameters.c, selectedBy: selectedBy, candidates: candidates, test: test, crossValidation: oof,
                              majorityBaseline: majority, lexiconBaseline: lexicon, suspects: suspects)
        let encoderJSON = JSONEncoder()
        encoderJSON.outputFormatting = .sortedKeys
        var record = RunRecord(
            encoder: encoder, labels: labels,
            parametersJSON: String(decoding: try encoderJSON.encode(options), as: UTF8.self),
            dataJSON: String(decoding: try encoderJSON.encode(snapshot), as: UTF8.self),
            metricsJSON: String(decoding: try encoderJSON.encode(metrics), as: UTF8.self),
            seconds: Date().timeIntervalSince(started), model: try encoderJSON.encode(model))
        record.id = try database.saveRun(record)
        return (record, metrics, snapshot)
    }

    /// A stored run's model and options, to predict with.
    static func load(_ run: RunRecord) throws -> (LogisticRegression, Options) {
        let decoder = JSONDecoder()
        return (try decoder.decode(LogisticRegression.self, from: run.model),
                try decoder.decode(Options.self, from: Data(run.parametersJSON.utf8)))
    }

    /// Probabilities of `run` for every item with an embedding from its encoder.
    static func predict(run: RunRecord, project: Project) throws -> (set: EmbeddingSet, probabilities: Matrix) {
        let (model, options) = try load(run)
        let set = try project.database.embeddings(encoder: run.encoder)
        let scores = options.lexiconFeature ? try lexiconScores(project: project, set: set) : nil
        let features = Self.features(set, rows: Array(0..<set.count), lexiconScores: scores)
        return (set, try model.predictProbabilities(features))
    }
}
