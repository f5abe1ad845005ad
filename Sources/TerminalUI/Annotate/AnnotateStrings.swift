/// Every sentence the annotate screen shows, in one place.
public enum AnnotateStrings {
    public static let randomOrder = "random order"
    public static let noModel = "no model yet — run opine train"
    public static let loadingPredictions = "loading the latest run's predictions — items until then show none"
    public static let noModelForItem = "no prediction for this item (shown before the predictions were ready, or not embedded)"
    public static let noEmbeddings = "no embeddings yet — run opine embed, then opine train"
    public static let noHints = "no lexicon hints yet"
    public static let undoneItem = "back after undo"
    public static let chosenByModel = "chosen by the model"
    static let loading = "Loading the next item…"
    static let noNote = "none — n adds one"
    static let noMetadata = "none"
    static let noFlags = "none in this project"
    static let noteEditorHelp = "enter keeps the note · esc cancels · it is saved with the label"
    static let helpTitle = "Keys"
    static let guidelinesTitle = "Guidelines"
    static let guidelinesFooter = "Any other key goes back."
    static let noGuidelines = "no guidelines yet: add definition = \"…\" and examples = [\"…\"] to the labels in opine.toml, or [guidelines] file"
    static let helpNote = "Each label is saved at once; flags and note go with it."
    static let helpFooter = "Press any key to go back."
    static let rightToLeft = "right-to-left, shown in logical order"

    static func header(project: String) -> String { " opine annotate · \(project)" }
    static func queueEmpty(annotator: String, overlap: Int) -> String {
        "Nothing left to label for \(annotator): every item has \(overlap) label\(overlap == 1 ? "" : "s") or a label from you."
    }
    static let queueEmptyKeys = "← revisits this session's labels · u undoes the last one · q quits"
    static func tooSmall(size: Size, minimum: Size) -> [String] {
        ["This terminal is \(size.width)×\(size.height).",
         "The annotate screen needs at least \(minimum.width)×\(minimum.height): enlarge it, or press q to quit."]
    }
    static func revisiting(index: Int, count: Int, label: String) -> String {
        "← revisit \(index) of \(count) · labelled \(label) · a label key changes it"
    }

    static func saved(label: String, item: String) -> String { "saved \(label) on \(item)" }
    static func changed(item: String, label: String, previous: String?) -> String {
        "changed \(item) to \(label)" + (previous.map { " (was \($0))" } ?? "")
    }
    static func itemFull(_ item: String, overlap: Int) -> String {
        "\(item) reached \(overlap) labels from others meanwhile — not saved, moved on"
    }
    static func saveFailed(_ reason: String) -> String { "not saved: \(reason)" }
    static func undoFailed(_ reason: String) -> String { "undo failed: \(reason)" }
    static func loadFailed(_ reason: String) -> String { "could not load the next item: \(reason)" }
    static let nothingToUndo = "nothing to undo"
    static func undone(label: String, item: String, restored: String?) -> String {
        if let restored { return "undid \(label) on \(item) (back to \(restored))" }
        return "undid \(label) on \(item) — label it again"
    }
    static func skipped(_ item: String) -> String { "skipped \(item)" }
    static let nothingLabelledYet = "nothing labelled on this screen yet"
    static let firstOfSession = "this is the first item of the session"
    static let newest = "this is the newest item — → goes forward from a revisited one"
    static let retraining = "retraining in the background — keep labelling"
    static let alreadyTraining = "a retrain is already running — its result shows here when ready"
    static let predictionHidden = "hidden for this item (a blind check of how predictions sway labels)"
    static let busy = "still saving — one moment"
    static let nothingToLabel = "no item to label"
    static let noteKept = "note kept — it is saved with the label"
    static let noteCleared = "note cleared"
    static let noteDiscarded = "note discarded"
    static func unknownKey(_ key: Key) -> String { "\(key) does nothing here — ? lists the keys" }

    static func flagOn(_ flag: String) -> String { "\(flag) on" }
    static func flagOff(_ flag: String) -> String { "\(flag) off" }

    // MARK: Field names (left column of the bottom panel)
    static let metaField = "meta"
    static let flagsField = "flags"
    static let noteField = "note"
    static let modelField = "model"
    static let hintsField = "hints"

    static func progress(session: Int, mine: Int?, percent: String?, slots: Int?, overlap: Int, rate: String?) -> String {
        var parts = ["session \(session)"]
        if let mine { parts.append("you \(mine)") }
        if let percent, let slots { parts.append("project \(percent)% of \(grouped(slots)) labels (overlap \(overlap))") }
        if let rate { parts.append("\(rate)/min") }
        return parts.joined(separator: " · ")
    }

    static func hintLegend(count: Int) -> String { "\(count) span\(count == 1 ? "" : "s"): " }

    /// 1234567 → "1,234,567".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// One decimal, without Foundation's formatter: 12.345 → "12.3".
    static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
