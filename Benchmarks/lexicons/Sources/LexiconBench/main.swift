import Dispatch
import Foundation
import Lexicons

// The Swift side of the lexicon benchmark:
//   1. hints (analyze: language, spans, score) for one 60-word review, per call;
//   2. 100,000 texts scored: SST-2's 9,613 sentences (train, dev, test) cycled;
//   3. accuracy of the rule-based label on SST-2 test with the team's English lexicon, with
//      VADER's lexicon imported over it (as `opine lexicon import` does), and with Opine's
//      VADER dialect on VADER's own files; the compound scores go to --json for reference.py.
//
//   LexiconBench --lexicons DIR --vader DIR --sst2 DIR [--texts 100000] [--json OUT]

struct BenchError: Error, CustomStringConvertible {
    var description: String
}

func option(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[index + 1]
}

func required(_ name: String) throws -> String {
    guard let value = option(name) else { throw BenchError(description: "missing \(name) DIR") }
    return value
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// Process CPU time (user + system, all threads) in seconds.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func read(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
}

/// SST-2's `<label> <text>` lines (stsa.binary.*).
func sst2(_ path: String) throws -> [(label: Int, text: String)] {
    try read(path).split(separator: "\n").map { line in
        guard let space = line.firstIndex(of: " "), let label = Int(line[..<space]) else {
            throw BenchError(description: "\(path): bad line \(line.prefix(40))")
        }
        return (label, String(line[line.index(after: space)...]))
    }
}

let clock = ContinuousClock()
let lexiconRoot = URL(fileURLWithPath: try required("--lexicons"))
let vaderDirectory = URL(fileURLWithPath: try required("--vader"))
let sst2Directory = try required("--sst2")
let textCount = Int(option("--texts") ?? "100000") ?? 100_000

var shipped: LexiconLibrary?
let loadTime = try clock.measure { shipped = try LexiconLibrary.load(from: lexiconRoot) }
guard let shipped else { throw BenchError(description: "no library") }
let team = Analyzer(library: shipped)
print(String(format: "loaded %@ (%d languages, %d English entries) in %.1f ms", lexiconRoot.path,
             shipped.languages.count, shipped.languages["en"]?.entries.count ?? 0, seconds(loadTime) * 1e3))

// VADER's own files from the installed vaderSentiment package.
let vaderEntries = try LexiconImport.vader(read(vaderDirectory.appendingPathComponent("vader_lexicon.txt").path),
                                           file: "vader_lexicon.txt").get()
let vaderEmoji = try LexiconImport.vaderEmoji(read(vaderDirectory.appendingPathComponent("emoji_utf8_lexicon.txt").path),
                                              file: "emoji_utf8_lexicon.txt")
let (vaderModifiers, vaderIdioms) = try LexiconImport.vaderModifiers(
    pythonSource: read(vaderDirectory.appendingPathComponent("vaderSentiment.py").path), file: "vaderSentiment.py")
// `opine lexicon import vader_lexicon.txt --format vader` writes the entries to the project's
// overlay, which is merged over the shipped English lexicon (overlay terms win).
let imported = Analyzer(library: shipped.merging(LexiconLibrary(languages: [LanguageLexicon(language: "en", entries: vaderEntries)])))
// Opine's reproduction of vaderSentiment: VADER's lexicon, emoji, modifiers and rules.
let vaderDialect = Analyzer(
    library: LexiconLibrary(languages: [LanguageLexicon(language: "en", entries: vaderEntries, modifiers: vaderModifiers,
                                                        idiomOverrides: vaderIdioms)], emoji: vaderEmoji),
    rules: .vader)
print("VADER: \(vaderEntries.count) lexicon entries, \(vaderModifiers.count) modifiers, from \(vaderDirectory.path)")

// MARK: - 1. Hints for a 60-word text

let review = "I really wanted to love this hotel, and the staff were genuinely friendly and helpful. But the room was not clean at all, the air conditioning barely worked, and breakfast was extremely disappointing. The location is great though, close to the beach and quiet. Would I stay again? Probably not, unless they fix the rooms. A VERY mixed experience! 😕"
let words = review.split(separator: " ").count
print("\n== hints for a \(words)-word text (\(review.count) characters)")
var results: [String: Any] = [:]
// The last row is Opine's VADER dialect, for a like-for-like comparison with vaderSentiment.
for (name, language, analyzer) in [("team lexicon, lang given (en)", Optional("en"), team),
                                   ("team lexicon, language detected", nil, team),
                                   ("VADER dialect, lang given (en)", Optional("en"), vaderDialect)] {
    var analysis = analyzer.analyze(review, language: language)
    for _ in 0..<200 { analysis = analyzer.analyze(review, language: language) }  // warm up
    var perCall: [Double] = []
    let batch = 500
    for _ in 0..<40 {
        let elapsed = clock.measure {
            for _ in 0..<batch { analysis = analyzer.analyze(review, language: language) }
        }
        perCall.append(seconds(elapsed) / Double(batch) * 1e6)
    }
    let spans = analysis.hints.map { "\($0.text)\($0.negated ? "(neg)" : "")" }.joined(separator: " ")
    print(String(format: "%@: median %.1f µs per call (min %.1f, max %.1f over 40 batches of %d); %d hints, compound %+.3f → %@, language %@",
                 name, median(perCall), perCall.min() ?? 0, perCall.max() ?? 0, batch, analysis.hints.count,
                 analysis.compound, analysis.label.rawValue, analysis.language.language ?? "none"))
    print("  spans: \(spans)")
    results["hints_us_\(name)"] = median(perCall)
}

// MARK: - 2. 100,000 texts scored

let corpus = try ["train", "dev", "test"].flatMap { try sst2("\(sst2Directory)/stsa.binary.\($0)") }.map(\.text)
let texts = (0..<textCount).map { corpus[$0 % corpus.count] }
let meanWords = Double(texts.reduce(0) { $0 + $1.split(separator: " ").count }) / Double(texts.count)
print(String(format: "\n== %d texts scored (SST-2's %d sentences cycled, %.1f words on average)", texts.count, corpus.count, meanWords))
for (name, language, analyzer) in [("team lexicon, lang given (en)", Optional("en"), team),
                                   ("team lexicon, language detected", nil, team),
                                   ("VADER dialect, lang given (en)", Optional("en"), vaderDialect)] {
    for workers in analyzer.rules.dialect == .vader ? [1] : [1, 2] {
        var walls: [Double] = []
        var cpus: [Double] = []
        var checksum = 0.0
        for _ in 0..<3 {
            let cpuBefore = cpuSeconds()
            defer { cpus.append(cpuSeconds() - cpuBefore) }
            let elapsed: Duration
            if workers == 1 {
                elapsed = clock.measure {
                    var sum = 0.0
                    for text in texts { sum += analyzer.analyze(text, language: language).compound }
                    checksum = sum
                }
            } else {
                let chunk = (texts.count + workers - 1) / workers
                elapsed = clock.measure {
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        for index in (worker * chunk)..<min(texts.count, (worker + 1) * chunk) {
                            _ = analyzer.analyze(texts[index], language: language)
                        }
                    }
                }
            }
            walls.append(seconds(elapsed))
        }
        print(String(format: "%@, %d thread%@: median %.3f s wall (min %.3f over 3 runs), %.3f s CPU, %.1f µs per text%@", name, workers,
                     workers == 1 ? "" : "s", median(walls), walls.min() ?? 0, median(cpus), median(walls) / Double(texts.count) * 1e6,
                     workers == 1 ? String(format: "; mean compound %.4f", checksum / Double(texts.count)) : ""))
        results["score_s_\(name)_\(workers)"] = median(walls)
    }
}

// MARK: - 3. Accuracy on SST-2 test

let test = try sst2("\(sst2Directory)/stsa.binary.test")
print("\n== SST-2 test (\(test.count) sentences, binary labels): rule-based label accuracy")
print("   3-way: compound ≥ 0.05 positive, ≤ −0.05 negative, else neutral (counted wrong); sign: > 0 positive, < 0 negative, 0 counted wrong")
var compounds: [String: [Double]] = [:]
for (name, analyzer) in [("opine_team_en", team), ("opine_team_en_plus_vader_import", imported), ("opine_vader_dialect", vaderDialect)] {
    let scores = test.map { analyzer.analyze($0.text, language: "en").compound }
    compounds[name] = scores
    let threeWay = zip(test, scores).filter { item, score in
        (item.label == 1 && score >= 0.05) || (item.label == 0 && score <= -0.05)
    }.count
    let sign = zip(test, scores).filter { item, score in (item.label == 1 && score > 0) || (item.label == 0 && score < 0) }.count
    let neutral = scores.filter { abs($0) < 0.05 }.count
    let zero = scores.filter { $0 == 0 }.count
    print(String(format: "%-32@ 3-way %.2f%%  sign %.2f%%  (neutral %d, exactly 0: %d)", name as NSString,
                 Double(threeWay) / Double(test.count) * 100, Double(sign) / Double(test.count) * 100, neutral, zero))
}
results["compounds"] = compounds
if let path = option("--json") {
    try JSONSerialization.data(withJSONObject: results, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
}
