import Foundation

/// Vectors and probabilities as both stores hold them: Float32 values, native byte order, packed.
enum Float32Blob {
    static func data(_ values: [Float]) -> Data { values.withUnsafeBufferPointer { Data(buffer: $0) } }

    /// The whole floats a blob holds (a trailing partial value is ignored).
    static func floats(_ data: Data) -> [Float] {
        var values = [Float](repeating: 0, count: data.count / 4)
        values.withUnsafeMutableBytes { target in data.withUnsafeBytes { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(target.count))) } }
        return values
    }
}
