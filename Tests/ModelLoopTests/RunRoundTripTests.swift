import AnnotationStore
import Foundation
import Testing
import Workflow
@testable import ModelLoop

@Suite struct RunRoundTripTests {
    @Test("a run is stored and read back whole: options, data, metrics and weights")
    func roundTrip() throws {
        let loop = try LoopProject(count: 90)
        let trained = try HeadTrainer(project: loop.project).run()
        let read = try #require(try loop.project.database.trainingRun(trained.id))
        // The store keeps times to the millisecond.
        #expect(abs(read.createdAt.timeIntervalSince(trained.createdAt)) < 0.001)
        var expected = trained
        expected.createdAt = read.createdAt
        #expect(read == expected)
        // Lists leave the weights out, and say so when asked to predict.
        let listed = try #require(try loop.project.database.trainingRuns().last)
        #expect(listed.model == nil)
        #expect(listed.metrics == trained.metrics)
        #expect(throws: ModelLoopError.runWithoutModel(id: trained.id)) { try listed.predict(project: loop.project) }
        // The stored run predicts as the trained one does.
        let (set, probabilities) = try read.predict(project: loop.project)
        #expect(set.count == 90)
        #expect(probabilities == (try trained.classifier().predictProbabilities(HeadTrainer.features(set, rows: Array(0..<90), lexiconScores: nil))))
    }

    @Test("a damaged part of a stored run is named, never skipped", arguments: [
        ("metrics", RunRecord(id: 3, encoder: "e", labels: ["a", "b"], parametersJSON: Self.oldOptions, dataJSON: Self.data,
                              metricsJSON: "{}", seconds: 1, model: Data())),
        ("parameters", RunRecord(id: 3, encoder: "e", labels: ["a", "b"], parametersJSON: "[1]", dataJSON: Self.data,
                                 metricsJSON: Self.metrics, seconds: 1, model: Data())),
        ("data snapshot", RunRecord(id: 3, encoder: "e", labels: ["a", "b"], parametersJSON: Self.oldOptions, dataJSON: "{\"train\": \"x\"}",
                                    metricsJSON: Self.metrics, seconds: 1, model: Data())),
        ("weights", RunRecord(id: 3, encoder: "e", labels: ["a", "b"], parametersJSON: Self.oldOptions, dataJSON: Self.data,
                              metricsJSON: Self.metrics, seconds: 1, model: Data("{".utf8))),
    ])
    func damaged(part: String, record: RunRecord) throws {
        do {
            _ = try TrainingRun(record)
            Issue.record("a damaged \(part) was read")
        } catch let error as ModelLoopError {
            guard case .damagedRun(3, let named, _) = error else { throw error }
            #expect(named == part)
            #expect(error.description.hasPrefix("run 3 is damaged: its \(part) cannot be read"))
        }
    }

    @Test("runs stored before dev_split existed read as auto, the way they were trained")
    func olderOptions() throws {
        let run = try TrainingRun(RunRecord(id: 1, encoder: "e", labels: ["a", "b"], parametersJSON: Self.oldOptions,
                                            dataJSON: Self.data, metricsJSON: Self.metrics, seconds: 1, model: Data()))
        #expect(run.options == TrainingOptions(grid: [0.01, 0.1, 1, 10, 100]))
        #expect(run.options.devSplit == .auto)
        #expect(run.evaluation == nil)
    }

    // The JSON a run of the first slice stored (HeadTraining.Options had no devSplit).
    static let oldOptions = #"{"classWeighting":"uniform","folds":5,"grid":[0.01,0.1,1,10,100],"lexiconFeature":false,"seed":2026}"#
    static let data = #"{"dev":0,"embedded":4,"labelCounts":{},"test":0,"train":4,"trainingHash":"x"}"#
    static let metrics = #"{"candidates":[],"chosenC":1,"selectedBy":"cross-validation","suspects":[]}"#
}
