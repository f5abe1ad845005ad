import Foundation
import TestSupport
import Testing

@Suite struct CommandTests {
    @Test("init writes a commented project file that the other commands accept")
    func initProject() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opine-init-\(UUID().uuidString)")
        let created = try Opine.run(["init", directory.path, "--lead", "boss"])
        #expect(created.status == 0, "\(created.stderr)")
        let toml = try String(contentsOf: directory.appendingPathComponent("opine.toml"), encoding: .utf8)
        #expect(toml.contains("# How many annotators label each item"))
        let status = try #require(try Opine.json(["status", "--project", directory.path]) as? [String: Any])
        #expect(status["items"] as? Int == 0)
        #expect((status["labels_per_annotator"] as? [String: Int])?["boss"] == 0)
        // A second init refuses to overwrite the project file.
        #expect(try Opine.run(["init", directory.path]).status == 73)
    }

    @Test("guidelines prints the labels' definitions and the guidelines file, with --json; a missing file is named")
    func guidelines() throws {
        let project = try TemporaryProject(toml: """
            name = "g"
            [labels]
            choices = [{ name = "bad", key = "1", definition = "Unhappy", examples = ["Broke."] }, { name = "good", key = "2" }]
            [guidelines]
            file = "GUIDE.md"
            [[annotators]]
            name = "ana"
            role = "lead"
            """)
        let missing = try project.run(["guidelines"])
        #expect(missing.status == 66 && missing.stderr.contains("GUIDE.md"))
        try project.write("GUIDE.md", "# Doubt\nFlag \u{1B}[31munsure\n")
        let text = try project.run(["guidelines"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("1  bad\n   Unhappy\n     “Broke.”"))
        #expect(text.stdout.contains("Flag ␛[31munsure") && !text.stdout.contains("\u{1B}"))
        let json = try #require(try Opine.json(["guidelines", "--project", project.path]) as? [String: Any])
        let labels = try #require(json["labels"] as? [[String: Any]])
        #expect(labels.first?["definition"] as? String == "Unhappy" && (labels.first?["examples"] as? [String]) == ["Broke."])
        #expect((json["text"] as? String)?.hasPrefix("# Doubt") == true)
        // The annotate screen refuses to open on a project whose guidelines file is missing, naming it.
        try FileManager.default.removeItem(at: project.directory.appendingPathComponent("GUIDE.md"))
        let screen = try project.run(["annotate", "--annotator", "ana"])
        #expect(screen.status == 66 && screen.stderr.contains("GUIDE.md"))
    }

    @Test("next --strategy slice-balanced (or queue in opine.toml) hands out the slice with the fewest labels first")
    func sliceBalancedNext() throws {
        let project = try TemporaryProject(toml: """
            name = "slices"
            slices = ["lang"]
            [annotate]
            queue = "slice-balanced"
            [[annotators]]
            name = "ana"
            role = "lead"
            """)
        let rows = (1...6).map { "{\"id\": \"en\($0)\", \"text\": \"english \($0)\", \"lang\": \"en\"}" }
            + (1...3).map { "{\"id\": \"fr\($0)\", \"text\": \"français \($0)\", \"lang\": \"fr\"}" }
        try project.write("data.jsonl", rows.joined(separator: "\n") + "\n")
        #expect(try project.run(["import", project.directory.appendingPathComponent("data.jsonl").path]).status == 0)
        var languages: [String] = []
        for _ in 0..<6 {
            let next = try #require(try Opine.json(["next", "--annotator", "ana", "--project", project.path]) as? [String: Any])
            let item = try #require(next["item"] as? [String: Any])
            #expect((next["reason"] as? String)?.hasPrefix("slice lang = ") == true)
            languages.append(try #require(item["lang"] as? String))
            #expect(try project.run(["label", try #require(item["id"] as? String), "2", "--annotator", "ana"]).status == 0)
        }
        // en and fr take turns while both have items (ties go to en, the first in order).
        #expect(languages == ["en", "fr", "en", "fr", "en", "fr"])
        let random = try #require(try Opine.json(["next", "--annotator", "ana", "--strategy", "random", "--project", project.path]) as? [String: Any])
        #expect(random["reason"] as? String == "random order")
    }

    @Test("next leases the item it hands out: another annotator cannot take its last slot until it is skipped")
    func nextLeases() throws {
        let project = try TemporaryProject(annotators: ["lea", "ana", "ben"], overlap: 1)
        try project.seed(items: 5)
        let next = try #require(try Opine.json(["next", "--annotator", "ana", "--project", project.path]) as? [String: Any])
        let item = try #require((next["item"] as? [String: Any])?["id"] as? String)
        let taken = try project.run(["label", item, "positive", "--annotator", "ben"])
        #expect(taken.status == 75, "\(taken.stderr)")
        #expect(taken.stderr.contains("handed out"))
        // ana passes it over: the lease goes with it.
        let after = try #require(try Opine.json(["next", "--annotator", "ana", "--skip", item, "--project", project.path]) as? [String: Any])
        #expect((after["item"] as? [String: Any])?["id"] as? String != item)
        #expect(try project.run(["label", item, "positive", "--annotator", "ben"]).status == 0)
    }

    @Test("import, next, label, undo, status and export work together and speak JSON")
    func labellingRound() throws {
        let project = try TemporaryProject(annotators: ["lea", "ana", "ben"], overlap: 2)
        try project.write("data.jsonl", """
            {"id": "a", "text": "Loved it", "lang": "en", "source": "app"}
            {"id": "b", "text": "No me gustó nada", "lang": "es", "source": "web"}
            {"id": "c", "text": "\\u001b[31mred alert\\u001b[0m", "lang": "en", "source": "web"}
            {"id": "d", "text": "Loved it", "lang": "en", "source": "app"}
            """)
        let imported = try #require(try Opine.json(["import", project.directory.appendingPathComponent("data.jsonl").path,
                                                    "--project", project.path]) as? [String: Any])
        #expect(imported["items_added"] as? Int == 3)
        #expect((imported["skipped"] as? [[String: Any]])?.first?["reason"] as? String == "duplicate_text")

        // next hands out every item once per annotator.
        var seen: [String] = []
        for _ in 0..<3 {
            let next = try #require(try Opine.json(["next", "--annotator", "ana", "--project", project.path]) as? [String: Any])
            let item = try #require(next["item"] as? [String: Any])
            let id = try #require(item["id"] as? String)
            seen.append(id)
            #expect(try project.run(["label", id, "2", "--annotator", "ana", "--flag", "z", "--note", "hm"]).status == 0)
        }
        #expect(Set(seen) == ["a", "b", "c"])
        let done = try #require(try Opine.json(["next", "--annotator", "ana", "--project", project.path]) as? [String: Any])
        #expect(done["item"] is NSNull)

        // Text output shows control characters instead of sending them to the terminal.
        let plain = try project.run(["next", "--annotator", "ben", "--skip", "a", "--skip", "b"])
        #expect(!plain.stdout.contains("\u{1B}"))
        #expect(plain.stdout.contains("␛[31m"))

        // Undo takes back the latest label only.
        let undone = try #require(try Opine.json(["undo", "--annotator", "ana", "--project", project.path]) as? [String: Any])
        #expect(undone["item"] as? String == seen[2])
        let status = try #require(try Opine.json(["status", "--project", project.path]) as? [String: Any])
        #expect(status["labels"] as? Int == 2)
        #expect((status["labels_per_annotator"] as? [String: Int])?["ana"] == 2)

        // Export writes the gold labels and the card.
        let out = project.directory.appendingPathComponent("gold.csv").path
        let report = try #require(try Opine.json(["export", out, "--project", project.path]) as? [String: Any])
        #expect(report["items"] as? Int == 2)
        #expect(FileManager.default.fileExists(atPath: out + ".card.md"))
        #expect(try project.run(["export", out]).status == 73)
    }

    @Test("a label for an item that has reached its overlap is refused with exit 75")
    func overlapExitCode() throws {
        let project = try TemporaryProject(annotators: ["lea", "ana", "ben"], overlap: 1)
        try project.seed(items: 1)
        #expect(try project.run(["label", "i1", "positive", "--annotator", "ana"]).status == 0)
        let refused = try project.run(["label", "i1", "negative", "--annotator", "ben"])
        #expect(refused.status == 75)
        #expect(refused.stderr.contains("ask `opine next`"))
    }
}

@Suite struct AgreementCommandTests {
    @Test("opine agreement reports Cohen's kappa of a worked example, with intervals, as JSON")
    func cohenExample() throws {
        // Given: po = 0.75, pe = 0.5·0.25 + 0.5·0.75 = 0.5, so κ = 0.5.
        let project = try TemporaryProject(annotators: ["lea", "ana", "ben"], overlap: 2)
        try project.seed(items: 4)
        let ana = ["positive", "positive", "negative", "negative"]
        let ben = ["positive", "negative", "negative", "negative"]
        for index in 0..<4 {
            #expect(try project.run(["label", "i\(index + 1)", ana[index], "--annotator", "ana"]).status == 0)
            #expect(try project.run(["label", "i\(index + 1)", ben[index], "--annotator", "ben"]).status == 0)
        }
        // When
        let report = try #require(try Opine.json(["agreement", "--draws", "200", "--project", project.path]) as? [String: Any])
        // Then
        let pairs = try #require(report["pairs"] as? [[String: Any]])
        let kappa = try #require((pairs.first?["kappa"] as? [String: Any]))
        #expect(abs((kappa["value"] as? Double ?? 0) - 0.5) < 1e-12)
        #expect((kappa["ci95"] as? [Double])?.count == 2)
        let coefficients = try #require(report["coefficients"] as? [String: Any])
        let percent = try #require(coefficients["percent_agreement"] as? [String: Any])
        #expect(abs((percent["value"] as? Double ?? 0) - 0.75) < 1e-12)
        #expect(coefficients["krippendorff_alpha_interval"] != nil)
        #expect(report["items"] as? Int == 4)
        // Trends: all four labels fall in one run of 100 and on one day.
        let annotators = try #require(report["per_annotator"] as? [[String: Any]])
        let anaTrend = try #require(annotators.first { $0["annotator"] as? String == "ana" }?["trend_by_day"] as? [[String: Any]])
        #expect(anaTrend.count == 1 && anaTrend.first?["labels"] as? Int == 4)
        #expect(abs((anaTrend.first?["agreement_with_others"] as? Double ?? 0) - 0.75) < 1e-12)
    }
}

@Suite struct ReviewCommandTests {
    @Test("review --list ranks the disputed item; only a lead may settle it, and then it leaves the queue")
    func reviewAndAdjudicate() throws {
        let project = try TemporaryProject(annotators: ["lea", "ana", "ben"], overlap: 2)
        try project.seed(items: 3)
        for (item, a, b) in [("i1", "positive", "negative"), ("i2", "positive", "positive"), ("i3", "neutral", "positive")] {
            #expect(try project.run(["label", item, a, "--annotator", "ana"]).status == 0)
            #expect(try project.run(["label", item, b, "--annotator", "ben"]).status == 0)
        }
        let list = try #require(try Opine.json(["review", "--list", "--project", project.path]) as? [String: Any])
        let ids = (list["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(ids == ["i1", "i3"])

        // An annotator without the lead role is refused and nothing is written.
        let before = try project.databaseBytes()
        let refused = try project.run(["adjudicate", "i1", "negative", "--lead", "ana", "--reason", "sure"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("'ana' is not a lead"))
        #expect(try project.databaseBytes() == before)

        #expect(try project.run(["adjudicate", "i1", "negative", "--lead", "lea", "--reason", "sarcasm"]).status == 0)
        let after = try #require(try Opine.json(["review", "--list", "--project", project.path]) as? [String: Any])
        #expect((after["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["i3"])
    }
}

@Suite struct SlicesCommandTests {
    @Test("opine slices reports each slice's labels and the demographic parity gap between slices")
    func parityGap() throws {
        // Given: in slice a everyone says positive, in slice b everyone says negative.
        let project = try TemporaryProject(toml: """
            slices = ["src"]
            [[annotators]]
            name = "lea"
            role = "lead"
            [[annotators]]
            name = "ana"
            attributes = { region = "north" }
            [[annotators]]
            name = "ben"
            attributes = { region = "south" }
            """)
        try project.write("items.csv", "id,text,src\n1,one,a\n2,two,a\n3,three,b\n4,four,b\n")
        #expect(try project.run(["import", project.directory.appendingPathComponent("items.csv").path]).status == 0)
        for (item, label) in [("1", "positive"), ("2", "positive"), ("3", "negative"), ("4", "negative")] {
            #expect(try project.run(["label", item, label, "--annotator", "ana"]).status == 0)
            #expect(try project.run(["label", item, label, "--annotator", "ben"]).status == 0)
        }
        // When
        let analysis = try #require(try Opine.json(["slices", "--min-size", "1", "--draws", "50", "--project", project.path]) as? [String: Any])
        // Then
        let dimensions = try #require(analysis["dimensions"] as? [[String: Any]])
        #expect(Set(dimensions.compactMap { $0["name"] as? String }) == ["src", "region"])
        let src = try #require(dimensions.first { $0["name"] as? String == "src" })
        let gaps = try #require((src["gaps"] as? [String: Any])?["annotator_labels"] as? [String: Any])
        let positive = try #require((gaps["labels"] as? [[String: Any]])?.first { $0["label"] as? Int == 2 })
        #expect(positive["demographic_parity_difference"] as? Double == 1)
        #expect(analysis["items"] as? Int == 4)
    }
}
