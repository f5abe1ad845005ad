// swift-tools-version: 6.0
// Standalone benchmark for the sentence encoder (not part of the root package, not a test).
// `Sources/BertEncoder`, `WordPiece`, `LinearAlgebra`, `CKernels`, `CBLAS` and `Digest` are symlinks to
// the root's targets, so the benchmark always measures the current code. Run it through
// run.sh, which measures sentence-transformers beside it:
//
//   Benchmarks/encoder/run.sh
import PackageDescription

let package = Package(
    name: "EncoderBench",
    platforms: [.macOS(.v13)],
    targets: [
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .target(name: "Digest"),
        .target(name: "WordPiece"),
        .target(name: "CKernels"),
        .target(name: "LinearAlgebra", dependencies: ["CBLAS", "CKernels"]),
        .target(name: "BertEncoder", dependencies: ["LinearAlgebra", "WordPiece", "Digest"]),
        .executableTarget(name: "EncoderBench", dependencies: ["BertEncoder", "LinearAlgebra"]),
    ]
)
