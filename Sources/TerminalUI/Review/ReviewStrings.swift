/// Every sentence the review screen shows, in one place.
public enum ReviewStrings {
    public static let noModel = AnnotateStrings.noModel
    static let noPrediction = "the latest run has no prediction for this item (embed it: opine embed)"
    static let loading = "Loading the review list…"
    static let nothingToReview = "Nothing to review: no disagreements, suspect labels or conflicts left."
    static let nothingAdjudicatedHidden = "v shows the items already adjudicated."
    static let noMatch = "No item matches these filters."
    static let noMatchKeys = "c clears them · v shows adjudicated items"
    static let helpTitle = "Keys"
    static let helpNote = "A label key makes it gold; enter saves it with the reason."
    static let helpFooter = "Press any key to go back."
    static let rightToLeft = "right-to-left, shown in logical order"
    static let listTitle = " list "
    static let detailTitle = " detail "
    static let reasonHelp = "enter saves the adjudication · esc cancels · a reason is required"
    static let reasonRequired = "a reason is required: type why this label is gold, or esc to cancel"
    static let cancelled = "adjudication cancelled — nothing saved"
    static let busy = "still saving — one moment"
    static let nothingSelected = "no item selected"
    static let filtersCleared = "filters cleared"

    static func header(project: String) -> String { " opine review · \(project)" }
    static func leadName(_ lead: String) -> String { "\(lead) (lead) " }
    static func tooSmall(size: Size, minimum: Size) -> [String] {
        ["This terminal is \(size.width)×\(size.height).",
         "The review screen needs at least \(minimum.width)×\(minimum.height): enlarge it, or press q to quit."]
    }
    static func unknownKey(_ key: Key) -> String { "\(key) does nothing here — ? lists the keys" }
    static func loadFailed(_ reason: String) -> String { "could not load the review list: \(reason)" }
    static func saveFailed(item: String, reason: String) -> String { "\(item) not adjudicated: \(reason)" }
    static func reasonPrompt(label: String) -> String { "gold \(label) · reason: " }
    static func saving(item: String, label: String) -> String { "saving gold \(label) on \(item)…" }
    static func adjudicated(item: String, label: String) -> String { "\(item) adjudicated \(label) — reason saved" }

    // MARK: Counts and filters (rows 1 and 2)

    static func counts(toReview: Int, kinds: [(ReviewReasonKind, Int)], adjudicated: Int) -> String {
        var parts = ["\(toReview) to review"]
        for (kind, count) in kinds { parts.append("\(count) \(plural(kind, count))") }
        if adjudicated > 0 { parts.append("\(adjudicated) adjudicated now") }
        return parts.joined(separator: " · ")
    }

    static func position(_ index: Int?, of count: Int) -> String { "\(index.map { $0 + 1 } ?? 0)/\(count)" }

    static func plural(_ kind: ReviewReasonKind, _ count: Int) -> String {
        switch kind {
        case .disagreement: return count == 1 ? "disagreement" : "disagreements"
        case .suspect: return "suspect"
        case .conflict: return count == 1 ? "conflict" : "conflicts"
        }
    }

    static let filtersLabel = "filters "
    static let noFilters = "none — r reason · s slice · p pair · a annotator · v adjudicated"
    static func filterPart(_ name: String, _ value: String) -> String { "\(name) \(value)" }
    static let reasonFilterName = "reason"
    static let sliceFilterName = "slice"
    static let pairFilterName = "pair"
    static let annotatorFilterName = "by"
    static let adjudicatedShown = "+ adjudicated"

    // MARK: List rows

    /// Short tags for the list's second row.
    static func tag(_ kind: ReviewReasonKind) -> String {
        switch kind {
        case .disagreement: return "disagree"
        case .suspect: return "suspect"
        case .conflict: return "conflict"
        }
    }

    static let adjudicatedMark = "✓"

    // MARK: Detail pane

    static let labelsHeading = "labels"
    static let goldHeading = "gold"
    static let modelHeading = "model"
    static let whyHeading = "why"
    static let metaHeading = "meta"
    static let noLabels = "nobody has labelled it"
    static func gold(_ label: String?, method: String) -> String {
        (label ?? "none") + " · " + method.replacingUnderscores
    }
    static func adjudication(label: String, lead: String) -> String { "adjudicated \(label) by \(lead): " }
    static func reloaded(_ count: Int) -> String { "list reloaded: \(count) item\(count == 1 ? "" : "s") shown" }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
