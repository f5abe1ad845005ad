import CBLAS
import Classification
import Foundation
import LinearAlgebra

// The Swift side of the classifier-head benchmark. Reads .npy files written by embed.py and
// make_synthetic.py (float32 features, int32 labels) and fits Opine's LogisticRegression.
//
//   ClassificationBench parity TRAIN_X TRAIN_Y TEST_X TEST_Y --c 0.1,1,10 [--json OUT]
//   ClassificationBench speed X Y TEST_X TEST_Y [--c 1] [--repeats 3] [--json OUT]

struct BenchError: Error, CustomStringConvertible {
    var description: String
}

/// A C-order .npy array of little-endian float32 (`<f4`) or int32/int64 (`<i4`, `<i8`).
struct NumpyArray {
    var shape: [Int]
    var floats: [Float] = []
    var integers: [Int] = []

    init(path: String) throws {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard data.count >= 10, data[0] == 0x93, Array(data[1...5]) == Array("NUMPY".utf8) else {
            throw BenchError(description: "\(path): not a .npy file")
        }
        let major = data[6]
        let lengthBytes = major == 1 ? 2 : 4
        var headerLength = 0
        for i in 0..<lengthBytes { headerLength |= Int(data[8 + i]) << (8 * i) }
        let start = 8 + lengthBytes
        guard data.count >= start + headerLength else { throw BenchError(description: "\(path): truncated header") }
        let header = String(decoding: data[start..<(start + headerLength)], as: UTF8.self)
        guard !header.contains("'fortran_order': True") else { throw BenchError(description: "\(path): Fortran order") }
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw BenchError(description: "\(path): no shape in \(header)")
        }
        shape = header[open.upperBound..<close].split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        let count = shape.reduce(1, *)
        let body = start + headerLength
        func load<T>(_: T.Type) throws -> [T] {
            guard data.count == body + count * MemoryLayout<T>.size else {
                throw BenchError(description: "\(path): \(data.count - body) data bytes for shape \(shape)")
            }
            return data[body...].withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) } }
        }
        if header.contains("'descr': '<f4'") {
            floats = try load(Float.self)
        } else if header.contains("'descr': '<i4'") {
            integers = try load(Int32.self).map(Int.init)
        } else if header.contains("'descr': '<i8'") {
            integers = try load(Int64.self).map(Int.init)
        } else {
            throw BenchError(description: "\(path): unsupported dtype in \(header)")
        }
    }

    func matrix() throws -> Matrix {
        guard shape.count == 2, !floats.isEmpty else { throw BenchError(description: "expected a 2-D float32 array, got \(shape)") }
        return Matrix(rows: shape[0], columns: shape[1], values: floats)
    }
}

func option(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[index + 1]
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

struct Fit {
    var model: LogisticRegression
    var wall: Double
    var cpu: Double
}

func fit(_ x: Matrix, _ y: [Int], classes: Int, c: Double) throws -> Fit {
    let cpuBefore = cpuSeconds()
    var model: LogisticRegression?
    let wall = try ContinuousClock().measure {
        model = try LogisticRegression.fit(features: x, labels: y, classCount: classes,
                                           parameters: LogisticRegression.Parameters(c: c))
    }
    let cpu = cpuSeconds() - cpuBefore
    guard let model else { throw BenchError(description: "no model") }
    return Fit(model: model, wall: seconds(wall), cpu: cpu)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func writeJSON(_ value: Any) throws {
    guard let path = option("--json") else { return }
    let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    try data.write(to: URL(fileURLWithPath: path))
}

let arguments = CommandLine.arguments
guard arguments.count >= 6, ["parity", "speed"].contains(arguments[1]) else {
    print("usage: ClassificationBench parity|speed X Y TEST_X TEST_Y [--c LIST] [--repeats N] [--json OUT]")
    exit(64)
}
let x = try NumpyArray(path: arguments[2]).matrix()
let y = try NumpyArray(path: arguments[3]).integers
let testX = try NumpyArray(path: arguments[4]).matrix()
let testY = try NumpyArray(path: arguments[5]).integers
let classes = (y.max() ?? 0) + 1
let cs = (option("--c") ?? "1").split(separator: ",").compactMap { Double($0) }
let environment = ProcessInfo.processInfo.environment
print("Opine LogisticRegression (L-BFGS, tol 1e-4, max 100 iterations): OpenBLAS \(String(cString: openblas_get_config())), "
      + "core \(String(cString: openblas_get_corename())), BLAS.threads \(BLAS.threads) "
      + "(OPENBLAS_NUM_THREADS=\(environment["OPENBLAS_NUM_THREADS"] ?? "unset"), OMP_NUM_THREADS=\(environment["OMP_NUM_THREADS"] ?? "unset")); "
      + "fused pass products: \(["portable Swift SIMD", "AVX2 + FMA", "AVX-512"][Kernels.passVectorLevel])")
print("data: \(x.rows) × \(x.columns), \(classes) classes; test \(testX.rows) rows")

var results: [[String: Any]] = []
switch arguments[1] {
case "parity":
    for c in cs {
        let result = try fit(x, y, classes: classes, c: c)
        let probabilities = try result.model.predictProbabilities(testX)
        let evaluation = try Evaluation(labels: testY, probabilities: probabilities)
        let positive = (0..<testX.rows).map { Double(probabilities[$0, classes - 1]) }
        let auc = classes == 2 ? Metrics.rocAUC(positives: testY.map { $0 == 1 }, scores: positive) : evaluation.macroAUC
        let training = result.model.training
        print(String(format: "C %-5g accuracy %.4f  AUC %.5f  log-loss %.5f  fit %.3f s wall, %.3f s CPU, %d iterations, objective %.8f%@",
                     c, evaluation.accuracy, auc ?? .nan, evaluation.logLoss, result.wall, result.cpu,
                     training.iterations, training.objective, training.converged ? "" : " (not converged)"))
        results.append(["c": c, "accuracy": evaluation.accuracy, "auc": auc ?? Double.nan, "log_loss": evaluation.logLoss,
                        "fit_wall": result.wall, "fit_cpu": result.cpu, "iterations": training.iterations,
                        "objective": training.objective, "probabilities": positive])
    }
case "speed":
    let repeats = Int(option("--repeats") ?? "3") ?? 3
    for c in cs {
        var walls: [Double] = []
        var cpus: [Double] = []
        var last: Fit?
        for _ in 0..<repeats {
            let result = try fit(x, y, classes: classes, c: c)
            walls.append(result.wall)
            cpus.append(result.cpu)
            last = result
        }
        guard let last else { break }
        let accuracy = Metrics.accuracy(labels: testY, predictions: try last.model.predict(testX))
        print(String(format: "C %g: fit median %.3f s wall (min %.3f), %.3f s CPU over %d runs; %d iterations, %d evaluations; held-out accuracy %.4f",
                     c, median(walls), walls.min() ?? 0, median(cpus), repeats, last.model.training.iterations,
                     last.model.training.evaluations, accuracy))
        results.append(["c": c, "fit_wall": median(walls), "fit_wall_min": walls.min() ?? 0, "fit_cpu": median(cpus),
                        "iterations": last.model.training.iterations, "evaluations": last.model.training.evaluations,
                        "accuracy": accuracy, "repeats": repeats])
    }
default:
    break
}
try writeJSON(["threads": BLAS.threads, "results": results])
