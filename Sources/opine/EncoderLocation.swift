import BertEncoder
import Foundation
import Workflow

/// Finds and loads the project's encoder: --encoder PATH, else opine.toml's [encoder] path,
/// else its name in the model cache (~/.cache/opine/models, or $OPINE_CACHE/models).
enum EncoderLocation {
    static func cache() -> URL {
        if let path = ProcessInfo.processInfo.environment["OPINE_CACHE"], !path.isEmpty {
            return URL(fileURLWithPath: path).appendingPathComponent("models")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/opine/models")
    }

    static func directory(given: String?, config: ProjectConfig?) -> URL {
        if let given { return URL(fileURLWithPath: given) }
        if let path = config?.encoderPath { return URL(fileURLWithPath: path) }
        return cache().appendingPathComponent(config?.encoderName ?? ProjectConfig.defaultEncoder)
    }

    static func load(given: String?, config: ProjectConfig?, threads: Int? = nil) throws -> SentenceEncoder {
        let directory = directory(given: given, config: config)
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw CommandError(message: "no encoder at \(directory.path): run `make setup` (or scripts/fetch-model.sh) for the default, or pass --encoder PATH")
        }
        do {
            return try SentenceEncoder(modelDirectory: directory, threads: threads)
        } catch {
            throw CommandError(message: "\(error)")
        }
    }
}
