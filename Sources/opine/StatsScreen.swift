import AnnotationStore
import CursesBackend
import Foundation
import ModelLoop
import Reporting
import TerminalUI
import Workflow

/// Runs the stats screen: computes its numbers from the project (as `opine agreement`,
/// `opine slices` and `opine runs` do) and compares two runs when asked.
final class StatsRuntime {
    private let project: Project
    private let settings: StatsSettings
    private let loop: ScreenLoop<StatsState>

    init(project: Project, page: StatsState.Page, settings: StatsSettings) {
        self.project = project
        self.settings = settings
        loop = ScreenLoop(StatsState(projectName: project.config.name, page: page, size: Size(width: 80, height: 24)))
    }

    func run() throws {
        // The first numbers are computed before the screen opens, so an error prints as a plain message.
        let first = try StatsNumbers.view(project: project, settings: settings)
        let terminal = try Terminal.start()
        defer { terminal.stop() }
        run(on: terminal, first: first)
        terminal.stop()
        loop.writeLatencies()
    }

    /// Runs the screen on `terminal` until it quits, showing `first`.
    func run(on terminal: some TerminalDevice, first: StatsView) {
        loop.perform = { [unowned self] effect in run(effect) }
        // The numbers take a bootstrap to recompute: look less often than the review list does.
        let watch = ChangeWatch(store: project.database, interval: 10)
        _ = watch.changed(now: ScreenLoop<StatsState>.now())
        loop.poll = { watch.changed(now: ScreenLoop<StatsState>.now()) ? [.othersChanged] : [] }
        loop.dispatch(.resized(terminal.size))
        loop.dispatch(.loaded(first))
        loop.run(on: terminal)
    }

    private func run(_ effect: StatsEffect) -> [StatsMessage] {
        switch effect {
        case .load:
            do {
                return [.loaded(try StatsNumbers.view(project: project, settings: settings))]
            } catch {
                return [.loadFailed(String(describing: error))]
            }
        case .compareRuns(let a, let b):
            do {
                guard let runA = try project.database.trainingRun(a) else { throw ModelLoopError.noSuchRun(a) }
                guard let runB = try project.database.trainingRun(b) else { throw ModelLoopError.noSuchRun(b) }
                let result = try RunComparison(runA, runB, project: project)
                return [.comparisonLoaded(RunComparisonView(
                    a: a, b: b, deltas: result.deltas.map { .init(metric: $0.metric, a: $0.a, b: $0.b) },
                    changedPredictions: result.changedPredictions, comparedItems: result.comparedItems))]
            } catch {
                return [.comparisonFailed(a: a, b: b, reason: String(describing: error))]
            }
        case .loadDrift:
            do {
                return [.driftLoaded(StatsNumbers.driftView(try DriftTimeline(project: project)))]
            } catch {
                return [.driftFailed(String(describing: error))]
            }
        case .quit:
            return []
        }
    }
}
