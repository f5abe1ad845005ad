import AnnotationStore
import Foundation

/// Where a project's store is: an SQLite file, or a database on a PostgreSQL server.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case server(url: String)

    /// A `postgres://` (or `postgresql://`) URL is a server; anything else is a path to an SQLite
    /// file, or to a project folder meaning its `opine.db`. Relative paths are from `directory`.
    public init(_ argument: String, relativeTo directory: URL) {
        let lowered = argument.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            self = .server(url: argument)
            return
        }
        let url = argument.hasPrefix("/") ? URL(fileURLWithPath: argument) : URL(fileURLWithPath: argument, relativeTo: directory)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            self = .sqlite(path: url.appendingPathComponent(Project.databaseFileName).standardizedFileURL.path)
        } else {
            self = .sqlite(path: url.standardizedFileURL.path)
        }
    }

    /// The location without a password: what output shows.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .server(let url): return (try? ServerAddress(url: url, environment: [:]).description) ?? "(a server URL)"
        }
    }

    public var exists: Bool {
        switch self {
        case .sqlite(let path): return FileManager.default.fileExists(atPath: path)
        case .server: return true
        }
    }

    /// Opens the store of the project named `project` (a server checks the name; an SQLite file
    /// has none). An SQLite file is created when missing only if `creating`.
    public func open(project: String, creating: Bool = true,
                     environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any ProjectStore {
        switch self {
        case .sqlite(let path):
            guard creating || FileManager.default.fileExists(atPath: path) else {
                throw AnnotationStoreError.cannotOpen(path: path, reason: "no such file")
            }
            return try AppDatabase.open(path: path)
        case .server(let url):
            return try PostgresProjectStore.open(try ServerAddress(url: url, environment: environment), project: project)
        }
    }

    /// Removes an SQLite file this process created (and its WAL files), after a failed copy.
    func removeCreatedFile() {
        guard case .sqlite(let path) = self else { return }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// `opine db copy`: a project's whole store into an empty one, all or nothing.
public enum StoreCopy {
    public struct Report: Sendable {
        public var source: String
        public var destination: String
        /// The rows read from the source.
        public var counts: StoreCounts
        /// The destination's rows counted again after the commit.
        public var destinationCounts: StoreCounts
        public var seconds: Double
    }

    /// Reads `source` at one moment and loads it into `destination`, which must hold no project
    /// data (the load compares row counts before it commits). A failure leaves the
    /// destination as it was (an SQLite file created for the copy is removed).
    public static func copy(from source: StoreLocation, to destination: StoreLocation, project: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Report {
        let started = Date()
        guard source != destination else { throw WorkflowError.sameStore(source.description) }
        let snapshot = try source.open(project: project, creating: false, environment: environment).snapshot()
        let created = !destination.exists
        do {
            let target = try destination.open(project: project, environment: environment)
            try target.load(snapshot)
            return Report(source: source.description, destination: destination.description, counts: snapshot.counts,
                          destinationCounts: try target.storeCounts(), seconds: Date().timeIntervalSince(started))
        } catch {
            if created { destination.removeCreatedFile() }
            throw error
        }
    }
}
