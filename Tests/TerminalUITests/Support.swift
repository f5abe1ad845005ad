import Foundation
import Testing
@testable import TerminalUI

/// A project like the one `opine init` writes: three labels, four flags, overlap 2.
enum Sample {
    static let setup = AnnotateSetup(
        projectName: "demo", annotator: "ana",
        labels: [Choice(name: "negative", key: "1"), Choice(name: "neutral", key: "2"), Choice(name: "positive", key: "3")],
        flags: [Choice(name: "sarcasm", key: "z"), Choice(name: "irony", key: "i"), Choice(name: "mixed", key: "m"),
                Choice(name: "unsure", key: "x")],
        overlap: 2)

    static let english = ItemView(
        id: "en-0042", text: "I loved the first half of this film, but the ending was not great at all. The cast deserved a better script.",
        language: "en", split: "train",
        metadata: [MetadataField(key: "rating", value: "3"), MetadataField(key: "source", value: "imdb")])
    static let japanese = ItemView(
        id: "ja-0007", text: "この映画は本当に素晴らしかった。もう一度見たいです。俳優の演技も最高でした！", language: "ja", split: "dev",
        metadata: [MetadataField(key: "source", value: "レビューサイト")])
    static let arabic = ItemView(
        id: "ar-0013", text: "هذا المنتج رائع جدا ولكن التوصيل كان بطيئا للغاية، لن أطلب مرة أخرى", language: "ar", split: "train",
        metadata: [MetadataField(key: "source", value: "متجر")])
    static let emoji = ItemView(
        id: "em-0099", text: "Family day 👨‍👩‍👧 in Paris 🇫🇷 was ❤️ amazing 👍🏽 — 10/10 1️⃣0️⃣ 🏳️‍🌈", language: "en", split: "test",
        metadata: [MetadataField(key: "source", value: "twitter")])
    static let escapes = ItemView(
        id: "esc-0001", text: "\u{1B}[31mALERT\u{1B}[0m: refund\u{7} denied\u{9B}2J\nsecond line\tafter a tab \u{202E}reversed",
        language: "en", split: "train", metadata: [])

    static let progress = ProjectProgress(annotatorItems: 140, filledSlots: 611, slots: 2000)

    /// A screen that opened at t = 0 and shows `item`.
    static func screen(showing item: ItemView = english, size: Size = Size(width: 80, height: 24)) -> AnnotateState {
        var state = AnnotateState(setup: setup, size: size, at: 0)
        _ = state.start()
        _ = state.update(.progressLoaded(progress))
        _ = state.update(.itemLoaded(item, at: 0))
        return state
    }

    /// Labels the item on screen with `key` at `time`, the store answering as it would.
    @discardableResult
    static func label(_ state: inout AnnotateState, key: Character, at time: Double, then next: ItemView?) -> [AnnotateEffect] {
        let effects = state.update(.keyPressed(.character(key), at: time))
        guard case .saveLabel(let save)? = effects.first else { return effects }
        let after = state.update(.labelSaved(SavedLabel(item: save.item, label: save.label, previousLabel: nil)))
        if let next { _ = state.update(.itemLoaded(next, at: time)) }
        return effects + after
    }

    static func item(_ id: String, _ text: String = "text") -> ItemView {
        ItemView(id: id, text: text, language: "en")
    }
}

/// Snapshot files: quoted rows plus style runs, kept in Snapshots/ beside this file. A missing
/// snapshot is recorded and the test fails, so a first run writes them and a second checks;
/// OPINE_RECORD_SNAPSHOTS=1 re-records every one (read the diff before committing it).
enum Snapshot {
    static func check(_ grid: Grid, named name: String, filePath: String = #filePath,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Snapshots").appendingPathComponent(name + ".txt")
        let actual = grid.snapshot
        let record = ProcessInfo.processInfo.environment["OPINE_RECORD_SNAPSHOTS"] == "1"
        guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
                Issue.record("recorded snapshot \(name).txt: read it, then run the tests again", sourceLocation: sourceLocation)
            } catch {
                Issue.record("cannot record snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard expected != actual else { return }
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var diff: [String] = []
        for index in 0..<max(old.count, new.count) where diff.count < 30 {
            let before = index < old.count ? String(old[index]) : "∅"
            let after = index < new.count ? String(new[index]) : "∅"
            if before != after { diff += ["line \(index + 1)", "- \(before)", "+ \(after)"] }
        }
        let lines = diff.joined(separator: "\n")
        Issue.record("snapshot \(name).txt differs (OPINE_RECORD_SNAPSHOTS=1 re-records):\n\(lines)", sourceLocation: sourceLocation)
    }
}
