// swift-tools-version: 6.0
// Standalone benchmark for the Lexicons target (not part of the root package, not a test).
// `Sources/Lexicons` is a symlink to the root's `Sources/Lexicons`, so the benchmark always
// measures the current code. Run it through run.sh:
//
//   Benchmarks/lexicons/run.sh
import PackageDescription

let package = Package(
    name: "LexiconBench",
    platforms: [.macOS(.v13)],
    targets: [
        .target(name: "Lexicons"),
        .executableTarget(name: "LexiconBench", dependencies: ["Lexicons"]),
    ]
)
