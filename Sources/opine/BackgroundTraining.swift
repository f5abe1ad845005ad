import Foundation
import ModelLoop
import Synchronization

/// Where background threads leave their outcomes for the screen's thread to collect, in the
/// order they finished.
final class TrainingInbox: Sendable {
    private let outcomes = Mutex<[TrainingOutcome]>([])

    func deliver(_ result: TrainingOutcome) {
        outcomes.withLock { $0.append(result) }
    }

    func collect() -> [TrainingOutcome] {
        outcomes.withLock { value in
            defer { value = [] }
            return value
        }
    }
}
