import AnnotationStore
import Foundation
import Testing
import Workflow
@testable import ModelLoop

@Suite struct TrainingOptionsTests {
    @Test("[train] in opine.toml sets how the head trains: fixed C, balancing, folds, dev split")
    func projectOptions() throws {
        // Given a project whose [train] fixes C and trains on dev too
        let loop = try LoopProject(count: 240, settings: """
            [train]
            c = 0.5
            balanced = true
            folds = 3
            seed = 7
            dev_split = "train"
            """)
        // When the head trains as opine train does without flags
        let run = try HeadTrainer(project: loop.project).run()
        // Then the run was made, and is recorded, with those options
        #expect(run.options == TrainingOptions(classWeighting: .balanced, folds: 3, seed: 7, grid: [0.5], devSplit: .train))
        #expect(run.metrics.selectedBy == "fixed")
        #expect(run.metrics.chosenC == 0.5)
        #expect(run.metrics.candidates.isEmpty)
        #expect(run.data.dev == 0)  // dev items trained
        #expect(run.data.train > 0 && run.data.test > 0)
        #expect(try loop.project.database.latestTrainingRun()?.options == run.options)
    }

    @Test("without [train] the defaults are the ones opine train always used")
    func defaults() throws {
        let loop = try LoopProject(count: 120)
        let run = try HeadTrainer(project: loop.project).run()
        #expect(run.options == TrainingOptions())
        #expect(run.options.grid == [0.01, 0.1, 1, 10, 100])
        // 120 items leave fewer than 50 dev items: C by cross-validation on train.
        #expect(run.metrics.selectedBy == "cross-validation")
        #expect(run.metrics.candidates.count == 5)
        #expect(run.data.dev > 0)
    }

    @Test("the screen's background retrain trains with the project's [train] options")
    func retrainUsesProjectOptions() throws {
        let loop = try LoopProject(count: 240, settings: """
            [train]
            c_grid = [0.1, 1.0]
            balanced = true
            dev_split = "select"
            """)
        let pending = try loop.project.database.queueSnapshot(annotator: "lea", overlap: 2).order
        // What AnnotateRuntime runs on its training thread.
        let outcome = TrainingOutcome.train(loop.project, strategy: .uncertain, pending: pending)
        let model = try #require(outcome.model, "\(outcome.message)")
        let run = try #require(try loop.project.database.latestTrainingRun())
        #expect(model.run == run.id)
        #expect(run.options == TrainingOptions(classWeighting: .balanced, grid: [0.1, 1.0], devSplit: .select))
        #expect(run.metrics.selectedBy == "dev")  // select: on dev although it has fewer than 50 items
        #expect(run.metrics.candidates.map(\.c) == [0.1, 1.0])
        #expect(outcome.ranking.count == pending.count)
        #expect(outcome.message.contains("run \(run.id) trained"))
    }

    @Test("dev_split = select refuses a dev split that cannot choose C, naming the setting")
    func selectNeedsDev() throws {
        let loop = try LoopProject(count: 30, settings: "[train]\ndev_split = \"select\"\n[splits]\ntrain = 0.9\ndev = 0.0\ntest = 0.1\n")
        #expect(throws: ModelLoopError.devSplitTooSmall(items: 0, labels: 0)) { try HeadTrainer(project: loop.project).run() }
        #expect(try loop.project.database.latestTrainingRun() == nil)
    }

    @Test("bad [train] values are rejected with their key", arguments: [
        ("c = 0", "train.c"), ("c = \"big\"", "train.c"), ("c_grid = []", "train.c_grid"), ("c_grid = [1, -2]", "train.c_grid[1]"),
        ("c = 1\nc_grid = [1, 2]", "train.c_grid"), ("balanced = 1", "train.balanced"), ("dev_split = \"often\"", "train.dev_split"),
        ("folds = 1", "train.folds"), ("seed = -1", "train.seed"), ("epochs = 3", "train.epochs"),
    ])
    func badSettings(line: String, key: String) throws {
        let text = "name = \"x\"\n[[annotators]]\nname = \"lea\"\nrole = \"lead\"\n[train]\n\(line)\n"
        do {
            _ = try ProjectConfig.parse(text, file: "opine.toml", defaultName: "x")
            Issue.record("accepted \(line)")
        } catch {
            #expect("\(error)".contains("\(key):"), "\(error)")
        }
    }
}
