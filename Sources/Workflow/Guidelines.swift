import Foundation

/// A project's annotation guidelines: each label's and flag's definition and examples from
/// opine.toml, and the markdown file `[guidelines] file` names, beside it.
public struct Guidelines: Sendable, Equatable, Encodable {
    public var labels: [KeyedChoice]
    public var flags: [KeyedChoice]
    /// The file's path and text, when the project names one.
    public var file: String?
    public var text: String?

    /// Nothing to show: no definitions, no examples, no file.
    public var isEmpty: Bool {
        text == nil && (labels + flags).allSatisfy { $0.definition == nil && $0.examples.isEmpty }
    }

    /// Reads the guidelines file (UTF-8); a file the project names but that cannot be read is an
    /// error naming it.
    public static func load(_ project: Project) throws -> Guidelines {
        try load(config: project.config, directory: project.directory)
    }

    public static func load(config: ProjectConfig, directory: URL) throws -> Guidelines {
        var guidelines = Guidelines(labels: config.labels, flags: config.flags, file: nil, text: nil)
        guard let name = config.guidelinesFile else { return guidelines }
        let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : directory.appendingPathComponent(name)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw WorkflowError.unreadableFile(file: url.path, reason: "[guidelines] file in opine.toml: \(error.localizedDescription)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw WorkflowError.invalidEncoding(file: url.path, line: TextDecoding.lineOfFirstInvalidByte(in: data) ?? 1,
                                                byteOffset: TextDecoding.firstInvalidByte(in: data) ?? 0, encoding: "UTF-8")
        }
        guidelines.file = url.path
        guidelines.text = text
        return guidelines
    }
}
