// swift-tools-version: 6.0
import PackageDescription

/// `-O` for the numeric targets in debug builds too (see LinearAlgebra below).
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "opine",
    platforms: [.macOS(.v13)],
    // MARK: - Public products
    products: [
        .executable(name: "opine", targets: ["opine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // MARK: - System libraries (each imported by exactly one target)
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CNCursesW",
            providers: [.apt(["libncursesw5-dev"])]
        ),

        // MARK: - Implementation
        .target(name: "Digest"),
        .target(name: "WordPiece"),
        .target(name: "Agreement", dependencies: ["Digest"]),
        .target(name: "Lexicons"),
        .target(name: "Slices", dependencies: ["Agreement", "Digest"]),
        .target(name: "Drift", dependencies: ["Classification", "LinearAlgebra", "Agreement", "Digest"]),
        // The numeric kernels are built optimised even in debug builds: unoptimised SIMD code
        // is ~30× slower, which made the real-model parity tests take minutes.
        .target(name: "LinearAlgebra", dependencies: ["CBLAS", "CKernels"], swiftSettings: optimisedInDebug),
        // AVX2 kernels behind a run-time check, which Swift cannot express (see CKernels.h).
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        .target(name: "Classification", dependencies: ["LinearAlgebra", "Digest"]),
        .target(name: "BertEncoder", dependencies: ["LinearAlgebra", "WordPiece", "Digest"], swiftSettings: optimisedInDebug),
        .target(name: "TerminalUI"),
        .target(name: "CursesBackend", dependencies: ["CNCursesW", "TerminalUI"]),
        .target(
            name: "AnnotationStore",
            dependencies: [
                "Digest",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                // The server store (Postgres/): this target is the only importer of both clients.
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Workflow", dependencies: ["AnnotationStore", "Digest", "TOMLKit"]),
        // The model in the loop: training runs, predictions, the annotation queue, the blind fraction.
        .target(
            name: "ModelLoop",
            dependencies: ["Workflow", "AnnotationStore", "Classification", "LinearAlgebra", "Lexicons", "BertEncoder", "Digest"]
        ),
        .target(name: "Reporting", dependencies: ["ModelLoop", "Workflow", "AnnotationStore", "Agreement", "Slices", "Classification", "Drift", "LinearAlgebra"]),
        .executableTarget(
            name: "opine",
            dependencies: [
                "ModelLoop",
                "Workflow",
                "AnnotationStore",
                "Agreement",
                "Reporting",
                "Slices",
                "Lexicons",
                "Classification",
                "LinearAlgebra",
                "BertEncoder",
                "CursesBackend",
                "TerminalUI",
                "Drift",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Tests
        // What several test targets share: the opine process runner and temporary projects,
        // the tmux driver, the fake terminal, expectClose.
        .target(name: "TestSupport", dependencies: ["TerminalUI"], path: "Tests/TestSupport"),
        .testTarget(name: "DigestTests", dependencies: ["Digest"]),
        .testTarget(name: "WordPieceTests", dependencies: ["WordPiece"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AgreementTests", dependencies: ["Agreement", "Digest", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SlicesTests", dependencies: ["Slices", "Agreement", "Digest", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LexiconsTests", dependencies: ["Lexicons"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "ClassificationTests", dependencies: ["Classification", "LinearAlgebra", "Digest"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BertEncoderTests", dependencies: ["BertEncoder"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AnnotationStoreTests", dependencies: ["AnnotationStore"]),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "AnnotationStore"]),
        .testTarget(name: "DriftTests", dependencies: ["Drift", "LinearAlgebra"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ModelLoopTests", dependencies: ["ModelLoop", "Workflow", "AnnotationStore", "Lexicons", "Classification", "LinearAlgebra"],
                    resources: [.copy("Fixtures")]),
        // AnnotationStore: the stats tests record labels with model exposure, which no command writes.
        .testTarget(name: "OpineCLITests", dependencies: ["opine", "AnnotationStore", "TestSupport", "Digest"]),
        // The screen runtimes in process, on a fake terminal: keys in, frames and the store out.
        .testTarget(name: "ScreenRuntimeTests", dependencies: ["opine", "TestSupport", "TerminalUI", "ModelLoop", "Workflow", "AnnotationStore"]),
        // Snapshots are read and recorded through #filePath, so they stay beside the tests.
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"], exclude: ["Snapshots"]),
    ]
)
