import ArgumentParser
import Foundation
import TerminalUI
import Workflow

/// `opine guidelines`: what the annotate screen shows on `g`, headless.
struct GuidelinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guidelines",
        abstract: "Show the annotation guidelines: each label's and flag's definition and examples, and the guidelines file.",
        discussion: """
            Definitions and examples come from opine.toml (definition = "…", examples = ["…"] beside a label's \
            name and key); a longer document from [guidelines] file = "GUIDELINES.md", beside opine.toml. The \
            annotate screen shows the same on g.
            """)

    @OptionGroup var options: ProjectOptions

    func run() throws {
        try reportingErrors {
            let directory = options.directory
            let config = try Project.loadConfig(directory: directory)
            // Only the project file is needed: no database is opened.
            let guidelines = try Guidelines.load(config: config, directory: directory)
            if options.json {
                Output.json(guidelines)
                return
            }
            if guidelines.isEmpty {
                Output.line("No guidelines yet: add definition = \"…\" and examples = [\"…\"] to the labels in opine.toml, or [guidelines] file = \"GUIDELINES.md\".")
                return
            }
            for line in GuidelinesPage(guidelines).lines(width: 100) { Output.line(Output.visible(line.text)) }
        }
    }
}

extension GuidelinesPage {
    init(_ guidelines: Guidelines) {
        func entries(_ choices: [KeyedChoice]) -> [GuidelineEntry] {
            choices.compactMap { choice in
                choice.key.first.map { GuidelineEntry(name: choice.name, key: $0, definition: choice.definition, examples: choice.examples) }
            }
        }
        self.init(labels: entries(guidelines.labels), flags: entries(guidelines.flags), document: guidelines.text)
    }
}
