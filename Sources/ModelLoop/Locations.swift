import AnnotationStore
import BertEncoder
import Foundation
import Lexicons
import Workflow

/// Where the shipped lexicons are: $OPINE_LEXICONS, else beside a source checkout
/// (`.build/release/opine` → `lexicons/`), else an install prefix's `share/opine/lexicons`.
public enum LexiconLocation {
    public static func shipped() throws -> URL {
        guard let found = candidates().first(where: isLexiconFolder) else {
            throw WorkflowError.unreadableFile(file: "lexicons/", reason: "the shipped lexicons were not found; set OPINE_LEXICONS to the lexicons folder")
        }
        return found
    }

    /// The project's own additions, in the same layout as the shipped folder.
    public static func overlay(of project: URL) -> URL { project.appendingPathComponent("lexicons") }

    public static func library(project: URL?) throws -> LexiconLibrary {
        let overlay = project.map(overlay(of:)).flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil }
        do {
            return try LexiconLibrary.load(from: shipped(), overlay: overlay)
        } catch let error as LexiconsError {
            throw ModelLoopError.lexicons(error.description)
        }
    }

    /// The analyzer for the project's lexicons; nil when no shipped lexicons are found (hints
    /// and conflicts are then left out). Lexicons that are found but broken are an error.
    public static func analyzer(project: URL?) throws -> Analyzer? {
        guard candidates().contains(where: isLexiconFolder) else { return nil }
        return Analyzer(library: try library(project: project))
    }

    private static func candidates() -> [URL] {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["OPINE_LEXICONS"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent("lexicons"))
            candidates.append(directory.appendingPathComponent("share/opine/lexicons"))
            directory = directory.deletingLastPathComponent()
        }
        return candidates
    }

    private static func isLexiconFolder(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent("FORMAT.md").path)
    }
}

/// Finds and loads the project's encoder: --encoder PATH, else opine.toml's [encoder] path,
/// else its name in the model cache (~/.cache/opine/models, or $OPINE_CACHE/models).
public enum EncoderLocation {
    public static func cache() -> URL {
        if let path = ProcessInfo.processInfo.environment["OPINE_CACHE"], !path.isEmpty {
            return URL(fileURLWithPath: path).appendingPathComponent("models")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/opine/models")
    }

    public static func directory(given: String?, config: ProjectConfig?) -> URL {
        if let given { return URL(fileURLWithPath: given) }
        if let path = config?.encoderPath { return URL(fileURLWithPath: path) }
        return cache().appendingPathComponent(config?.encoderName ?? ProjectConfig.defaultEncoder)
    }

    public static func load(given: String?, config: ProjectConfig?, threads: Int? = nil) throws -> SentenceEncoder {
        let directory = directory(given: given, config: config)
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw ModelLoopError.encoder("no encoder at \(directory.path): run `make setup` (or scripts/fetch-model.sh) for the default, or pass --encoder PATH")
        }
        do {
            return try SentenceEncoder(modelDirectory: directory, threads: threads)
        } catch {
            throw ModelLoopError.encoder("\(error)")
        }
    }

    /// Which stored embeddings to use: `given`, else the project encoder's when it has
    /// vectors, else the key with the most vectors in the project.
    public static func embeddingKey(_ given: String?, project: Project) throws -> String {
        if let given { return given }
        let keys = try project.database.embeddingKeys()
        // An encoder that is not installed here cannot say its hash: then the most vectors win.
        if keys.count > 1, let encoder = try? load(given: nil, config: project.config),
           keys.contains(where: { $0.key == encoder.contentHash }) {
            return encoder.contentHash
        }
        guard let best = keys.first else { throw ModelLoopError.noEmbeddings(encoder: nil) }
        return best.key
    }
}
