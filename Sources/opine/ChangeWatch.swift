import AnnotationStore

/// Watches the store's change counter for a screen that shows others' work (review, stats):
/// at most every `interval` seconds, one cheap query; true when something changed since the
/// last look. Polling rather than LISTEN/NOTIFY: it works the same on SQLite (which has no
/// notifications across processes) and on PostgreSQL, and a screen that missed a notification
/// while reconnecting still catches up.
final class ChangeWatch {
    private let store: any ProjectStore
    private let interval: Double
    private var seen: Int64?
    private var lookedAt = 0.0

    init(store: any ProjectStore, interval: Double) {
        self.store = store
        self.interval = interval
    }

    /// Whether others changed the project since the last call that said so (or since the first).
    func changed(now: Double) -> Bool {
        guard now - lookedAt >= interval else { return false }
        lookedAt = now
        guard let counter = try? store.changeCounter() else { return false }  // a lost server: look again later
        defer { seen = counter }
        return seen.map { $0 != counter } ?? false
    }
}
