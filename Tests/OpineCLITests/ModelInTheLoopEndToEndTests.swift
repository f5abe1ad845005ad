import Digest
import Foundation
import TestSupport
import Testing

/// The model in the annotate screen, in a real terminal: the queue ordered by the model from
/// opine.toml, a background retrain every N labels that re-ranks the queue, and the blind
/// fraction, whose labels record what the model predicted and whether it was shown.
@Suite(.serialized, .timeLimit(.minutes(3)),
       .enabled(if: Tmux.isInstalled, "tmux is not installed: the annotate screen's end-to-end tests need it"))
struct ModelInTheLoopEndToEndTests {
    static let labels = ["negative", "neutral", "positive"]

    /// 120 items with 8-d embeddings that cluster by label; ana labelled the first 60, and a
    /// first model was trained on them.
    private func project() throws -> TemporaryProject {
        let project = try TemporaryProject(toml: """
            name = "loop"
            overlap = 2
            [annotate]
            queue = "uncertain"
            retrain_every = 4
            blind_fraction = 0.5
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
        let count = 120
        try project.seed(items: count)
        var generator = SplitMix64(seed: 5)
        var values: [Float] = []
        var stream = ""
        for index in 0..<count {
            let label = index % 3
            for column in 0..<8 {
                values.append((column == label ? 1.5 : 0) + Float(Double(generator.next() % 1000) / 1000 - 0.5))
            }
            if index < 60 { stream += "i\(index + 1)\t\(Self.labels[label])\n" }
        }
        try project.write("vectors.npy", bytes: npyBytes(rows: count, columns: 8, values: values))
        try project.write("ids.txt", (1...count).map { "i\($0)" }.joined(separator: "\n") + "\n")
        try #require(try project.run(["label", "--stdin", "--annotator", "ana"], stdin: stream).status == 0)
        try #require(try project.run(["embed", "--import", project.directory.appendingPathComponent("vectors.npy").path,
                                      "--ids", project.directory.appendingPathComponent("ids.txt").path, "--name", "test"]).status == 0)
        try #require(try project.run(["train"]).status == 0)
        return project
    }

    @Test("the queue follows the model, retrains in the background every 4 labels, and records what was shown")
    func modelInTheLoop() throws {
        let project = try project()
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.close() }
        var screen = try openScreen(in: tmux, project: project)
        #expect(screen.contains("the model is unsure (margin"), "the queue should come from [annotate] queue:\n\(screen)")

        // What the model row showed for each item, read only from frames known to be whole.
        var hiddenOnScreen: [String: Bool] = [:]
        var announcedRuns: Set<String> = []
        for step in 0..<10 {
            let id = try #require(Tmux.itemId(on: screen))
            let modelRow = Self.row(screen, startingWith: " model ")
            if modelRow.contains("hidden for this item") { hiddenOnScreen[id] = true } else if modelRow.contains("%") { hiddenOnScreen[id] = false }
            let (key, label) = [("1", "negative"), ("2", "neutral"), ("3", "positive")][step % 3]
            try tmux.press(key)
            let startsRetrain = (step + 1) % 4 == 0
            screen = try tmux.waitUntil("\(label) saved on \(id)") { screen in
                guard Tmux.itemId(on: screen) != id else { return false }
                // The status line (drawn after the rows above it) proves the frame is whole: this
                // label's own news, or a retrain's news that replaced it afterwards.
                let status = Self.statusLine(screen)
                if status.contains("saved \(label) on \(id)") { return true }
                if startsRetrain, status.contains("retraining in the background") { return true }
                if let run = Self.trainedRun(status), !announcedRuns.contains(run) { return true }
                return false
            }
            if let run = Self.trainedRun(Self.statusLine(screen)) { announcedRuns.insert(run) }
            if step == 3 {
                // The fourth label starts a retrain; its result arrives while the screen stays live.
                screen = try tmux.waitFor("run 2 trained")
                #expect(screen.contains("queue re-ranked"))
                announcedRuns.insert("2")
            }
        }
        let hidden = hiddenOnScreen.values.filter { $0 }.count, shown = hiddenOnScreen.count - hidden
        #expect(hidden + shown == 10)
        #expect(hidden > 0 && shown > 0, "with blind_fraction 0.5, 10 items should include both (hidden \(hidden), shown \(shown))")
        screen = try tmux.waitFor("run 3 trained")
        try tmux.press("q")
        _ = try tmux.waitFor("kay labelled 10 items")

        let runs = try #require(try Opine.json(["runs", "--project", project.path]) as? [[String: Any]])
        #expect(runs.count == 3)
        // Every screen label records the model's prediction and whether it was on screen.
        let rows = try sqlite(project, """
            SELECT i.external_id, a.prediction_shown, a.model_run, a.model_label FROM annotation a
            JOIN annotator n ON n.id = a.annotator_id JOIN item i ON i.id = a.item_id
            WHERE n.name = 'kay'
            """)
        #expect(rows.count == 10)
        #expect(rows.allSatisfy { $0.count == 4 && ["0", "1"].contains($0[1]) && !$0[2].isEmpty && Self.labels.contains($0[3]) })
        // What each label recorded is what its item showed.
        for row in rows where row.count == 4 {
            #expect(hiddenOnScreen[row[0]] == (row[1] == "0"), "\(row[0]) recorded shown = \(row[1])")
        }
    }

    /// The row that starts with `prefix` ("" when there is none).
    static func row(_ screen: String, startingWith prefix: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).first { $0.hasPrefix(prefix) }.map(String.init) ?? ""
    }

    /// The status line: the row above the help bar (the last row).
    static func statusLine(_ screen: String) -> String {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        let filled = rows.lastIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? 0
        return filled > 0 ? String(rows[filled - 1]) : ""
    }

    /// N in "run N trained", when the status says a retrain finished.
    static func trainedRun(_ status: String) -> String? {
        guard let range = status.range(of: "run "), let end = status.range(of: " trained", range: range.upperBound..<status.endIndex) else {
            return nil
        }
        return String(status[range.upperBound..<end.lowerBound])
    }

    @Test("on a big project the latest run's predictions load after the screen opens, then re-rank the queue")
    func predictionsInBackground() throws {
        let project = try project()
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.close() }
        // 0: every project counts as big.
        _ = try openScreen(in: tmux, project: project, environment: "OPINE_FOREGROUND_PREDICTIONS=0 ")
        let screen = try tmux.waitUntil("the predictions loaded") { $0.contains("predictions of run 1 ready; queue re-ranked") }
        let first = try #require(Tmux.itemId(on: screen))
        try tmux.press("2")
        // The next item comes from the model's order.
        _ = try tmux.waitUntil("the next item, chosen by the model") {
            $0.contains("saved neutral on \(first)") && $0.contains("the model is unsure (margin")
        }
        try tmux.press("q")
        _ = try tmux.waitFor("kay labelled 1 item")
    }

    @Test("a label given again after an undo records the model shown then, not the run of its first showing")
    func exposureAfterUndo() throws {
        let project = try project()
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.close() }
        var screen = try openScreen(in: tmux, project: project)
        var last = ""
        for _ in 0..<4 {
            last = try #require(Tmux.itemId(on: screen))
            try tmux.press("1")
            screen = try tmux.waitUntil("the next item") {
                ($0.contains("saved negative on \(last)") || $0.contains("retrain") || $0.contains("trained")) && Tmux.itemId(on: $0) != last
            }
        }
        // The fourth label (under run 1) started run 2; once it is in, take that label back and give it again.
        _ = try tmux.waitFor("run 2 trained")
        try tmux.press("u")
        _ = try tmux.waitFor("undid negative on \(last)")
        try tmux.press("3")
        _ = try tmux.waitFor("saved positive on \(last)")
        try tmux.press("q")
        _ = try tmux.waitFor("kay labelled 4 items")
        let runs = try sqlite(project, """
            SELECT a.model_run FROM annotation a JOIN item i ON i.id = a.item_id JOIN annotator n ON n.id = a.annotator_id
            WHERE n.name = 'kay' AND i.external_id = '\(last)' ORDER BY a.id
            """).map { $0.first ?? "" }
        #expect(runs == ["1", "2"])
    }

    /// Starts `opine annotate` as kay from the pane's shell and waits for its first frame.
    private func openScreen(in tmux: Tmux, project: TemporaryProject, environment: String = "") throws -> String {
        let binary = try #require(Opine.binary, "the opine binary was not found beside the tests")
        try tmux.type("\(environment)'\(binary.path)' annotate --annotator kay --project '\(project.path)'")
        try tmux.press("Enter")
        return try tmux.waitUntil("the annotate screen") { $0.contains("q quit") && Tmux.itemId(on: $0) != nil }
    }

    /// Rows of a read-only query through the sqlite3 shell, as fields.
    private func sqlite(_ project: TemporaryProject, _ query: String) throws -> [[String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        // The screen may still be closing its connection (a checkpoint): wait for it, never fail on a lock.
        process.arguments = ["-readonly", "-cmd", ".timeout 10000", "-separator", "|", project.database.path, query]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }
}
