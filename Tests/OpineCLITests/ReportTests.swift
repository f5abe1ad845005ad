import Foundation
import TestSupport
import Testing

/// A headless Chromium from Debian (`chromium-headless-shell`), when installed.
let chromium: String? = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

@Suite struct ReportTests {
    // Rendering needs a browser; CI installs chromium-headless-shell through scripts/setup.sh.
    @Test("opine report writes one self-contained page that a real browser renders",
          .enabled(if: chromium != nil, "needs chromium-headless-shell (apt-get install chromium-headless-shell)"))
    func rendersInChromium() throws {
        // Given a project with a disputed and an agreed item, and a hostile annotator note
        let project = try TemporaryProject(toml: """
            slices = ["lang"]
            [[annotators]]
            name = "lea"
            role = "lead"
            [[annotators]]
            name = "ana"
            [[annotators]]
            name = "ben"
            """)
        try project.write("items.csv", "id,text,lang\na,Great <b>stuff</b>,en\nb,Awful,en\nc,Meh,es\n")
        #expect(try project.run(["import", project.directory.appendingPathComponent("items.csv").path]).status == 0)
        for (item, a, b) in [("a", "positive", "positive"), ("b", "negative", "neutral"), ("c", "neutral", "neutral")] {
            #expect(try project.run(["label", item, a, "--annotator", "ana"]).status == 0)
            #expect(try project.run(["label", item, b, "--annotator", "ben"]).status == 0)
        }
        let out = project.directory.appendingPathComponent("report.html")

        // When
        #expect(try project.run(["report", out.path, "--draws", "100"]).status == 0)

        // Then the file needs nothing from the network…
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
        // …and Chromium parses it into the sections and charts we wrote.
        let browser = try #require(chromium)
        let dom = try run(browser, ["--no-sandbox", "--disable-gpu", "--dump-dom", out.absoluteString])
        for section in ["id=\"progress\"", "id=\"agreement\"", "id=\"pairs\"", "id=\"labels\"", "id=\"confusion\"", "id=\"annotators\"", "id=\"slices\"", "id=\"gaps\""] {
            #expect(dom.contains(section), "rendered page lacks \(section)")
        }
        #expect(dom.components(separatedBy: "<svg").count - 1 >= 4)
        #expect(dom.contains("ana – ben"))
        let screenshot = project.directory.appendingPathComponent("report.png")
        _ = try run(browser, ["--no-sandbox", "--disable-gpu", "--window-size=1000,1600", "--screenshot=\(screenshot.path)", out.absoluteString])
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 20_000)
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
