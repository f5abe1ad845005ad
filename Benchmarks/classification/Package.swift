// swift-tools-version: 6.0
// Standalone benchmark for the classifier head (not part of the root package, not a test).
// `Sources/Classification`, `Sources/LinearAlgebra`, `Sources/CKernels` and `Sources/CBLAS` are
// symlinks to the root's targets, so the benchmark always measures the current code. Run it
// through run.sh:
//
//   Benchmarks/classification/run.sh
import PackageDescription

let package = Package(
    name: "ClassificationBench",
    platforms: [.macOS(.v13)],
    targets: [
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .target(name: "CKernels"),
        .target(name: "LinearAlgebra", dependencies: ["CBLAS", "CKernels"]),
        .target(name: "Digest"),
        .target(name: "Classification", dependencies: ["LinearAlgebra", "Digest"]),
        .executableTarget(name: "ClassificationBench", dependencies: ["Classification", "LinearAlgebra", "CBLAS"]),
    ]
)
