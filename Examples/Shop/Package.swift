// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Shop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "shop", targets: ["shop"])
    ],
    dependencies: [
        .package(name: "swift-cqrs", path: "../.."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // The domain: the spec, the business rules and the custom projection code. Its
        // cqrs-generator-config.yaml turns on the HTTP API, which CQRSHummingbird serves.
        .target(
            name: "ShopDomain",
            dependencies: [
                .product(name: "CQRS", package: "swift-cqrs"),
                .product(name: "CQRSHummingbird", package: "swift-cqrs"),
            ],
            plugins: [.plugin(name: "CQRSGeneratorPlugin", package: "swift-cqrs")]
        ),
        // The program: `shop` places and pays orders, then prints the read models; `shop serve`
        // serves the HTTP API.
        .executableTarget(
            name: "shop",
            dependencies: [
                "ShopDomain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CQRS", package: "swift-cqrs"),
                .product(name: "CQRSHummingbird", package: "swift-cqrs"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CQRSSQLite", package: "swift-cqrs"),
                .product(name: "CQRSPostgres", package: "swift-cqrs"),
            ]
        ),
        .testTarget(
            name: "ShopDomainTests",
            dependencies: [
                "ShopDomain",
                .product(name: "CQRS", package: "swift-cqrs"),
                .product(name: "CQRSTesting", package: "swift-cqrs"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
