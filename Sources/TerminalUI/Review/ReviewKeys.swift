/// The review screen's key table: the project's label keys adjudicate, then the fixed keys.
public enum ReviewKeys {
    public static func map(for setup: ReviewSetup) -> KeyMap<ReviewAction> {
        var bindings: [KeyBinding<ReviewAction>] = []
        for label in setup.labels {
            bindings.append(KeyBinding(
                .character(label.key), .adjudicate(label.name), help: label.name,
                detail: "gold \(label.name) + a reason", section: "Adjudicate", barPriority: 0))
        }
        // Bar priority: 0 always shown, then 1, 2… while the bar has room; nil: help screen only.
        func fixed(_ key: Key, _ action: ReviewAction, _ help: String, _ section: String, _ priority: Int?,
                   _ detail: String) -> KeyBinding<ReviewAction> {
            KeyBinding(key, action, help: help, detail: detail, section: section, barPriority: priority)
        }
        let fixedBindings = [
            fixed(.up, .up, "up", "Move", nil, "previous item · scroll up"),
            fixed(.character("k"), .up, "up", "Move", nil, "previous item · scroll up"),
            fixed(.down, .down, "down", "Move", nil, "next item · scroll down"),
            fixed(.character("j"), .down, "down", "Move", nil, "next item · scroll down"),
            fixed(.pageUp, .pageUp, "page up", "Move", nil, "a page up"),
            fixed(.pageDown, .pageDown, "page down", "Move", nil, "a page down"),
            fixed(.home, .first, "first", "Move", nil, "first item · top"),
            fixed(.end, .last, "last", "Move", nil, "last item · bottom"),
            fixed(.enter, .focusDetail, "detail", "Move", 4, "focus the detail"),
            fixed(.right, .focusDetail, "detail", "Move", nil, "focus the detail"),
            fixed(.left, .focusList, "list", "Move", nil, "back to the list"),
            fixed(.escape, .focusList, "list", "Move", nil, "back to the list"),
            fixed(.character("r"), .cycleReason, "reason", "Filter", 1, "filter by reason kind"),
            fixed(.character("s"), .cycleSlice, "slice", "Filter", 1, "filter by language or slice"),
            fixed(.character("p"), .cyclePair, "pair", "Filter", 2, "filter by two labels given"),
            fixed(.character("a"), .cycleAnnotator, "annotator", "Filter", 2, "filter by annotator"),
            fixed(.character("v"), .toggleAdjudicated, "adjudicated", "Filter", 3, "show/hide adjudicated items"),
            fixed(.character("c"), .clearFilters, "clear", "Filter", 3, "clear the filters"),
            fixed(.control("r"), .reload, "reload", "Screen", nil, "load the list again"),
            fixed(.character("?"), .help, "help", "Screen", 0, "this help"),
            fixed(.character("q"), .quit, "quit", "Screen", 0, "quit, all saved"),
            fixed(.control("c"), .quit, "quit", "Screen", nil, "quit, all saved"),
        ]
        // A label key wins over a fixed key it shares (a project may label with `a` or `j`):
        // the fixed binding is left out, so the help never lists a key that does something else.
        let labelKeys = Set(setup.labels.map { Key.character($0.key) })
        bindings += fixedBindings.filter { !labelKeys.contains($0.key) }
        return KeyMap(bindings)
    }
}
