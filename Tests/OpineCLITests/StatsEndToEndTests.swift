import Foundation
import TestSupport
import Testing

/// `opine stats` driven in a real terminal (tmux, as the annotate end-to-end tests): open it,
/// switch pages, compare two runs, reload, quit, and find the shell's terminal as it was.
@Suite(.serialized, .timeLimit(.minutes(3)),
       .enabled(if: Tmux.isInstalled, "tmux is not installed: the stats screen's end-to-end tests need it"))
struct StatsEndToEndTests {
    @Test("open the agreement page, switch to the model page, compare runs, reload, and quit with the terminal restored")
    func session() throws {
        let project = try StatsProject.make(runs: 2, exposure: true)
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.close() }
        let binary = try #require(Opine.binary, "the opine binary was not found beside the tests")
        try tmux.type("'\(binary.path)' stats --draws 50 --project '\(project.path)'")
        try tmux.press("Enter")

        // The agreement page, with the exposure and slice values in their scripts.
        // ncurses may be caught mid-frame: wait for the whole of what the page must show.
        var screen = try tmux.waitUntil("the agreement page") {
            $0.contains("opine stats · stats") && $0.contains("Pairwise Cohen's κ") && $0.contains("more agreement when shown")
                && $0.contains("Slice gaps")
        }
        #expect(!screen.contains("e2e$"))
        #expect(screen.contains("90 items · 90 with 2+ labels"))
        #expect(screen.contains("shown  n=40"))
        #expect(screen.contains("hidden n=31"))
        #expect(screen.contains("more agreement when shown"))
        #expect(screen.contains("متجر") || screen.contains("レビュー") || screen.contains("shop 🛒"))

        // Tab: the model page, the newest run selected.
        try tmux.press("Tab")
        screen = try tmux.waitUntil("the model page") {
            $0.contains("▸ run 2") && $0.contains("Confusion (rows gold, columns predicted)") && !$0.contains("Slice gaps")
        }
        #expect(screen.contains("2 runs · macro-F1 by run"))
        #expect(screen.contains("Confusion (rows gold, columns predicted)"))

        // Mark run 2 as A, run 1 as B: the comparison appears.
        try tmux.press("Space")
        _ = try tmux.waitFor("run 2 is A")
        try tmux.press("Down")
        _ = try tmux.waitFor("▸ run 1")
        try tmux.press("Space")
        screen = try tmux.waitFor("A run 2 → B run 1")
        screen = try tmux.waitUntil("the comparison") { $0.contains("of 90 predictions changed") && $0.contains("cv accuracy") }

        // r: the numbers again, the comparison kept.
        try tmux.press("r")
        screen = try tmux.waitUntil("the reload") { $0.contains("numbers reloaded") && $0.contains("of 90 predictions changed") }

        // 1: back to the agreement page; ? help; q quits and the shell prompt is back.
        try tmux.press("1")
        _ = try tmux.waitFor("Pairwise Cohen's κ")
        try tmux.press("?")
        _ = try tmux.waitFor("Press any key to go back.")
        try tmux.press("Escape")
        _ = try tmux.waitFor("Pairwise Cohen's κ")
        try tmux.press("q")
        screen = try tmux.waitUntil("the shell prompt") { $0.contains("e2e$") && !$0.contains("opine stats ·") }

        // The terminal is in its normal mode: the shell echoes and runs a command.
        try tmux.type("stty -a | grep -o ' echo ' ; echo done-$((6*7))")
        try tmux.press("Enter")
        screen = try tmux.waitFor("done-42")
        #expect(screen.contains(" echo "))
    }

    @Test("--page model opens on the model page, which says when no run exists")
    func noRuns() throws {
        let project = try StatsProject.make(runs: 0, exposure: false)
        let tmux = try Tmux(width: 80, height: 24)
        defer { tmux.close() }
        let binary = try #require(Opine.binary, "the opine binary was not found beside the tests")
        try tmux.type("'\(binary.path)' stats --page model --project '\(project.path)'")
        try tmux.press("Enter")
        _ = try tmux.waitUntil("the model page") { $0.contains("no runs yet — run opine train") && $0.contains("2 model") }
        try tmux.press("Tab")
        _ = try tmux.waitUntil("the drift page") { $0.contains("one import so far") && $0.contains("3 drift") }
        try tmux.press("Tab")
        _ = try tmux.waitUntil("the agreement page") {
            $0.contains("Pairwise Cohen's κ") && $0.contains("no labels with a model prediction yet")
        }
        try tmux.press("q")
        _ = try tmux.waitUntil("the shell prompt") { $0.contains("e2e$") && !$0.contains("opine stats ·") }
    }
}
