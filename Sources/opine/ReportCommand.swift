import ArgumentParser
import Foundation
import ModelLoop
import Reporting
import Slices
import Workflow

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
            let slices = try SliceAnalysis(ProjectSlices.data(project: project, ratings: ratings),
                                           options: SliceOptions(draws: draws, seed: 2026, alphaLevel: config.ordinal ? .ordinal : .nominal))
            let html = HTMLReport.render(ReportInput(
                projectName: config.name, overlap: config.overlap,
                counts: try project.database.counts(overlap: config.overlap), agreement: agreement, slices: slices,
                model: try project.database.latestTrainingRun(), drift: try DriftTimeline(project: project)))
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
