import AnnotationStore
import Foundation
import ModelLoop
import TerminalUI
import TestSupport
import Testing
import Workflow
@testable import opine

/// The three screen runtimes in process, on a fake terminal: each test plays keys, reads the
/// frames drawn, and checks what reached the store. The tmux tests (OpineCLITests) drive the
/// same screens through a real terminal.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ScreenRuntimeTests {
    static let labels = ["negative", "neutral", "positive"]

    /// A project of `count` items (i1…iN) whose 8-d embeddings cluster by label; the first
    /// `labelled` of them labelled by kay with their cluster's label.
    func project(count: Int, labelled: Int, embedded: Bool, settings: String = "") throws -> (TemporaryProject, Project) {
        let files = try TemporaryProject(toml: """
            name = "runtime"
            overlap = 2
            \(settings)
            [[annotators]]
            name = "lea"
            role = "lead"
            [[annotators]]
            name = "ana"
            role = "annotator"
            [[annotators]]
            name = "kay"
            role = "annotator"
            """)
        try files.seed(items: count)
        var values: [Float] = []
        var state: UInt64 = 3
        for index in 0..<count {
            for column in 0..<8 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                values.append((column == index % 3 ? 2 : 0) + Float(state >> 40) / Float(1 << 24) - 0.5)
            }
        }
        let stream = (0..<labelled).map { "i\($0 + 1)\t\(Self.labels[$0 % 3])" }.joined(separator: "\n") + "\n"
        if labelled > 0 { try #require(try files.run(["label", "--stdin", "--annotator", "kay"], stdin: stream).status == 0) }
        if embedded {
            try files.write("vectors.npy", bytes: npyBytes(rows: count, columns: 8, values: values))
            try files.write("ids.txt", (1...count).map { "i\($0)" }.joined(separator: "\n") + "\n")
            try #require(try files.run(["embed", "--import", files.directory.appendingPathComponent("vectors.npy").path,
                                        "--ids", files.directory.appendingPathComponent("ids.txt").path, "--name", "test"]).status == 0)
        }
        return (files, try Project.open(directory: files.directory))
    }

    /// An annotator's current labels by item id.
    func labels(of annotator: String, in project: Project) throws -> [String: String] {
        var labels: [String: String] = [:]
        for item in try project.database.itemLabels() {
            if let label = item.labels.first(where: { $0.annotator == annotator }) { labels[item.item.externalId] = label.label }
        }
        return labels
    }

    /// The item id the annotate screen shows in a frame: the first word of its second row.
    func itemOnScreen(_ frame: Grid) -> String? {
        frame.text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().first?
            .split(separator: " ").first.map(String.init)
    }

    @Test("annotate: keys label, undo brings the item back, a relabel replaces it, q quits; the store has exactly that")
    func annotate() throws {
        let (_, project) = try project(count: 6, labelled: 0, embedded: false)
        let terminal = FakeTerminal(script: [
            .key(.character("3")), .key(.character("1")), .key(.character("u")), .key(.character("2")), .key(.character("q")),
        ])
        let runtime = try AnnotateRuntime(project: project, annotator: "ana", strategy: nil)
        let summary = runtime.run(on: terminal, counts: try project.database.counts(overlap: 2))
        // One frame at open and one after each key but the last.
        #expect(terminal.frames.count == 5)  // q closes without another frame
        let shown = terminal.frames.compactMap(itemOnScreen)
        let first = try #require(shown.first), second = try #require(shown.dropFirst().first)
        #expect(first != second)
        #expect(terminal.frames[1].text.contains("saved positive on \(first)"))
        #expect(terminal.frames[3].text.contains("back after undo"))
        #expect(itemOnScreen(terminal.frames[3]) == second)
        #expect(terminal.frames[4].text.contains("saved neutral on \(second)"))
        #expect(summary.labels == 2)
        #expect(try labels(of: "ana", in: project) == [first: "positive", second: "neutral"])
    }

    @Test("annotate: an item others hold (their labels or the items handed out to them) is passed over; the shown item is leased")
    func leasedItemsPassedOver() throws {
        let (_, project) = try project(count: 6, labelled: 0, embedded: false)
        var queue = try AnnotationQueue.open(project: project, annotator: "ana")
        let first = try #require(queue.next()?.item)
        // Two other sessions were handed ana's first item (overlap 2): it is full for now.
        for other in ["kay", "lea"] {
            #expect(try project.database.lease(item: first, annotator: other, overlap: 2, seconds: 600, now: Date()))
        }
        let terminal = FakeTerminal(script: [.key(.character("q"))])
        _ = try AnnotateRuntime(project: project, annotator: "ana", strategy: nil).run(on: terminal, counts: try project.database.counts(overlap: 2))
        let shown = try #require(terminal.frames.first.flatMap(itemOnScreen))
        #expect(try shown != project.database.item(rowId: first)?.externalId)
        // ana now holds a slot of the item on her screen: with kay's lease too, lea is handed another.
        let shownRow = try #require(try project.database.rowId(of: shown))
        #expect(try project.database.lease(item: shownRow, annotator: "kay", overlap: 2, seconds: 600, now: Date()))
        #expect(try !project.database.lease(item: shownRow, annotator: "lea", overlap: 2, seconds: 600, now: Date()))
    }

    @Test("annotate: the background retrain trains with [train] from opine.toml, and the queue re-ranks")
    func retrainUsesProjectOptions() throws {
        let (_, project) = try project(count: 90, labelled: 60, embedded: true, settings: """
            [annotate]
            queue = "uncertain"
            retrain_every = 2
            blind_fraction = 0
            [train]
            c = 0.5
            balanced = true
            folds = 3
            """)
        let terminal = FakeTerminal(script: [
            .key(.character("1")), .key(.character("2")), .waitFor("trained in", timeout: 60), .key(.character("q")),
        ])
        let runtime = try AnnotateRuntime(project: project, annotator: "ana", strategy: nil)
        _ = runtime.run(on: terminal, counts: try project.database.counts(overlap: 2))
        #expect(terminal.timedOut == nil, "\(terminal.timedOut ?? "")")
        let run = try #require(try project.database.latestTrainingRun(), "the screen trained no run")
        #expect(run.options == TrainingOptions(classWeighting: .balanced, folds: 3, grid: [0.5]))
        #expect(run.metrics.selectedBy == "fixed" && run.metrics.chosenC == 0.5)
        #expect(terminal.screen.contains("run \(run.id) trained in"))
        #expect(terminal.screen.contains("queue re-ranked"))
    }

    @Test("review: a label key and a typed reason adjudicate in one go; an empty reason is refused")
    func review() throws {
        let (files, project) = try project(count: 4, labelled: 0, embedded: false)
        let stream = (1...4).map { "i\($0)\t\($0 % 2 == 0 ? "positive" : "negative")" }.joined(separator: "\n") + "\n"
        try #require(try files.run(["label", "--stdin", "--annotator", "kay"], stdin: stream).status == 0)
        let other = (1...4).map { "i\($0)\tneutral" }.joined(separator: "\n") + "\n"
        try #require(try files.run(["label", "--stdin", "--annotator", "ana"], stdin: other).status == 0)
        let terminal = FakeTerminal(script: [
            .key(.character("3")), .key(.enter), .type("sarcasm — 皮肉"), .key(.enter), .key(.character("q")),
        ])
        let summary = ReviewRuntime(project: project, lead: "lea", showAdjudicated: false).run(on: terminal)
        let adjudicated = try #require(summary.adjudicated.first)
        #expect(summary.adjudicated.count == 1 && summary.left == 3)
        #expect(terminal.frames.contains { $0.text.contains("a reason is required") })
        #expect(terminal.frames.contains { $0.text.contains("\(adjudicated) adjudicated positive — reason saved") })
        let stored = try #require(try project.database.itemLabels().first { $0.item.externalId == adjudicated }?.adjudication)
        #expect(stored.label == "positive" && stored.reason == "sarcasm — 皮肉" && stored.lead == "lea")
    }

    @Test("review: the list follows others' work without a restart (the store's change counter, polled)")
    func reviewSeesOthers() throws {
        let (files, project) = try project(count: 4, labelled: 0, embedded: false)
        try #require(try files.run(["label", "--stdin", "--annotator", "kay"], stdin: (1...4).map { "i\($0)\tpositive" }.joined(separator: "\n") + "\n").status == 0)
        try #require(try files.run(["label", "--stdin", "--annotator", "ana"], stdin: (1...3).map { "i\($0)\tnegative" }.joined(separator: "\n") + "\n").status == 0)
        let other = try project.reopen()
        let terminal = FakeTerminal(size: Size(width: 100, height: 30), script: [
            .waitFor("i1  negative/positive", timeout: 10),
            // Another lead's host adjudicates one item, and a fourth disagreement appears.
            .perform { _ = try other.database.adjudicate(item: "i1", lead: "lea", label: "positive", reason: "elsewhere") },
            .perform { _ = try other.database.recordLabel(item: "i4", annotator: "ana", label: "negative", flags: [], note: nil, seconds: nil,
                                                           origin: .cli, overlap: 2, exposure: nil) },
            .waitFor("i4  negative/positive", timeout: 10),
            .key(.character("q")),
        ])
        _ = ReviewRuntime(project: project, lead: "lea", showAdjudicated: false, pollSeconds: 0.2).run(on: terminal)
        #expect(terminal.timedOut == nil, "\(terminal.timedOut ?? "")")
        #expect(terminal.screen.contains("3 to review"))
        #expect(!terminal.screen.contains("i1  negative/positive"))  // settled elsewhere
    }

    @Test("stats: the agreement page with its numbers, Tab to the model page with the run, q quits")
    func stats() throws {
        let (files, project) = try project(count: 30, labelled: 30, embedded: true)
        let stream = (0..<30).map { "i\($0 + 1)\t\(Self.labels[($0 + ($0 % 5 == 0 ? 1 : 0)) % 3])" }.joined(separator: "\n") + "\n"
        try #require(try files.run(["label", "--stdin", "--annotator", "ana"], stdin: stream).status == 0)
        try #require(try files.run(["train"]).status == 0)
        let runtime = StatsRuntime(project: project, page: .agreement, settings: StatsSettings(draws: 50))
        let terminal = FakeTerminal(size: Size(width: 100, height: 30), script: [.key(.tab), .key(.character("q"))])
        runtime.run(on: terminal, first: try StatsNumbers.view(project: project, settings: StatsSettings(draws: 50)))
        #expect(terminal.frames.count == 2)
        // ana agrees with kay on 24 of 30 items.
        #expect(terminal.frames[0].text.contains("% agreement        0.800"))
        #expect(terminal.frames[0].text.contains("Kripp. α nominal   0.705"))
        #expect(terminal.frames[1].text.contains("run 1"))
        #expect(terminal.frames[1].text.contains("macro-F1"))
    }
}
