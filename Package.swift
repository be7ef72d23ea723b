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
        // The one-click unsubscribe endpoint's HTTP server, and the packages of its stack that
        // `touchpoint serve` names itself (header fields, the bound address, the log). Only TouchpointServe
        // depends on them: the compiler's library does not link a network stack.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
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
        // What comes back from the patients: the serve log, bounces, complaints and unsubscribe
        // mail, resolved against the contact lists into lines of the suppression file.
        .target(
            name: "TouchpointFeedback",
            dependencies: ["TouchpointSchedule", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "TouchpointKit",
            dependencies: ["TouchpointOutbox", "TouchpointFeedback"]
        ),
        // `touchpoint review`: the static, offline site of a schedule — calendar, campaigns, messages
        // as built, what changed — and its approval.
        .target(
            name: "TouchpointReview",
            dependencies: ["TouchpointKit", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // `touchpoint serve`: the one-click unsubscribe endpoint, on Hummingbird.
        .target(
            name: "TouchpointServe",
            dependencies: [
                "TouchpointKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The fuzzing harnesses (docs/fuzzing.md): the properties each part must keep, which the
        // suite replays over every corpus, and one small executable per part for libFuzzer. Built
        // as `make fuzz` builds them (`--sanitize fuzzer`, FUZZING defined) they are libFuzzer
        // targets; built as usual they replay the files named on their command line.
        .target(
            name: "TouchpointFuzz",
            dependencies: ["TouchpointKit"]
        ),
        .executableTarget(name: "fuzz-yaml", dependencies: ["TouchpointFuzz"]),
        .executableTarget(name: "fuzz-csv", dependencies: ["TouchpointFuzz"]),
        .executableTarget(name: "fuzz-template", dependencies: ["TouchpointFuzz"]),
        .executableTarget(name: "fuzz-expression", dependencies: ["TouchpointFuzz"]),
        .executableTarget(name: "fuzz-mime", dependencies: ["TouchpointFuzz"]),
        .executableTarget(name: "fuzz-practice", dependencies: ["TouchpointFuzz"]),
        .executableTarget(
            name: "touchpoint",
            dependencies: [
                "TouchpointKit",
                "TouchpointReview",
                "TouchpointServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "TouchpointKitTests",
            dependencies: [
                "TouchpointKit",
                "TouchpointReview",
                "TouchpointFuzz",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Golden", "EMLGolden", "FeedbackGolden", "Recorded", "Example/expected-schedule.txt"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
