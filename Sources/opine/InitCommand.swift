import ArgumentParser
import Foundation
import Workflow

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a project folder with a commented opine.toml and an empty database.")

    @Argument(help: ArgumentHelp("The folder to create.", valueName: "DIR"))
    var directory: String

    @Option(help: "The project's name (default: the folder's name).")
    var name: String?

    @Option(help: "The first annotator, with the lead role (default: $USER).")
    var lead: String?

    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false

    func run() throws {
        try reportingErrors {
            let lead = lead ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "lead"
            let project = try Project.create(directory: URL(fileURLWithPath: directory), name: name, lead: lead)
            if json {
                Output.json(["project": project.directory.path, "config": project.configPath])
            } else {
                Output.line("Created \(project.configPath) and its database.")
                Output.line("Next: edit the annotators in opine.toml, then `opine import FILE --project \(directory)`.")
            }
        }
    }
}
