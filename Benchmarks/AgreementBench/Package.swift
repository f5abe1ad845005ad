// swift-tools-version: 6.0
// Standalone benchmark for the Agreement target (not part of the root package, not a test).
// The root package exports no library product, so `Sources/Agreement` is a symlink to the
// root's `Sources/Agreement`: the benchmark always measures the current code.
//
//   cd Benchmarks/AgreementBench && swift run -c release AgreementBench [--ratings CSV] [--json OUT] [--dump FILE]
// Benchmarks/agreement/run.sh runs it on the same labels as `opine agreement` and the Python reference.
import PackageDescription

let package = Package(
    name: "AgreementBench",
    platforms: [.macOS(.v13)],
    targets: [
        .target(name: "Digest"),
        .target(name: "Agreement", dependencies: ["Digest"]),
        .executableTarget(name: "AgreementBench", dependencies: ["Agreement", "Digest"]),
    ]
)
