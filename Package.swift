// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Touchpoint",
    products: [
        .executable(name: "touchpoint", targets: ["touchpoint"]),
        .library(name: "TouchpointKit", targets: ["TouchpointKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // The library's targets are the compiler's pipeline, lowest first; each depends only on
        // those above it in this list, so an import that runs back up does not compile.
        .target(name: "TouchpointCore"),
        .target(
            name: "TouchpointFrontEnd",
            dependencies: ["TouchpointCore", "CYAML", "CMarkGFM"]
        ),
        .target(
            name: "TouchpointSchedule",
            dependencies: ["TouchpointFrontEnd", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "TouchpointMail",
            dependencies: ["TouchpointSchedule", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The Linux calls glibc declares only for `_GNU_SOURCE` (`renameat2`, `syncfs`, leases);
        // one file of the outbox imports it.
        .target(name: "CTouchpointSystem"),
        .target(
            name: "TouchpointOutbox",
            dependencies: ["TouchpointMail", "CTouchpointSystem", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "TouchpointKit",
            dependencies: ["TouchpointOutbox"]
        ),
        .executableTarget(
            name: "touchpoint",
            dependencies: [
                "TouchpointKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "TouchpointKitTests",
            dependencies: [
                "TouchpointKit",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Golden", "EMLGolden", "Recorded", "Example/expected-schedule.txt"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
