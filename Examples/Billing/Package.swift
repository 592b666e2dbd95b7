// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Billing",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "billing", targets: ["billing"])
    ],
    dependencies: [
        .package(name: "swift-cqrs", path: "../..")
    ],
    targets: [
        // The domain: subscriptions kept as rows (storage: state) and invoices kept as events, in one spec.
        .target(
            name: "BillingDomain",
            dependencies: [.product(name: "CQRS", package: "swift-cqrs")],
            plugins: [.plugin(name: "CQRSGeneratorPlugin", package: "swift-cqrs")]
        ),
        // The program: subscribes, changes seats, invoices, and prints the confirmations and read models.
        .executableTarget(
            name: "billing",
            dependencies: [
                "BillingDomain",
                .product(name: "CQRS", package: "swift-cqrs"),
                .product(name: "CQRSSQLite", package: "swift-cqrs"),
                .product(name: "CQRSPostgres", package: "swift-cqrs"),
            ]
        ),
        .testTarget(
            name: "BillingDomainTests",
            dependencies: [
                "BillingDomain",
                .product(name: "CQRS", package: "swift-cqrs"),
                .product(name: "CQRSSQLite", package: "swift-cqrs"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
