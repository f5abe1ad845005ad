import ArgumentParser
import Foundation
import Workflow

/// The options every project command shares.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The project folder (holding opine.toml).", valueName: "DIR"))
    var project: String = "."

    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false

    var directory: URL { URL(fileURLWithPath: project).standardizedFileURL }

    func open() throws -> Project { try Project.open(directory: directory) }
}
