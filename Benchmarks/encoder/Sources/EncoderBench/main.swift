// Opine's side of the encoder benchmark (Benchmarks/encoder/run.sh): the same three
// measures as st_bench.py, on the same JSON text files, each printing one line and
// appending one JSON record to --json for summary.py.
//
//   EncoderBench throughput TEXTS.json --threads N --batch B [--round R] [--variant V] [--json OUT] [--vectors OUT]
//   EncoderBench latency --text TEXT --threads N [--calls 200] [--variant V] [--json OUT]
//   EncoderBench memory TEXTS.json --threads N --batch B [--variant V] [--json OUT]
//
// The model is $OPINE_MODEL_DIR, else ~/.cache/opine/models/all-MiniLM-L6-v2.
import BertEncoder
import Foundation
import LinearAlgebra

enum BenchError: Error, CustomStringConvertible {
    case usage(String)
    case unreadable(String)

    var description: String {
        switch self {
        case .usage(let message): "usage: \(message)"
        case .unreadable(let path): "cannot read a JSON array of strings from \(path)"
        }
    }
}

struct Options {
    var mode = ""
    var path = ""
    var threads = 2
    var batch = 32
    var round = 0
    var calls = 200
    var text = ""
    var variant = ""
    var json: String?
    var vectors: String?

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        guard let mode = rest.popFirst() else { throw BenchError.usage("EncoderBench throughput|latency|memory …") }
        self.mode = mode
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") else {
                path = argument
                continue
            }
            guard let value = rest.popFirst() else { throw BenchError.usage("\(argument) needs a value") }
            switch argument {
            case "--threads": threads = Int(value) ?? threads
            case "--batch": batch = Int(value) ?? batch
            case "--round": round = Int(value) ?? round
            case "--calls": calls = Int(value) ?? calls
            case "--text": text = value
            case "--variant": variant = value
            case "--json": json = value
            case "--vectors": vectors = value
            default: throw BenchError.usage("unknown option \(argument)")
            }
        }
    }
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// User + system CPU seconds of the whole process (all threads), as Python's process_time().
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// VmHWM (peak resident set) or VmRSS of this process in MB, from /proc/self/status.
func memoryMB(_ field: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? -1
        return kilobytes / 1024
    }
    return -1
}

func readTexts(_ path: String) throws -> [String] {
    guard let data = FileManager.default.contents(atPath: path),
        let texts = try? JSONDecoder().decode([String].self, from: data)
    else { throw BenchError.unreadable(path) }
    return texts
}

/// Appends one JSON line: the record plus who measured it.
func record(_ options: Options, _ fields: [String: Any]) throws {
    guard let path = options.json else { return }
    var all = fields
    all["tool"] = "opine"
    all["variant"] = options.variant
    all["part"] = options.mode
    all["threads"] = options.threads
    let line = try JSONSerialization.data(withJSONObject: all, options: [.sortedKeys]) + Data("\n".utf8)
    if let handle = FileHandle(forWritingAtPath: path) {
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
    } else {
        try line.write(to: URL(fileURLWithPath: path))
    }
}

func main() throws {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let environment = ProcessInfo.processInfo.environment
    let modelDirectory = URL(
        fileURLWithPath: environment["OPINE_MODEL_DIR"] ?? (NSHomeDirectory() + "/.cache/opine/models/all-MiniLM-L6-v2"))
    let loadStart = now()
    let encoder = try SentenceEncoder(modelDirectory: modelDirectory, threads: options.threads)
    let loadSeconds = now() - loadStart
    let afterLoadMB = memoryMB("VmRSS")
    let label = "opine\(options.variant.isEmpty ? "" : " [\(options.variant)]") (OpenBLAS core \(BLAS.coreName))"

    switch options.mode {
    case "throughput":
        let texts = try readTexts(options.path)
        // Warm-up (first touch of the mapped weights, workspace, thread pool), not timed.
        _ = try encoder.embed(texts: Array(texts.prefix(64)), batchSize: options.batch)
        let start = now()
        let startCPU = cpuSeconds()
        let vectors = try encoder.embed(texts: texts, batchSize: options.batch)
        let seconds = now() - start
        let cpu = cpuSeconds() - startCPU
        let rate = Double(texts.count) / seconds
        print(String(
            format: "  %@ round %d, threads %d, batch %d: %d texts in %.3f s = %.1f sentences/s (CPU %.2f s)",
            label, options.round, options.threads, options.batch, texts.count, seconds, rate, cpu))
        if let path = options.vectors {
            let flat = vectors.flatMap { $0 }
            try flat.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: path))
        }
        try record(options, [
            "corpus": URL(fileURLWithPath: options.path).deletingPathExtension().lastPathComponent,
            "batch": options.batch, "round": options.round, "texts": texts.count, "seconds": seconds, "rate": rate,
            "cpu_seconds": cpu, "core": BLAS.coreName,
        ])
    case "latency":
        guard !options.text.isEmpty else { throw BenchError.usage("latency needs --text") }
        let tokens = encoder.tokenize(options.text).count
        for _ in 0..<10 { _ = try encoder.embed(texts: [options.text], batchSize: 1) }
        var times: [Double] = []
        for _ in 0..<options.calls {
            let start = now()
            _ = try encoder.embed(texts: [options.text], batchSize: 1)
            times.append((now() - start) * 1000)
        }
        times.sort()
        let median = times[times.count / 2]
        let p90 = times[min(times.count - 1, times.count * 9 / 10)]
        print(String(
            format: "  %@, threads %d: %d tokens, %d calls: median %.2f ms, p90 %.2f ms, min %.2f ms",
            label, options.threads, tokens, options.calls, median, p90, times[0]))
        try record(options, [
            "tokens": tokens, "calls": options.calls, "median_ms": median, "p90_ms": p90, "min_ms": times[0],
            "core": BLAS.coreName,
        ])
    case "memory":
        let texts = try readTexts(options.path)
        let start = now()
        let vectors = try encoder.embed(texts: texts, batchSize: options.batch)
        let seconds = now() - start
        let peak = memoryMB("VmHWM")
        print(String(
            format: "  %@, threads %d, batch %d: %d texts → %d vectors of %d in %.1f s (%.1f/s); "
                + "RSS after load %.0f MB, VmHWM at end %.0f MB (model load %.2f s)",
            label, options.threads, options.batch, texts.count, vectors.count, vectors.first?.count ?? 0,
            seconds, Double(texts.count) / seconds, afterLoadMB, peak, loadSeconds))
        try record(options, [
            "texts": texts.count, "batch": options.batch, "seconds": seconds, "rss_after_load_mb": afterLoadMB,
            "vmhwm_mb": peak, "core": BLAS.coreName,
        ])
    default:
        throw BenchError.usage("EncoderBench throughput|latency|memory …")
    }
}

do {
    try main()
} catch {
    FileHandle.standardError.write(Data("EncoderBench: \(error)\n".utf8))
    exit(1)
}
