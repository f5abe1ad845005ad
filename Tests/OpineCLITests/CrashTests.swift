import Digest
import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct CrashTests {
    @Test("SIGKILL mid-stream, 20 times: every label whose command returned is stored")
    func killNineTimesTwenty() throws {
        let project = try TemporaryProject(annotators: ["lead", "kay"], overlap: 2)
        try project.seed(items: 2000)
        let labels = ["negative", "neutral", "positive"]
        var generator = SplitMix64(seed: 42)
        var acknowledged: [String: String] = [:]  // item → label
        var next = 1

        for _ in 0..<20 {
            // Feed a long stream, read acknowledgements, and kill after a random number of them.
            let stream = (next..<min(next + 80, 2001)).map { "i\($0)\t\(labels[Int(generator.next() % 3)])" }
            let process = try Opine.process(["label", "--stdin", "--annotator", "kay", "--json", "--project", project.path])
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            input.fileHandleForWriting.write(Data((stream.joined(separator: "\n") + "\n").utf8))

            let killAfter = 1 + Int(generator.next() % 40)
            var buffer = Data()
            var lines: [String] = []
            while lines.count < killAfter {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }  // the process ended before it was killed
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                    buffer.removeSubrange(buffer.startIndex...newline)
                }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal || lines.count < killAfter)

            for line in lines {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                acknowledged[try #require(object["item"] as? String)] = try #require(object["label"] as? String)
            }
            // Resume after the last item sent that might have been stored.
            next += max(lines.count + 1, 1)
            try? input.fileHandleForWriting.close()
        }

        let stored = try project.labels()
        #expect(acknowledged.count >= 20)
        for (item, label) in acknowledged {
            #expect(stored[item]?["kay"] == label, "acknowledged \(label) on \(item) is missing")
        }
        // The database is consistent after the kills: a later command works normally.
        #expect(try project.run(["label", "i2000", "positive", "--annotator", "kay"]).status == 0)
    }
}
