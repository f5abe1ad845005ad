import ArgumentParser
import Foundation
import Reporting
import Slices
import Workflow

/// The latest run's test metrics for the report, when there is a run with a test evaluation.
private func modelSummary(_ project: Project) throws -> ModelSummary? {
    guard let run = try project.database.latestRun() else { return nil }
    let decoder = JSONDecoder()
    let metrics = try decoder.decode(HeadTraining.Metrics.self, from: Data(run.metricsJSON.utf8))
    let data = try decoder.decode(HeadTraining.DataSnapshot.self, from: Data(run.dataJSON.utf8))
    guard let test = metrics.test else { return nil }
    return ModelSummary(
        run: run.id, c: metrics.chosenC, trainItems: data.train, testItems: test.count, labels: run.labels,
        metrics: [("accuracy", test.accuracy), ("macro-F1", test.macroF1), ("macro AUC (one vs rest)", test.macroAUC),
                  ("log-loss", test.logLoss), ("expected calibration error", test.expectedCalibrationError),
                  ("majority baseline accuracy", metrics.majorityBaseline?.accuracy),
                  ("lexicon-only accuracy", metrics.lexiconBaseline?.accuracy)],
        perLabel: zip(run.labels, test.perClass).map {
            ModelSummary.LabelScores(label: $0, precision: $1.precision, recall: $1.recall, f1: $1.f1, support: $1.support)
        },
        confusion: test.confusion)
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report for a lead (progress, agreement, annotators, slices).")

    @OptionGroup var options: ProjectOptions

    @Argument(help: ArgumentHelp("The HTML file to write.", valueName: "OUT"))
    var output: String

    @Option(help: "Bootstrap draws for the confidence intervals.")
    var draws: Int = 1_000

    @Flag(help: "Replace OUT if it exists.")
    var force = false

    func run() throws {
        try reportingErrors {
            if !force && FileManager.default.fileExists(atPath: output) { throw WorkflowError.outputExists(path: output) }
            let project = try options.open()
            let config = project.config
            let ratings = try ProjectRatings(table: project.database.labelTable(), config: config)
            let agreement = AgreementReport(ratings: ratings, draws: draws, seed: 2026,
                                            slices: try config.sliceColumns.map { ($0, try project.database.itemValues(column: $0)) })
            let slices = try SliceAnalysis(SlicesCommand.sliceData(project: project, ratings: ratings),
                                           options: SliceOptions(draws: draws, seed: 2026, alphaLevel: config.ordinal ? .ordinal : .nominal))
            let html = HTMLReport.render(ReportInput(
                projectName: config.name, overlap: config.overlap,
                counts: try project.database.counts(overlap: config.overlap), agreement: agreement, slices: slices,
                model: try modelSummary(project)))
            do {
                try Data(html.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw WorkflowError.unreadableFile(file: output, reason: "cannot write: \(error.localizedDescription)")
            }
            if options.json {
                Output.json(["report": output])
            } else {
                Output.line("Wrote \(output).")
            }
        }
    }
}
