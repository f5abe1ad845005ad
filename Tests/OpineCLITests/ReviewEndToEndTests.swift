import Foundation
import TestSupport
import Testing

/// `opine review` driven in a real terminal (see AnnotateEndToEndTests for the tmux harness):
/// the lead settles an item with a label key and a typed reason, and the store has exactly that.
@Suite(.serialized, .timeLimit(.minutes(3)),
       .enabled(if: Tmux.isInstalled, "tmux is not installed: the review screen's end-to-end tests need it"))
struct ReviewEndToEndTests {
    /// Items and the labels kay and ben gave them: four disagreements (two opposite), one agreement.
    private static let items: [(id: String, text: String, kay: String, ben: String)] = [
        ("r01", "I loved this film, but the ending was not great at all.", "negative", "positive"),
        ("r02", "この映画は本当に素晴らしかった。", "positive", "neutral"),
        ("r03", "هذا المنتج رائع جدا", "negative", "positive"),
        ("r04", "Family day 👨‍👩‍👧 in 🇫🇷 was great", "positive", "positive"),
        ("r05", "\u{1B}[31mred alert\u{1B}[0m and a bell\u{7}", "neutral", "negative"),
    ]

    private func project() throws -> TemporaryProject {
        let project = try TemporaryProject(annotators: ["lea", "kay", "ben"], overlap: 2)
        let lines = try Self.items.map { item -> String in
            let data = try JSONSerialization.data(withJSONObject: ["id": item.id, "text": item.text, "lang": "xx"])
            return String(decoding: data, as: UTF8.self)
        }
        let file = try project.write("items.jsonl", lines.joined(separator: "\n") + "\n")
        let imported = try project.run(["import", file.path])
        try #require(imported.status == 0, "import failed: \(imported.stderr)")
        for annotator in ["kay", "ben"] {
            let labels = Self.items.map { "\($0.id)\t\(annotator == "kay" ? $0.kay : $0.ben)" }.joined(separator: "\n") + "\n"
            let labelled = try project.run(["label", "--stdin", "--annotator", annotator], stdin: labels)
            try #require(labelled.status == 0, "labelling failed: \(labelled.stderr)")
        }
        return project
    }

    @Test("the lead adjudicates an item with a key and a reason (an empty one refused), quits, and the store holds exactly that")
    func adjudicateOnScreen() throws {
        let project = try project()
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.close() }
        let binary = try #require(Opine.binary, "the opine binary was not found beside the tests")
        try tmux.type("'\(binary.path)' review --lead lea --project '\(project.path)'")
        try tmux.press("Enter")
        var screen = try tmux.waitUntil("the review screen") { $0.contains("opine review · test") && $0.contains("q quit") }
        // Opposite labels come first; the selected item's text and labels show in the detail.
        #expect(screen.contains("1/4  4 to review · 4 disagreements"))
        #expect(screen.contains("▸ r01  negative/positive"))
        #expect(screen.contains("I loved this film, but the ending was not great at all."))
        #expect(screen.contains("no model yet — run opine train"))

        // A filter narrows the list and shows in the header; c clears it.
        try tmux.press("p")
        // The header changes first and the list after it: wait for both (no half-drawn frame).
        screen = try tmux.waitUntil("the pair filter") { $0.contains("pair negative+neutral") && $0.contains("▸ r05") }
        try tmux.press("c")
        screen = try tmux.waitFor("filters cleared")
        #expect(screen.contains("▸ r05"))
        try tmux.press("Home")
        screen = try tmux.waitFor("▸ r01")

        try tmux.press("3")
        _ = try tmux.waitFor("gold positive · reason:")
        try tmux.press("Enter")
        _ = try tmux.waitFor("a reason is required")
        let reason = "the ending is ironic — 皮肉"
        try tmux.type(reason)
        _ = try tmux.waitFor("reason: " + reason)
        try tmux.press("Enter")
        screen = try tmux.waitFor("r01 adjudicated positive — reason saved")
        // The settled item left the list; the next one is selected.
        #expect(!screen.contains("r01  negative/positive"))
        #expect(screen.contains("▸ r03"))
        #expect(screen.contains("1 adjudicated now"))

        try tmux.press("q")
        _ = try tmux.waitFor("lea adjudicated 1 item; 3 left to review.")

        // Through `opine export`: the gold label and the reason.
        let out = project.directory.appendingPathComponent("export.jsonl")
        let exported = try project.run(["export", out.path, "--with-annotations", "--include-unresolved"])
        try #require(exported.status == 0, "export failed: \(exported.stderr)")
        var rows: [String: [String: Any]] = [:]
        for line in try String(contentsOf: out, encoding: .utf8).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            rows[try #require(object["id"] as? String)] = object
        }
        let settled = try #require(rows["r01"])
        #expect(settled["label"] as? String == "positive")
        #expect(settled["gold_method"] as? String == "adjudicated")
        let adjudication = try #require(settled["adjudication"] as? [String: Any])
        #expect(adjudication["lead"] as? String == "lea")
        #expect(adjudication["reason"] as? String == reason)
        #expect(rows.values.filter { $0["adjudication"] != nil }.count == 1)

        // Through `opine review --list --json`: gone from the queue, kept with --include-adjudicated.
        let queue = try #require(try Opine.json(["review", "--list", "--project", project.path]) as? [String: Any])
        let ids = (queue["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids == ["r03", "r02", "r05"])
        let all = try #require(try Opine.json(["review", "--list", "--include-adjudicated", "--project", project.path]) as? [String: Any])
        let entry = try #require((all["items"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "r01" })
        let stored = try #require(entry["adjudication"] as? [String: Any])
        #expect(stored["label"] as? String == "positive")
        #expect(stored["reason"] as? String == reason)
    }

    @Test("a non-lead or unknown name is refused as adjudicate refuses them, before the terminal is touched; --lead or --list is required")
    func refusals() throws {
        let project = try project()
        let screen = try project.run(["review", "--lead", "kay"])
        let adjudicate = try project.run(["adjudicate", "r01", "positive", "--lead", "kay", "--reason", "x"])
        #expect(screen.status == 65)
        #expect(screen.status == adjudicate.status)
        #expect(screen.stderr == adjudicate.stderr)
        #expect(screen.stderr.contains("'kay' is not a lead"))
        #expect(screen.stdout.isEmpty)

        let unknown = try project.run(["review", "--lead", "nobody"])
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("unknown annotator 'nobody'"))

        let neither = try project.run(["review"])
        #expect(neither.status == 64)
        #expect(neither.stderr.contains("give --lead NAME to open the review screen, or --list to print the queue"))

        // Nothing was stored by any of them.
        let all = try #require(try Opine.json(["review", "--list", "--include-adjudicated", "--project", project.path]) as? [String: Any])
        #expect((all["items"] as? [[String: Any]] ?? []).allSatisfy { $0["adjudication"] == nil })
    }
}
