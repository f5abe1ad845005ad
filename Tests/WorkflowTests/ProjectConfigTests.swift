import Testing
@testable import Workflow

@Suite struct ProjectConfigTests {
    func parse(_ text: String) throws -> ProjectConfig {
        try ProjectConfig.parse(text, file: "opine.toml", defaultName: "folder")
    }

    /// The problems a file has, as "key: message" lines.
    func problems(_ text: String) -> [ConfigProblem] {
        do {
            _ = try parse(text)
            return []
        } catch WorkflowError.invalidConfig(_, let problems) {
            return problems
        } catch {
            return [ConfigProblem(key: "(other)", message: "\(error)")]
        }
    }

    @Test("labels and flags carry definitions and examples; [guidelines] file names the document")
    func guidelines() throws {
        let config = try parse("""
            [labels]
            choices = [
              { name = "bad", key = "1", definition = "Unhappy — 不満", examples = ["Broke.", "Never again."] },
              { name = "good", key = "2" },
            ]
            [guidelines]
            file = "GUIDELINES.md"
            """)
        #expect(config.labels[0] == KeyedChoice(name: "bad", key: "1", definition: "Unhappy — 不満", examples: ["Broke.", "Never again."]))
        #expect(config.labels[1].definition == nil && config.labels[1].examples.isEmpty)
        #expect(config.guidelinesFile == "GUIDELINES.md")
        let bad = problems("""
            [labels]
            choices = [{ name = "a", key = "1", definition = 3, examples = "x" }, { name = "b", key = "2", meaning = "?" }]
            [guidelines]
            file = ""
            path = "x"
            """)
        let keys = bad.map(\.key)
        #expect(keys.contains("labels.choices[0].definition") && keys.contains("labels.choices[0].examples"))
        #expect(keys.contains { $0.hasPrefix("labels.choices[1]") })
        #expect(keys.contains("guidelines.file") && keys.contains { $0.hasPrefix("guidelines") && $0 != "guidelines.file" })
    }

    @Test("the file opine init writes parses to the documented defaults")
    func template() throws {
        let config = try parse(ProjectTemplate.text(name: "p", lead: "me"))
        #expect(config.name == "p")
        #expect(config.labels == ProjectConfig.defaultLabels)
        #expect(config.ordinal)
        #expect(config.flags == ProjectConfig.defaultFlags)
        #expect(config.overlap == 2)
        #expect(config.annotators.map(\.name) == ["me"])
        #expect(config.annotators.first?.role == .lead)
        #expect(config.encoderName == "all-MiniLM-L6-v2")
        #expect(config.splits == .init(train: 0.8, dev: 0.1, test: 0.1))
        #expect(config.annotate == AnnotateSettings())
    }

    @Test("the annotate section sets the queue, the retrain interval and the blind fraction")
    func annotate() throws {
        let config = try parse("slices = [\"lang\"]\n[annotate]\nqueue = \"slice-balanced\"\nretrain_every = 0\nblind_fraction = 0.25")
        #expect(config.annotate.queue == .sliceBalanced)
        #expect(config.annotate.retrainEvery == 0)
        #expect(config.annotate.blindFraction == 0.25)
    }

    @Test("an empty file means every default, named after its folder")
    func empty() throws {
        let config = try parse("")
        #expect(config.name == "folder")
        #expect(config.labelNames == ["negative", "neutral", "positive"])
    }

    @Test("labels are found by name or key")
    func lookup() throws {
        let config = try parse("")
        #expect(config.label("3") == "positive")
        #expect(config.label("neutral") == "neutral")
        #expect(config.label("4") == nil)
        #expect(config.flag("z") == "sarcasm")
    }

    @Test("every problem is reported at once, each with its key", arguments: [
        ("overlap = 0", "overlap", "at least 1"),
        ("overlap = \"two\"", "overlap", "integer"),
        ("colour = 3", "colour", "unknown key"),
        ("[labels]\nchoices = [{ name = \"a\", key = \"1\" }, { name = \"b\", key = \"1\" }]", "labels.choices[1].key", "already the key"),
        ("[labels]\nchoices = [{ name = \"a\", key = \"1\" }, { name = \"a\", key = \"2\" }]", "labels.choices[1].name", "twice"),
        ("[labels]\nchoices = [{ name = \"a\", key = \"1\" }]", "labels.choices", "at least two"),
        ("[labels]\nchoices = [{ name = \"a\", key = \"u\" }, { name = \"b\", key = \"2\" }]", "labels.choices[0].key", "reserved"),
        ("[labels]\nchoices = [{ name = \"a\", key = \"12\" }, { name = \"b\", key = \"2\" }]", "labels.choices[0].key", "single character"),
        ("[flags]\nchoices = [{ name = \"odd\", key = \"1\" }]", "flags.choices[0].key", "already the key"),
        ("[[annotators]]\nname = \"ana\"\n[[annotators]]\nname = \"ana\"", "annotators[1].name", "duplicate annotator"),
        ("[[annotators]]\nname = \"ana\"\nrole = \"boss\"", "annotators[0].role", "not a role"),
        ("[[annotators]]\nrole = \"lead\"", "annotators[0].name", "missing"),
        ("[splits]\ntrain = 0.5\ndev = 0.1\ntest = 0.1", "splits", "must be 1"),
        ("[splits]\ntrain = 1.5\ndev = -0.25\ntest = -0.25", "splits.train", "between 0 and 1"),
        ("[encoder]\nname = \"x\"\npath = \"/y\"", "encoder", "not both"),
        ("[lexicons]\nlanguages = [\"english\"]", "lexicons.languages[0]", "language code"),
        ("labels = 3", "labels", "must be a table"),
        ("[annotate]\nqueue = \"smart\"", "annotate.queue", "not a queue strategy"),
        ("[annotate]\nqueue = \"slice-balanced\"", "annotate.queue", "needs a slice column"),
        ("[annotate]\nretrain_every = -5", "annotate.retrain_every", "0 or more"),
        ("[annotate]\nblind_fraction = 1.5", "annotate.blind_fraction", "between 0 and 1"),
        ("[annotate]\nblind = 0.1", "annotate.blind", "unknown key"),
    ])
    func invalid(text: String, key: String, message: String) {
        let found = problems(text)
        #expect(found.contains { $0.key == key && $0.message.contains(message) }, "got \(found)")
    }

    @Test("several problems in one file are all listed")
    func several() {
        let found = problems("overlap = 0\ncolour = 1\n[splits]\ntrain = 0.2")
        #expect(Set(found.map(\.key)) == ["overlap", "colour", "splits"])
    }

    @Test("a TOML syntax error names its line and column")
    func syntax() {
        #expect {
            try parse("name = \"x\"\noverlap = = 2\n")
        } throws: { error in
            guard case WorkflowError.configSyntax(let file, let line, _, _) = error else { return false }
            return file == "opine.toml" && line == 2
        }
    }
}
