// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "swift-cqrs",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cqrs-gen", targets: ["cqrs-gen"]),
        .library(name: "CQRSSpec", targets: ["CQRSSpec"]),
        .library(name: "CQRSGenerator", targets: ["CQRSGenerator"]),
        .library(name: "CQRSPayload", targets: ["CQRSPayload"]),
        .library(name: "CQRS", targets: ["CQRS"]),
        .library(name: "CQRSTesting", targets: ["CQRSTesting"]),
        .library(name: "CQRSPostgres", targets: ["CQRSPostgres"]),
        .library(name: "CQRSSQLite", targets: ["CQRSSQLite"]),
        .library(name: "CQRSWebhooks", targets: ["CQRSWebhooks"]),
        .library(name: "CQRSHummingbird", targets: ["CQRSHummingbird"]),
        .plugin(name: "CQRSGeneratorPlugin", targets: ["CQRSGeneratorPlugin"]),
        .plugin(name: "GenerateCQRSCode", targets: ["GenerateCQRSCode"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.1.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // CQRSHummingbird, and the receiving end of CQRSWebhooksTests.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // MARK: Spec front end and generator

        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "CQRSSpec",
            dependencies: ["CYAML"]
        ),
        .target(
            name: "CQRSGenerator",
            dependencies: [
                "CQRSSpec",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "cqrs-embed-templates",
            path: "Sources/cqrs-embed-templates"
        ),
        .executableTarget(
            name: "cqrs-gen",
            dependencies: [
                "CQRSGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Runtime

        // The payload codec (JSON of events and snapshots): Foundation only.
        .target(name: "CQRSPayload"),
        .target(
            name: "CQRS",
            dependencies: [
                "CQRSPayload",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "CQRSTesting",
            dependencies: ["CQRS"]
        ),
        .target(
            name: "CQRSPostgres",
            dependencies: [
                "CQRS",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .target(
            name: "CQRSSQLite",
            dependencies: [
                "CQRS",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Webhooks: a reaction that POSTs events to HTTP endpoints, signed (its own product, so that the
        // core runtime does not depend on an HTTP client).
        .target(
            name: "CQRSHummingbird",
            dependencies: [
                "CQRS",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "CQRSWebhooks",
            dependencies: [
                "CQRS",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),

        // MARK: Plugins

        .plugin(
            name: "CQRSGeneratorPlugin",
            capability: .buildTool(),
            dependencies: ["cqrs-gen"]
        ),
        .plugin(
            name: "GenerateCQRSCode",
            capability: .command(
                intent: .custom(
                    verb: "generate-cqrs-code",
                    description: "Write the Swift generated from a target's *.cqrs.yaml specs into its source folder."
                ),
                permissions: [
                    .writeToPackageDirectory(reason: "Writes the generated Swift next to the target's specs.")
                ]
            ),
            dependencies: ["cqrs-gen"]
        ),

        // MARK: Benchmarks

        .executableTarget(
            name: "cqrs-benchmarks",
            dependencies: [
                "CQRS",
                "CQRSGenerator",
                "CQRSHummingbird",
                "CQRSPostgres",
                "CQRSSQLite",
                "CQRSSpec",
                "CYAML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Benchmarks/cqrs-benchmarks",
            // RuntimeShop/shop.cqrs.yaml (a copy of the shared sample): the benchmarks run the generated code.
            plugins: ["CQRSGeneratorPlugin"]
        ),

        // MARK: Tests

        .testTarget(
            name: "GeneratedCodeTests",
            dependencies: ["CQRS", "CQRSHummingbird", "CQRSTesting", "CQRSTestSupport"],
            plugins: ["CQRSGeneratorPlugin"]
        ),
        .testTarget(
            // Domains of our own (a clinic, a warehouse), generated by the plugin, with acceptance tests
            // written from their rules, on every store.
            name: "DomainTests",
            dependencies: ["CQRS", "CQRSHummingbird", "CQRSTesting", "CQRSSQLite", "CQRSPostgres", "CQRSTestSupport"],
            plugins: ["CQRSGeneratorPlugin"]
        ),
        .testTarget(
            // The DocC articles' code: shop.cqrs.yaml (a copy of Examples/Shop's spec) generated by the plugin,
            // the snippets compiled and run, and a check that every ```swift block of Sources/*/*.docc is here.
            name: "DocumentationTests",
            dependencies: [
                "CQRS", "CQRSTesting", "CQRSSQLite", "CQRSPostgres",
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            plugins: ["CQRSGeneratorPlugin"]
        ),
        .testTarget(
            name: "CQRSSpecTests",
            dependencies: ["CQRSSpec"]
        ),
        .testTarget(
            name: "CQRSGeneratorTests",
            dependencies: ["CQRSGenerator", "CQRSSpec", "CQRS"],
            exclude: ["References"]
        ),
        .executableTarget(
            name: "cqrs-postgres-worker",
            dependencies: ["CQRS", "CQRSPostgres"],
            path: "Tests/CQRSPostgresWorker"
        ),
        .executableTarget(
            name: "cqrs-state-writer",
            dependencies: ["CQRS", "CQRSPostgres", "CQRSSQLite", "CQRSTestSupport"],
            path: "Tests/CQRSStateWriter"
        ),
        .executableTarget(
            name: "cqrs-sqlite-crash-helper",
            dependencies: ["CQRS", "CQRSSQLite"],
            path: "Tests/CQRSSQLiteCrashHelper"
        ),
        .testTarget(
            name: "CQRSPayloadTests",
            dependencies: ["CQRSPayload"]
        ),
        // The runtime tests' fixtures, shared by the test targets below: Shop generated by the build plugin
        // from shop.cqrs.yaml (not a hand-written copy), its rules and handlers, and the stores under test.
        .target(
            name: "CQRSTestSupport",
            dependencies: [
                "CQRS",
                "CQRSHummingbird",
                "CQRSPostgres",
                "CQRSSQLite",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/CQRSTestSupport",
            plugins: ["CQRSGeneratorPlugin"]
        ),
        .testTarget(
            // The runtime, and the behavioural suite every store passes (parameterised by StoreKind).
            name: "CQRSTests",
            dependencies: [
                "CQRS",
                "CQRSTestSupport",
                "cqrs-state-writer",
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "CQRSSQLiteTests",
            dependencies: ["CQRS", "CQRSSQLite", "CQRSTestSupport", "cqrs-sqlite-crash-helper"]
        ),
        .testTarget(
            name: "CQRSPostgresTests",
            dependencies: [
                "CQRS",
                "CQRSPostgres",
                "CQRSTestSupport",
                "cqrs-postgres-worker",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "CQRSTestingTests",
            dependencies: ["CQRS", "CQRSTesting", "CQRSTestSupport"]
        ),
        .testTarget(
            name: "CQRSHummingbirdTests",
            dependencies: [
                "CQRS",
                "CQRSHummingbird",
                "CQRSTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "CQRSWebhooksTests",
            dependencies: [
                "CQRS",
                "CQRSWebhooks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
