import Testing
@testable import TerminalUI

@Suite struct AnnotateReducerTests {
    private func key(_ character: Character, at time: Double = 1) -> AnnotateMessage {
        .keyPressed(.character(character), at: time)
    }

    @Test("opening the screen asks for the first item")
    func start() {
        var state = AnnotateState(setup: Sample.setup, size: Size(width: 80, height: 24), at: 0)
        #expect(state.start() == [.loadNext(skipping: [])])
        #expect(state.pending == .load)
        _ = state.update(.itemLoaded(Sample.english, at: 0.5))
        #expect(state.shownItem == Sample.english)
        #expect(state.pending == nil)
    }

    @Test("each label key saves that label with flags, note and seconds spent, then loads the next item",
          arguments: [("1", "negative"), ("2", "neutral"), ("3", "positive")])
    func labelKeys(key: String, label: String) throws {
        // Given an item shown at t = 0 with a flag and a note
        var state = Sample.screen()
        _ = state.update(self.key("z", at: 2))
        _ = state.update(self.key("n", at: 3))
        for character in "too long" { _ = state.update(self.key(character, at: 4)) }
        _ = state.update(.keyPressed(.enter, at: 5))

        // When the label key is pressed at t = 12.5
        let effects = state.update(self.key(try #require(key.first), at: 12.5))

        // Then one save is asked for, and nothing else happens until it is acknowledged
        let save = LabelToSave(item: "en-0042", label: label, flags: ["sarcasm"], note: "too long", seconds: 12.5)
        #expect(effects == [.saveLabel(save)])
        #expect(state.update(self.key("2", at: 13)).isEmpty)
        #expect(state.status?.text == AnnotateStrings.busy)

        let next = state.update(.labelSaved(SavedLabel(item: "en-0042", label: label, previousLabel: nil)))
        #expect(next == [.loadNext(skipping: [])])
        #expect(state.sessionLabels == 1)
        #expect(state.history.first?.draft == Draft(flags: ["sarcasm"], note: "too long"))
        #expect(state.progress == ProjectProgress(annotatorItems: 141, filledSlots: 612, slots: 2000))
        #expect(state.status?.text == "saved \(label) on en-0042")
        #expect(state.shownItem == nil)
    }

    @Test("flag keys toggle their flag; flags stay in the project's order",
          arguments: [("z", "sarcasm"), ("i", "irony"), ("m", "mixed"), ("x", "unsure")])
    func flagKeys(key: String, flag: String) throws {
        var state = Sample.screen()
        let character = try #require(key.first)
        #expect(state.update(self.key(character)).isEmpty)
        #expect(state.draft?.flags == [flag])
        _ = state.update(self.key(character))
        #expect(state.draft?.flags == [])

        _ = state.update(self.key("x"))
        _ = state.update(self.key("z"))
        _ = state.update(self.key("m"))
        #expect(state.draft?.flags == ["sarcasm", "mixed", "unsure"])
    }

    @Test("n edits a one-line note: UTF-8 text, combining marks, cursor moves, backspace, enter keeps it")
    func noteEditing() {
        var state = Sample.screen()
        _ = state.update(key("n"))
        guard case .editingNote = state.mode else {
            Issue.record("n did not open the note editor")
            return
        }
        // Label and flag keys are text while editing.
        for character in ["c", "a", "f", "e", "\u{301}", " ", "日", "本", "1", "z", "👍🏽"] as [Character] {
            #expect(state.update(key(character)).isEmpty)
        }
        _ = state.update(.keyPressed(.backspace, at: 2))  // removes 👍🏽 whole
        _ = state.update(.keyPressed(.left, at: 2))
        _ = state.update(.keyPressed(.backspace, at: 2))  // removes 1, keeps z
        _ = state.update(.keyPressed(.home, at: 2))
        _ = state.update(key("¡"))
        guard case .editingNote(let editor) = state.mode else {
            Issue.record("the editor closed early")
            return
        }
        #expect(editor.text == "¡café 日本z")
        #expect(editor.cursor == 1)
        _ = state.update(.keyPressed(.enter, at: 3))
        #expect(state.mode == .browsing)
        #expect(state.draft?.note == "¡café 日本z")
        #expect(state.draft?.flags == [])
    }

    @Test("esc leaves the note as it was; an empty note removes it")
    func noteCancelAndClear() {
        var state = Sample.screen()
        _ = state.update(key("n"))
        _ = state.update(key("a"))
        _ = state.update(.keyPressed(.enter, at: 1))
        _ = state.update(key("n"))
        _ = state.update(key("b"))
        _ = state.update(.keyPressed(.escape, at: 1))
        #expect(state.draft?.note == "a")
        #expect(state.status?.text == AnnotateStrings.noteDiscarded)
        _ = state.update(key("n"))
        _ = state.update(.keyPressed(.backspace, at: 1))
        _ = state.update(.keyPressed(.enter, at: 1))
        #expect(state.draft?.note == nil)
    }

    @Test("u asks for a retraction; the undone item comes back with its flags and note")
    func undo() {
        var state = Sample.screen()
        _ = state.update(key("i"))
        Sample.label(&state, key: "3", at: 4, then: Sample.japanese)
        #expect(state.history.count == 1)

        #expect(state.update(key("u", at: 6)) == [.undoLast])
        #expect(state.pending == .undo)
        #expect(state.update(key("u", at: 6)).isEmpty)  // one undo at a time
        _ = state.update(.labelUndone(UndoneLabel(item: Sample.english, label: "positive", restoredLabel: nil)))

        #expect(state.history.isEmpty)
        #expect(state.shownItem == Sample.english)
        #expect(state.draft?.flags == ["irony"])
        #expect(state.progress == Sample.progress)
        #expect(state.status?.text == "undid positive on en-0042 — label it again")
        // Labelling it again saves again.
        #expect(state.update(key("1", at: 8)).first == .saveLabel(LabelToSave(
            item: "en-0042", label: "negative", flags: ["irony"], note: nil, seconds: 2)))
    }

    @Test("u with nothing to undo says so; undoing a changed label keeps the earlier one")
    func undoEdgeCases() {
        var state = Sample.screen()
        _ = state.update(key("u"))
        _ = state.update(.labelUndone(nil))
        #expect(state.status?.text == AnnotateStrings.nothingToUndo)
        #expect(state.shownItem == Sample.english)

        Sample.label(&state, key: "3", at: 2, then: Sample.japanese)
        _ = state.update(key("u"))
        _ = state.update(.labelUndone(UndoneLabel(item: Sample.english, label: "positive", restoredLabel: "neutral")))
        #expect(state.history.first?.label == "neutral")
        #expect(state.shownItem == Sample.japanese)
        #expect(state.progress?.annotatorItems == Sample.progress.annotatorItems + 1)
    }

    @Test("s skips the item and asks for the next one without it")
    func skip() {
        var state = Sample.screen()
        #expect(state.update(key("s")) == [.loadNext(skipping: ["en-0042"])])
        _ = state.update(.itemLoaded(Sample.japanese, at: 2))
        #expect(state.update(key("s")) == [.loadNext(skipping: ["en-0042", "ja-0007"])])
        #expect(state.sessionLabels == 0)
    }

    @Test("← and → walk back and forth through this session's labels, then back to the queue")
    func revisit() {
        var state = Sample.screen()
        #expect(state.update(.keyPressed(.left, at: 1)).isEmpty)
        #expect(state.status?.text == AnnotateStrings.nothingLabelledYet)

        Sample.label(&state, key: "1", at: 2, then: Sample.japanese)
        Sample.label(&state, key: "3", at: 3, then: Sample.arabic)
        _ = state.update(.keyPressed(.left, at: 4))
        #expect(state.shownItem == Sample.japanese)
        _ = state.update(.keyPressed(.left, at: 4))
        #expect(state.shownItem == Sample.english)
        _ = state.update(.keyPressed(.left, at: 4))
        #expect(state.shownItem == Sample.english)
        #expect(state.status?.text == AnnotateStrings.firstOfSession)
        _ = state.update(.keyPressed(.right, at: 5))
        _ = state.update(.keyPressed(.right, at: 5))
        #expect(state.revisit == nil)
        #expect(state.shownItem == Sample.arabic)
        _ = state.update(.keyPressed(.right, at: 5))
        #expect(state.status?.text == AnnotateStrings.newest)
    }

    @Test("a label key on a revisited item changes its label there and moves forward")
    func relabel() {
        var state = Sample.screen()
        Sample.label(&state, key: "1", at: 2, then: Sample.japanese)
        Sample.label(&state, key: "1", at: 3, then: Sample.arabic)
        _ = state.update(.keyPressed(.left, at: 4))
        _ = state.update(.keyPressed(.left, at: 4))
        _ = state.update(key("m", at: 5))
        let effects = state.update(key("3", at: 10))
        #expect(effects == [.saveLabel(LabelToSave(item: "en-0042", label: "positive", flags: ["mixed"], note: nil, seconds: 6))])
        #expect(state.update(.labelSaved(SavedLabel(item: "en-0042", label: "positive", previousLabel: "negative"))).isEmpty)
        #expect(state.history.map(\.label) == ["positive", "negative"])
        #expect(state.history[0].draft.flags == ["mixed"])
        #expect(state.progress?.annotatorItems == Sample.progress.annotatorItems + 2)
        #expect(state.status?.text == "changed en-0042 to positive (was negative)")
        #expect(state.shownItem == Sample.japanese)
        // s on a revisited item goes back to the queue's item.
        _ = state.update(key("s"))
        #expect(state.shownItem == Sample.arabic)
    }

    @Test("↑ and ↓ scroll a long text and stop at its ends")
    func scrolling() {
        let long = Sample.item("long", Array(repeating: "word", count: 400).joined(separator: " "))
        var state = Sample.screen(showing: long)
        _ = state.update(.keyPressed(.up, at: 1))
        #expect(state.scroll == 0)
        for _ in 0..<200 { _ = state.update(.keyPressed(.down, at: 1)) }
        let bottom = state.scroll
        #expect(bottom > 0)
        #expect(state.render(state.size).text.contains("word"))
        _ = state.update(.keyPressed(.up, at: 1))
        #expect(state.scroll == bottom - 1)
    }

    @Test("t asks for a retrain and shows the answer")
    func retrain() {
        var state = Sample.screen()
        #expect(state.update(key("t")) == [.retrain])
        #expect(state.status?.text == AnnotateStrings.retraining)
        #expect(state.training)
        // A second t while the first retrain runs does not start another.
        #expect(state.update(key("t")).isEmpty)
        #expect(state.status?.text == AnnotateStrings.alreadyTraining)
        // Labelling goes on meanwhile.
        #expect(state.update(key("1")).count == 1)
        _ = state.update(.retrainFinished(AnnotateStrings.noModel))
        #expect(!state.training)
        #expect(state.status?.text == AnnotateStrings.noModel)
    }

    @Test("predictions loaded after opening say so, and change neither the training state nor the item shown")
    func modelLoaded() {
        var state = Sample.screen()
        state.modelStatus = AnnotateStrings.loadingPredictions
        _ = state.update(key("t"))
        #expect(state.update(.modelLoaded("predictions of run 3 ready; queue re-ranked")).isEmpty)
        #expect(state.training)
        #expect(state.status?.text == "predictions of run 3 ready; queue re-ranked")
        #expect(state.modelStatus == AnnotateStrings.noModelForItem)
        #expect(state.shownItem == Sample.english)
        // A load that failed says why, and the panel goes back to "no model".
        var failed = Sample.screen()
        failed.modelStatus = AnnotateStrings.loadingPredictions
        #expect(failed.update(.modelUnavailable("predictions not loaded: disk I/O error")).isEmpty)
        #expect(failed.modelStatus == AnnotateStrings.noModel)
        #expect(failed.status == StatusLine(text: "predictions not loaded: disk I/O error", style: .error))
    }

    @Test("every N labels the screen asks for a background retrain, with the next item, and not again while it runs")
    func retrainEvery() {
        var setup = Sample.setup
        setup.retrainEvery = 2
        var state = AnnotateState(setup: setup, size: Size(width: 80, height: 24), at: 0)
        _ = state.start()
        func label(_ id: String) -> [AnnotateEffect] {
            _ = state.update(.itemLoaded(ItemView(id: id, text: "text \(id)"), at: 0))
            _ = state.update(key("3"))
            return state.update(.labelSaved(SavedLabel(item: id, label: "positive", previousLabel: nil)))
        }
        #expect(label("a") == [.loadNext(skipping: [])])
        #expect(label("b") == [.loadNext(skipping: []), .retrain])
        #expect(state.training && state.labelsSinceTraining == 0)
        #expect(label("c") == [.loadNext(skipping: [])])
        #expect(label("d") == [.loadNext(skipping: [])])  // still training: no second retrain
        _ = state.update(.retrainFinished("run 2 trained"))
        #expect(label("e") == [.loadNext(skipping: []), .retrain])
    }

    @Test("an item in the blind fraction shows that its prediction is hidden, never the probabilities")
    func blind() {
        var item = Sample.english
        item.prediction = [LabelProbability(label: "positive", probability: 0.9), LabelProbability(label: "negative", probability: 0.1)]
        item.predictionHidden = true
        let screen = Sample.screen(showing: item).render(Size(width: 80, height: 24)).text
        #expect(screen.contains("hidden for this item"))
        #expect(!screen.contains("90%") && !screen.contains("█"))
        item.predictionHidden = false
        let shown = Sample.screen(showing: item).render(Size(width: 80, height: 24)).text
        #expect(shown.contains("90%") && !shown.contains("hidden for this item"))
    }

    @Test("q and ctrl-c quit")
    func quit() {
        var state = Sample.screen()
        #expect(state.update(key("q")) == [.quit])
        #expect(state.quitting)
        var other = Sample.screen()
        #expect(other.update(.keyPressed(.control("c"), at: 1)) == [.quit])
    }

    @Test("? opens the help screen; the next key only closes it")
    func help() {
        var state = Sample.screen()
        _ = state.update(key("?"))
        #expect(state.mode == .help)
        #expect(state.update(key("1")).isEmpty)
        #expect(state.mode == .browsing)
        #expect(state.sessionLabels == 0)
    }

    @Test("a key bound to nothing says so and does nothing")
    func unknownKey() {
        var state = Sample.screen()
        #expect(state.update(key("k")).isEmpty)
        #expect(state.update(.keyPressed(.pageDown, at: 1)).isEmpty)
        #expect(state.status?.text == "pgdn does nothing here — ? lists the keys")
    }

    @Test("below the minimum size only q works; a resize brings the screen back")
    func tooSmall() {
        var state = Sample.screen()
        _ = state.update(.resized(Size(width: 59, height: 16)))
        #expect(state.update(key("1")).isEmpty)
        #expect(state.render(state.size).text.contains("needs at least 60×16"))
        _ = state.update(.resized(Size(width: 60, height: 16)))
        #expect(state.update(key("1")).count == 1)
        var small = Sample.screen(size: Size(width: 40, height: 10))
        #expect(small.update(key("q")) == [.quit])
    }

    @Test("another annotator filling the last slot moves on; a failed save keeps the item")
    func saveProblems() {
        var state = Sample.screen()
        _ = state.update(key("1"))
        #expect(state.update(.itemFull(item: "en-0042")) == [.loadNext(skipping: [])])
        #expect(state.status?.style == .warning)
        #expect(state.sessionLabels == 0)

        _ = state.update(.itemLoaded(Sample.japanese, at: 2))
        _ = state.update(key("2"))
        #expect(state.update(.saveFailed("database is locked")).isEmpty)
        #expect(state.status == StatusLine(text: "not saved: database is locked", style: .error))
        #expect(state.shownItem == Sample.japanese)
        #expect(state.update(key("2")).count == 1)  // it can be tried again
    }

    @Test("when the queue is empty, label keys have nothing to label but ← still revisits")
    func queueEmpty() {
        var state = Sample.screen()
        Sample.label(&state, key: "1", at: 2, then: nil)
        _ = state.update(.queueEmpty(at: 3))
        #expect(state.update(key("2")).isEmpty)
        #expect(state.status?.text == AnnotateStrings.nothingToLabel)
        _ = state.update(.keyPressed(.left, at: 4))
        #expect(state.shownItem == Sample.english)
    }

    @Test("the key table dispatches every binding it lists and the bar keeps labels, help and quit")
    func keyTable() {
        let map = AnnotateKeys.map(for: Sample.setup)
        for binding in map.bindings {
            #expect(map.action(for: binding.key) == binding.action)
        }
        #expect(Set(map.bindings.map(\.key)).count == map.bindings.count, "two bindings share a key")
        let narrow = map.barItems(width: 40).map(\.help)
        #expect(narrow == ["negative", "neutral", "positive", "help", "quit"])
        let wide = map.barItems(width: 200).map(\.help)
        #expect(wide.contains("undo") && wide.contains("sarcasm") && wide.contains("train"))
        let helpKeys = map.helpLines().filter { !$0.isHeading }.flatMap { $0.key.split(separator: " ").map(String.init) }
        #expect(helpKeys == map.bindings.map(\.key.description))
    }
}
