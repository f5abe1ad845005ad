/// The stats screen's key table. Each page dispatches through its own slice of the one table,
/// so the help bar shows what works on the page; the help screen lists the whole table.
public enum StatsKeys {
    public static let all: KeyMap<StatsAction> = {
        // Bar priority: 0 always shown, then 1, 2… while the bar has room; nil: help screen only.
        func key(_ key: Key, _ action: StatsAction, _ help: String, _ section: String, _ priority: Int?,
                 _ detail: String) -> KeyBinding<StatsAction> {
            KeyBinding(key, action, help: help, detail: detail, section: section, barPriority: priority)
        }
        return KeyMap([
            key(.tab, .nextPage, "page", StatsStrings.sectionPages, 0, "the other page"),
            key(.character("1"), .show(.agreement), "agreement", StatsStrings.sectionPages, 3, "agreement page"),
            key(.character("2"), .show(.model), "model", StatsStrings.sectionPages, 3, "model page"),
            key(.character("3"), .show(.drift), "drift", StatsStrings.sectionPages, 3, "drift page"),
            key(.up, .up, "scroll", StatsStrings.sectionAgreement, nil, "scroll"),
            key(.down, .down, "scroll", StatsStrings.sectionAgreement, nil, "scroll"),
            key(.pageUp, .pageUp, "page up", StatsStrings.sectionAgreement, nil, "by a screen"),
            key(.pageDown, .pageDown, "page down", StatsStrings.sectionAgreement, nil, "by a screen"),
            key(.up, .up, "run", StatsStrings.sectionModel, nil, "select a run"),
            key(.down, .down, "run", StatsStrings.sectionModel, nil, "select a run"),
            key(.pageUp, .pageUp, "page up", StatsStrings.sectionModel, nil, "by a screen"),
            key(.pageDown, .pageDown, "page down", StatsStrings.sectionModel, nil, "by a screen"),
            key(.character(" "), .mark, "mark A/B", StatsStrings.sectionModel, 1, "mark A, then B"),
            key(.enter, .mark, "mark", StatsStrings.sectionModel, nil, "mark A, then B"),
            key(.character("c"), .compareWithPrevious, "vs previous", StatsStrings.sectionModel, 2, "vs previous run"),
            key(.character("x"), .clearMarks, "clear", StatsStrings.sectionModel, 4, "clear the marks"),
            key(.character("r"), .reload, "reload", StatsStrings.sectionScreen, 1, "compute again"),
            key(.character("?"), .help, "help", StatsStrings.sectionScreen, 0, "this help"),
            key(.character("q"), .quit, "quit", StatsStrings.sectionScreen, 0, "quit"),
            key(.control("c"), .quit, "quit", StatsStrings.sectionScreen, nil, "quit"),
        ])
    }()

    /// The bindings that work on `page`: the shared ones and the page's own section.
    public static func map(for page: StatsState.Page) -> KeyMap<StatsAction> {
        let others: Set<String> = [StatsStrings.sectionModel, StatsStrings.sectionAgreement].filter {
            $0 != (page == .agreement ? StatsStrings.sectionAgreement : page == .model ? StatsStrings.sectionModel : "")
        }.reduce(into: []) { $0.insert($1) }
        return KeyMap(all.bindings.filter { !others.contains($0.section) })
    }
}
