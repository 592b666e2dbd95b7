// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Shop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "shop", targets: ["shop"])
    ],
    dependencies: [
        .package(name: "swift-cqrs", path: "../..")
    ],
    targets: [
        // The domain: the spec, the business rules and the custom projection code.
        .target(
            name: "ShopDomain",
            dependencies: [.product(name: "CQRS", package: "swift-cqrs")],
            plugins: [.plugin(name: "CQRSGeneratorPlugin", package: "swift-cqrs")]
        ),
        // The program: places and pays orders, then prints the read models.
        .executableTarget(
            name: "shop",
            dependencies: [
                "ShopDomain",
                .product(name: "CQRS", package: "swift-cqrs"),
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
