import Foundation
import TestSupport
import Testing

/// `opine annotate` driven in a real terminal: tmux runs a shell in a detached session of fixed
/// size, the test types keys into it and polls `capture-pane` until the expected text shows (with
/// a timeout, never a fixed sleep), then checks the database through `opine export`.
@Suite(.serialized, .timeLimit(.minutes(3)),
       .enabled(if: Tmux.isInstalled, "tmux is not installed: the annotate screen's end-to-end tests need it"))
struct AnnotateEndToEndTests {
    /// Items in several scripts, so the real terminal shows each of them.
    private static let items: [(id: String, text: String)] = [
        ("t01", "I loved this film, but the ending was not great at all."),
        ("t02", "この映画は本当に素晴らしかった。"),
        ("t03", "هذا المنتج رائع جدا"),
        ("t04", "Family day 👨‍👩‍👧 in 🇫🇷 was great"),
        ("t05", "\u{1B}[31mred alert\u{1B}[0m and a bell\u{7}"),
    ] + (6...24).map { (String(format: "t%02d", $0), "plain review number \($0)") }

    private func project() throws -> TemporaryProject {
        let project = try TemporaryProject(annotators: ["lead", "kay"], overlap: 2)
        let lines = try Self.items.map { item -> String in
            let data = try JSONSerialization.data(withJSONObject: ["id": item.id, "text": item.text, "lang": "xx", "source": "e2e"])
            return String(decoding: data, as: UTF8.self)
        }
        let file = try project.write("items.jsonl", lines.joined(separator: "\n") + "\n")
        let imported = try project.run(["import", file.path])
        try #require(imported.status == 0, "import failed: \(imported.stderr)")
        return project
    }

    /// Starts the screen from the pane's shell and waits until it has drawn (whatever the
    /// pane showed before is gone: the screen clears it).
    private func startScreen(in tmux: Tmux, project: TemporaryProject) throws -> String {
        let binary = try #require(Opine.binary, "the opine binary was not found beside the tests")
        let command = "'\(binary.path)' annotate --annotator kay --project '\(project.path)'"
        try tmux.type(command)
        try tmux.press("Enter")
        // The shell's prompt (and anything an earlier run left) is gone once the screen has drawn.
        return try tmux.waitUntil("the annotate screen") {
            $0.contains("q quit") && !$0.contains("e2e$") && Tmux.itemId(on: $0) != nil
        }
    }

    @Test("label twenty items with a flag, a note, an undo and a resize, quit, and find exactly that in the export")
    func labellingSession() throws {
        let project = try project()
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.close() }
        var screen = try startScreen(in: tmux, project: project)
        #expect(screen.contains("opine annotate · test"))
        // The model panel says what is missing and how to get it.
        #expect(screen.contains("no embeddings yet — run opine embed, then opine train"))

        let labels = [("1", "negative"), ("2", "neutral"), ("3", "positive")]
        var given: [String: String] = [:]
        var flagged: String?
        var noted: String?
        var undone: String?
        var step = 0
        while given.count < 20 {
            let id = try #require(Tmux.itemId(on: screen), "no item id on the screen:\n\(screen)")
            let text = try #require(Self.items.first { $0.id == id }?.text)
            // What the terminal shows: escapes made visible, never interpreted.
            if id == "t05" { #expect(screen.contains("␛[31mred alert␛[0m and a bell␇")) }
            if id == "t02" { #expect(screen.contains(text)) }
            if id == "t03" { #expect(screen.contains("right-to-left")) }

            if step == 2 {
                try tmux.press("z")
                screen = try tmux.waitFor("sarcasm on")
                flagged = id
            }
            if step == 4 {
                try tmux.press("n")
                _ = try tmux.waitFor("enter keeps the note")
                try tmux.type("café 日本 ok")
                _ = try tmux.waitFor("café 日本 ok")
                try tmux.press("Enter")
                _ = try tmux.waitFor("note kept")
                noted = id
            }
            if step == 5 {
                try tmux.resize(width: 80, height: 24)
                screen = try tmux.waitUntil("the screen redrawn at 80×24") { screen in
                    let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                    return rows.count == 24 && rows[2] == Substring(String(repeating: "─", count: 80)) && Tmux.itemId(on: screen) == id
                }
                #expect(Tmux.itemId(on: screen) == id)
            }
            if step == 8 {
                try tmux.resize(width: 100, height: 30)
                screen = try tmux.waitUntil("the screen redrawn at 100×30") { $0.contains(String(repeating: "─", count: 100)) }
            }

            let (key, label) = labels[step % 3]
            try tmux.press(key)
            screen = try tmux.waitUntil("\(label) saved on \(id) and the next item shown") {
                $0.contains("saved \(label) on \(id)") && Tmux.itemId(on: $0) != id
            }
            given[id] = label

            if step == 6 {
                // Take that label back, then skip the item: it must end up unlabelled.
                try tmux.press("u")
                screen = try tmux.waitFor("undid \(label) on \(id)")
                #expect(Tmux.itemId(on: screen) == id)
                given[id] = nil
                undone = id
                try tmux.press("s")
                screen = try tmux.waitUntil("\(id) skipped") { $0.contains("skipped \(id)") && Tmux.itemId(on: $0) != id }
            }
            step += 1
        }
        #expect(screen.contains("session 20"))
        try tmux.press("q")
        let after = try tmux.waitFor("kay labelled 20 items")
        #expect(after.contains("every label is saved"))

        // The database, as `opine export` sees it.
        let rows = try project.annotations()
        for (id, label) in given {
            #expect(rows[id]?.label == label, "\(id) should be \(label)")
        }
        let undoneId = try #require(undone)
        #expect(rows[undoneId] == nil, "the undone label on \(undoneId) is still there")
        #expect(rows.count == 20)
        #expect(rows[try #require(flagged)]?.flags == ["sarcasm"])
        #expect(rows[try #require(noted)]?.note == "café 日本 ok")
        #expect(rows.values.filter { !$0.flags.isEmpty }.count == 1)
        #expect(rows.values.filter { $0.note != nil }.count == 1)
    }

    @Test("an item the annotator labelled elsewhere meanwhile is passed over once relabelled on the screen")
    func labelledElsewhere() throws {
        let project = try project()
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.close() }
        let screen = try startScreen(in: tmux, project: project)
        let id = try #require(Tmux.itemId(on: screen))
        // The same annotator labels the item on screen from a script.
        #expect(try project.run(["label", id, "1", "--annotator", "kay"]).status == 0)
        try tmux.press("2")
        let next = try tmux.waitUntil("the next item") { $0.contains("saved neutral on \(id)") && Tmux.itemId(on: $0) != nil }
        #expect(Tmux.itemId(on: next) != id, "the relabelled item came straight back:\n\(next)")
        try tmux.press("q")
        _ = try tmux.waitFor("kay labelled 1 item")
        #expect(try project.annotations()[id]?.label == "neutral")
    }

    @Test("SIGKILL mid-session keeps every committed label; the shell and a new session work afterwards")
    func killNine() throws {
        let project = try project()
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.close() }
        var screen = try startScreen(in: tmux, project: project)

        var saved: [String: String] = [:]
        for _ in 0..<3 {
            let id = try #require(Tmux.itemId(on: screen))
            try tmux.press("3")
            screen = try tmux.waitUntil("positive saved on \(id)") { $0.contains("saved positive on \(id)") && Tmux.itemId(on: $0) != id }
            saved[id] = "positive"
        }
        // A key in flight when the process dies may or may not be stored; the three above must be.
        try tmux.press("1")
        let pid = try #require(try tmux.childOfShell(), "opine annotate is not running in the pane")
        #expect(kill(pid, SIGKILL) == 0)

        // The shell is usable again.
        try tmux.type("stty sane; echo alive-$((6*7))")
        try tmux.press("Enter")
        _ = try tmux.waitFor("alive-42")

        let rows = try project.annotations()
        for (id, label) in saved {
            #expect(rows[id]?.label == label, "the committed label on \(id) was lost")
        }

        // A new session starts on the same terminal and continues the queue.
        screen = try startScreen(in: tmux, project: project)
        let next = try #require(Tmux.itemId(on: screen))
        #expect(saved[next] == nil, "the queue handed out \(next) again")
        #expect(screen.contains("you \(rows.count)"))
        try tmux.press("q")
        _ = try tmux.waitFor("kay labelled 0 items")
    }
}

/// An annotation as `opine export --with-annotations` writes it.
private struct ExportedAnnotation {
    var label: String
    var flags: [String]
    var note: String?
}

extension TemporaryProject {
    /// kay's current annotation per item, read back through `opine export`.
    fileprivate func annotations(of annotator: String = "kay") throws -> [String: ExportedAnnotation] {
        let out = directory.appendingPathComponent("check-\(UUID().uuidString).jsonl")
        let result = try run(["export", out.path, "--with-annotations", "--include-unlabelled", "--include-unresolved"])
        try #require(result.status == 0, "export failed: \(result.stderr)")
        var rows: [String: ExportedAnnotation] = [:]
        for line in try String(contentsOf: out, encoding: .utf8).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(object["id"] as? String)
            for annotation in object["annotations"] as? [[String: Any]] ?? [] where annotation["annotator"] as? String == annotator {
                rows[id] = ExportedAnnotation(
                    label: annotation["label"] as? String ?? "", flags: annotation["flags"] as? [String] ?? [],
                    note: annotation["note"] as? String)
            }
        }
        return rows
    }
}

extension Tmux {
    /// The id of the item on the annotate screen: the first word of its second row.
    static func itemId(on screen: String) -> String? {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        guard rows.count > 1, rows[0].contains("opine annotate") else { return nil }
        return rows[1].split(separator: " ").first.map(String.init)
    }
}
