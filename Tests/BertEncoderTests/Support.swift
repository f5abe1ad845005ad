import Foundation
import Testing
@testable import BertEncoder

enum FixtureError: Error, CustomStringConvertible {
    case missing(String)
    case malformed(String)

    var description: String {
        switch self {
        case let .missing(what): return "fixture missing: \(what)"
        case let .malformed(what): return "fixture malformed: \(what)"
        }
    }
}

enum Fixtures {
    static var directory: URL {
        get throws {
            guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
                throw FixtureError.missing("Fixtures folder in the test bundle")
            }
            return url
        }
    }

    static var tinyModel: URL {
        get throws { try directory.appendingPathComponent("tiny-bert") }
    }

    /// tiny-bert-reference.json, written by scripts/make_encoder_fixtures.py.
    struct TinyReference: Decodable {
        struct Case: Decodable {
            let text: String
            let input_ids: [Int32]
            let mean: [Float]
            let cls: [Float]
            let max: [Float]
            let last: [Float]
            let weightedmean: [Float]
            let normalized: [Float]
        }

        let max_seq_length: Int
        let cases: [Case]
        let f16_normalized: [[Float]]
        let bf16_normalized: [[Float]]
    }

    static func tinyReference() throws -> TinyReference {
        let data = try Data(contentsOf: directory.appendingPathComponent("tiny-bert-reference.json"))
        return try JSONDecoder().decode(TinyReference.self, from: data)
    }

    /// A scratch copy of the tiny model that a test may break; removed by `cleanUp`.
    static func copyOfTinyModel() throws -> URL {
        let target = FileManager.default.temporaryDirectory
            .appendingPathComponent("opine-bert-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: try tinyModel, to: target)
        return target
    }

    static func cleanUp(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Reads and rewrites safetensors files, so tests can build broken or converted variants.
struct TensorFile {
    struct Tensor {
        var name: String
        var dtype: String
        var shape: [Int]
        var data: Data
    }

    var tensors: [Tensor]

    init(tensors: [Tensor]) {
        self.tensors = tensors
    }

    init(contentsOf url: URL) throws {
        let bytes = try Data(contentsOf: url)
        guard bytes.count >= 8 else { throw FixtureError.malformed("\(url.path) shorter than 8 bytes") }
        let length = bytes.prefix(8).enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        let headerData = bytes.subdata(in: 8..<(8 + length))
        guard let header = try JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw FixtureError.malformed("\(url.path) header")
        }
        let dataStart = 8 + length
        var tensors: [Tensor] = []
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int]
            else { throw FixtureError.malformed("\(url.path) entry \(name)") }
            tensors.append(Tensor(
                name: name, dtype: dtype, shape: shape,
                data: bytes.subdata(in: (dataStart + offsets[0])..<(dataStart + offsets[1]))))
        }
        self.tensors = tensors.sorted { $0.name < $1.name }
    }

    /// The header as written by `write`, before any tampering: name → entry.
    func header() -> [String: Any] {
        var header: [String: Any] = ["__metadata__": ["format": "pt"]]
        var offset = 0
        for tensor in tensors {
            header[tensor.name] = ["dtype": tensor.dtype, "shape": tensor.shape, "data_offsets": [offset, offset + tensor.data.count]]
            offset += tensor.data.count
        }
        return header
    }

    /// Writes the file; `tamper` may change the header first and `declaredLength` may lie
    /// about its length.
    func write(to url: URL, tamper: (inout [String: Any]) -> Void = { _ in }, declaredLength: Int? = nil) throws {
        var header = header()
        tamper(&header)
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var file = Data()
        var length = UInt64(declaredLength ?? json.count)
        withUnsafeBytes(of: &length) { file.append(contentsOf: $0) }
        file.append(json)
        for tensor in tensors { file.append(tensor.data) }
        try file.write(to: url)
    }

    subscript(name: String) -> Tensor? {
        get { tensors.first { $0.name == name } }
        set {
            tensors.removeAll { $0.name == name }
            if let newValue { tensors.append(newValue) }
        }
    }
}

func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var dot = 0.0, na = 0.0, nb = 0.0
    for (x, y) in zip(a, b) {
        dot += Double(x) * Double(y)
        na += Double(x) * Double(x)
        nb += Double(y) * Double(y)
    }
    return dot / max(1e-30, (na * nb).squareRoot())
}

func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
