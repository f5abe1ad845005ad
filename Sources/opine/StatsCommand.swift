import ArgumentParser
import Foundation
import TerminalUI

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "The lead's screen: agreement (with anchoring on the model), the model's runs, and drift between imports.",
        discussion: """
            Three pages, switched with tab (or 1, 2 and 3). Agreement: the coefficients with bootstrap \
            intervals, Cohen's κ per pair as a banded grid, specific agreement per label, the \
            largest gaps between slices, each annotator's agreement over time, and anchoring \
            (agreement with the model when its prediction was shown vs held back). Model: the runs \
            with macro-F1 over time, the selected run's per-class scores and confusion matrix; \
            space marks runs A and B to compare them, c compares a run with the one before. Drift: each \
            import against the imports before it (as `opine drift`), the domain classifier's AUC as a \
            bar, label and prediction PSI. r \
            computes the numbers again; ? lists every key; q quits. With --json, prints the \
            numbers both pages show and opens no screen.
            """)

    enum PageArgument: String, ExpressibleByArgument, CaseIterable {
        case agreement, model, drift
    }

    @OptionGroup var options: ProjectOptions

    @Option(help: "The page to open on (agreement, model or drift).")
    var page: PageArgument = .agreement

    @Option(help: "Bootstrap draws for the agreement intervals (0: none).")
    var draws: Int = 1_000

    @Option(help: "Seed for the bootstrap.")
    var seed: UInt64 = 2026

    func validate() throws {
        if draws < 0 { throw ValidationError("--draws must be 0 or more") }
    }

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            let settings = StatsSettings(draws: draws, seed: seed)
            if options.json {
                Output.json(try StatsNumbers.view(project: project, settings: settings, drift: true))
                return
            }
            try StatsRuntime(project: project, page: StatsState.Page(rawValue: page.rawValue) ?? .agreement, settings: settings).run()
        }
    }
}
