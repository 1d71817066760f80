// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    // Exclusivity is checked at run time in debug builds, where every test runs;
    // release builds keep the compile-time checks only, because the run-time ones
    // cost 10-14% of ingest and validate (docs/architecture.md, "Exclusivity").
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "cube-campaigns",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "campaign-ingest", targets: ["campaign-ingest"]),
        .executable(name: "campaign-validate", targets: ["campaign-validate"]),
        .executable(name: "campaign-submit", targets: ["campaign-submit"]),
        .executable(name: "campaign-report", targets: ["campaign-report"]),
        .executable(name: "campaign-inbox", targets: ["campaign-inbox"]),
        .executable(name: "campaign-history", targets: ["campaign-history"]),
        .executable(name: "campaign-runs", targets: ["campaign-runs"]),
        .executable(name: "cube-sandbox", targets: ["cube-sandbox"]),
        .library(name: "CampaignCore", targets: ["CampaignCore"]),
        .library(name: "CubeSandbox", targets: ["CubeSandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // MARK: C shims
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "CPhoneNumbers",
            cxxSettings: [.unsafeFlags(["-std=c++17"])],
            linkerSettings: [.linkedLibrary("phonenumber"), .linkedLibrary("protobuf"), .linkedLibrary("stdc++")]
        ),

        // MARK: Libraries
        // Hand-written JSON text and hashes for artifacts, keys and signatures: below the wire types and the stages alike.
        // Exit codes and the protocol of an error that carries its own: below every library.
        .target(name: "Sysexits", swiftSettings: swiftSettings),
        .target(
            name: "ArtifactText",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RecipientIO",
            dependencies: [
                "ArtifactText", "CLibXML2", "CZlib", "Sysexits",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CubeAPI",
            dependencies: [
                "ArtifactText", "Sysexits",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The run directory's files: each one's name, fields, writer and reader, in one place.
        .target(
            name: "RunArtifacts",
            dependencies: ["ArtifactText", "RecipientIO", "CubeAPI", "Sysexits"],
            swiftSettings: swiftSettings
        ),
        // What outlives one run: campaigns, phones messaged, outcomes, opt-outs (SQLite or PostgreSQL).
        .target(
            name: "ContactHistory",
            dependencies: [
                "ArtifactText", "CSQLite", "CLibPQ", "Sysexits", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CampaignCore",
            dependencies: [
                "ArtifactText", "RecipientIO", "RunArtifacts", "CubeAPI", "CPhoneNumbers", "ContactHistory", "Sysexits",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The report stage: poll, fetch, join every input record to its outcome, record it in the history.
        .target(
            name: "Reporting",
            dependencies: [
                "Sysexits",
                "ArtifactText", "RecipientIO", "RunArtifacts", "CubeAPI", "ContactHistory", "CampaignCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The news of a run pushed out: notify: receivers (Slack, signed JSON), recorded in the run.
        .target(
            name: "Notifications",
            dependencies: [
                "ArtifactText", "RecipientIO", "RunArtifacts", "CubeAPI", "CampaignCore", "Reporting", "Sysexits",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Past runs at a glance: each run folder's state read from its files, as a table or a page.
        .target(
            name: "Runs",
            dependencies: ["ArtifactText", "RecipientIO", "RunArtifacts", "CubeAPI", "CampaignCore", "Inbox"],
            swiftSettings: swiftSettings
        ),
        // The inbox: a spool folder watched, each dropped file claimed and run through every stage.
        .target(
            name: "Inbox",
            dependencies: [
                "Sysexits",
                "RecipientIO", "RunArtifacts", "CubeAPI", "ContactHistory", "CampaignCore", "Reporting", "Notifications",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CubeSandbox",
            dependencies: [
                .product(name: "NIOHTTP1", package: "swift-nio"),
                "ArtifactText", "CubeAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),

        .target(
            name: "CampaignCLI",
            dependencies: [
                "CampaignCore", "CubeAPI", "Notifications", "RunArtifacts", "Sysexits",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP server campaign-report listens with: only the executable that listens links it.
        .target(
            name: "CampaignWebhooks",
            dependencies: [
                "CubeAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // GET /metrics for a long-running process: the swift-metrics facade's numbers in Prometheus'
        // text format, each with its help line (only the watcher links it).
        .target(
            name: "MetricsEndpoint",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Executables
        // make bench-history's tool: fills a history and times its checks (not installed).
        .executableTarget(
            name: "history-bench",
            dependencies: ["ContactHistory", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "campaign-ingest",
            dependencies: [
                "CampaignCLI", "CampaignCore", "RecipientIO", "RunArtifacts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "campaign-validate",
            dependencies: [
                "CampaignCLI", "CampaignCore", "CubeAPI", "RunArtifacts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "campaign-submit",
            dependencies: [
                "CampaignCLI", "CampaignCore", "CubeAPI", "RunArtifacts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "campaign-report",
            dependencies: [
                "Sysexits",
                "CampaignCLI", "CampaignCore", "CampaignWebhooks", "CubeAPI", "Notifications", "Reporting", "RunArtifacts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "campaign-runs",
            dependencies: [
                "CampaignCLI", "Runs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "campaign-inbox",
            dependencies: [
                "CampaignCLI", "CampaignCore", "CubeAPI", "Inbox", "MetricsEndpoint", "RunArtifacts", "Runs", "Sysexits",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "campaign-history",
            dependencies: [
                "CampaignCLI", "CampaignCore", "ContactHistory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "cube-sandbox",
            dependencies: [
                "CubeSandbox", "CubeAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(name: "RecipientIOTests", dependencies: ["RecipientIO"], swiftSettings: swiftSettings),
        .testTarget(
            name: "RunArtifactsTests", dependencies: ["Sysexits", "ArtifactText", "RecipientIO", "RunArtifacts", "CubeAPI"],
            swiftSettings: swiftSettings),
        // A real PostgreSQL server for the tests that need one (started once per test process).
        .target(name: "PostgresTestSupport", path: "Tests/PostgresTestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "ContactHistoryTests", dependencies: ["ContactHistory", "PostgresTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CubeAPITests", dependencies: ["ArtifactText", "CubeAPI", "Sysexits"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CampaignCoreTests",
            dependencies: [
                "ContactHistory",
                "ArtifactText", "CampaignCore", "CubeAPI", "Inbox", "RecipientIO", "Reporting", "RunArtifacts",
                "CPhoneNumbers", "Sysexits",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CubeSandboxTests",
            dependencies: [
                "CubeSandbox", "CubeAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StageTests",
            dependencies: [
                "CampaignCore", "ContactHistory", "CubeAPI", "CubeSandbox", "RecipientIO", "Reporting", "RunArtifacts",
                "Sysexits",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                .product(name: "NIOHTTP1", package: "swift-nio"),
                "ArtifactText", "CubeAPI", "RecipientIO", "PostgresTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // Run directories made by earlier releases, copied into each test's scratch folder.
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
