import Foundation
import AnnotationStore

/// An open project: its validated file and its database, with the annotators in step.
public struct Project: Sendable {
    public static let configFileName = "opine.toml"
    public static let databaseFileName = "opine.db"

    public let directory: URL
    public let config: ProjectConfig
    /// The project's store: SQLite (`opine.db`) unless a server store is configured.
    public let database: any ProjectStore
    /// The server store's URL when the project was opened on one (to open it again).
    public let databaseURL: String?

    public var configPath: String { directory.appendingPathComponent(Self.configFileName).path }

    /// Reads and validates the project file, then opens the database. The file is checked
    /// first, so a broken file never touches the database.
    ///
    /// The store: `databaseURL` (`--database`), else `OPINE_DATABASE_URL`, else `[store] url`
    /// in opine.toml, else the SQLite file `opine.db` beside it.
    public static func open(directory: URL, databaseURL: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Project {
        let config = try loadConfig(directory: directory)
        let url = databaseURL ?? environment["OPINE_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? config.storeURL
        let location = url.map(StoreLocation.server) ?? .sqlite(path: directory.appendingPathComponent(databaseFileName).path)
        let database = try location.open(project: config.name, environment: environment)
        try database.syncAnnotators(config.annotators)
        return Project(directory: directory, config: config, database: database, databaseURL: url)
    }

    /// The same project opened again, on a connection of its own (for a background thread).
    public func reopen() throws -> Project {
        try Project.open(directory: directory, databaseURL: databaseURL)
    }

    public static func loadConfig(directory: URL) throws -> ProjectConfig {
        let url = directory.appendingPathComponent(configFileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw WorkflowError.projectNotFound(directory: directory.path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw WorkflowError.unreadableFile(file: url.path, reason: error.localizedDescription)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw WorkflowError.invalidEncoding(
                file: url.path, line: TextDecoding.lineOfFirstInvalidByte(in: data) ?? 1,
                byteOffset: TextDecoding.firstInvalidByte(in: data) ?? 0, encoding: "UTF-8")
        }
        return try ProjectConfig.parse(text, file: url.path, defaultName: directory.lastPathComponent)
    }

    /// Creates a project folder with a commented project file and an empty database.
    public static func create(directory: URL, name: String?, lead: String) throws -> Project {
        let fileManager = FileManager.default
        let configURL = directory.appendingPathComponent(configFileName)
        if fileManager.fileExists(atPath: configURL.path) {
            throw WorkflowError.outputExists(path: configURL.path)
        }
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
            let text = ProjectTemplate.text(name: name ?? directory.standardizedFileURL.lastPathComponent, lead: lead)
            try Data(text.utf8).write(to: configURL, options: .withoutOverwriting)
        } catch {
            throw WorkflowError.unreadableFile(file: configURL.path, reason: error.localizedDescription)
        }
        return try open(directory: directory)
    }
}
