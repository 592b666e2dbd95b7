// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Bank",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bank", targets: ["bank"])
    ],
    dependencies: [
        .package(name: "swift-cqrs", path: "../..")
    ],
    targets: [
        // The domain: the spec, the accounts' and transfers' rules, the workflow's compensations.
        .target(
            name: "BankDomain",
            dependencies: [.product(name: "CQRS", package: "swift-cqrs")],
            plugins: [.plugin(name: "CQRSGeneratorPlugin", package: "swift-cqrs")]
        ),
        // The program: opens accounts, runs transfers through the workflow, prints the read models.
        .executableTarget(
            name: "bank",
            dependencies: [
                "BankDomain",
                .product(name: "CQRS", package: "swift-cqrs"),
                .product(name: "CQRSSQLite", package: "swift-cqrs"),
                .product(name: "CQRSPostgres", package: "swift-cqrs"),
                .product(name: "CQRSWebhooks", package: "swift-cqrs"),
            ]
        ),
        .testTarget(
            name: "BankDomainTests",
            dependencies: [
                "BankDomain",
                .product(name: "CQRS", package: "swift-cqrs"),
                .product(name: "CQRSTesting", package: "swift-cqrs"),
                .product(name: "CQRSSQLite", package: "swift-cqrs"),
                .product(name: "CQRSPostgres", package: "swift-cqrs"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
