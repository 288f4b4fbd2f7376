// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tidlig",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tidlig", targets: ["tidlig"]),
        .library(name: "TidligCore", targets: ["TidligCore"]),
    ],
    dependencies: [
        // Flags, subcommands, help and usage errors for the thin executable.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The notification ledger: SQLite through a well-kept Swift API (links Debian's libsqlite3).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        /// The whole product as a library: model, loader, language, analysis, notifications, session. No terminal I/O.
        .target(
            name: "TidligCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"), "CZlib", "CCurl", "CLibCrypto",
            ]
        ),
        /// libcurl, Debian's HTTP(S) client (OpenSSL, the system's trust store), for webhooks.
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        /// OpenSSL's libcrypto, for the webhook's HMAC-SHA-256 signature.
        .systemLibrary(
            name: "CLibCrypto",
            path: "Sources/CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        /// zlib, Debian's DEFLATE library, to inflate the parts of an .xlsx file.
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        /// libedit, Debian's BSD line editor, through a small non-variadic shim.
        .systemLibrary(
            name: "CLibEdit",
            path: "Sources/CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        /// Line readers: libedit on a terminal, plain lines otherwise.
        .target(name: "LineEditing", dependencies: ["CLibEdit", "TidligCore"]),
        /// The executable: flags and wiring only.
        .executableTarget(
            name: "tidlig",
            dependencies: [
                "TidligCore", "LineEditing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// Echoes lines read with EditLineReader; driven through a pseudo-terminal by the tests.
        .executableTarget(
            name: "tidlig-lineedit-probe", dependencies: ["LineEditing", "TidligCore"]),
        /// Golden transcript runner, line diff, pseudo-terminal harness, shared by the tests.
        .target(name: "TidligTestSupport", dependencies: ["TidligCore"]),
        .testTarget(
            name: "TidligCoreTests",
            // The probe is a dependency so that `swift test` builds it next to the test bundle.
            dependencies: ["TidligCore", "TidligTestSupport", "tidlig-lineedit-probe", "tidlig"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The fuzz driver, one executable for every entry point (FuzzEntry in TidligTestSupport; the
// target chosen by TIDLIG_FUZZ_TARGET). Only when TIDLIG_FUZZ is set: it needs
// `-sanitize=fuzzer`, which `scripts/fuzz` passes, in its own scratch path (.build-fuzz), so the
// normal build never sees it.
if Context.environment["TIDLIG_FUZZ"] != nil {
    package.targets.append(
        .executableTarget(
            name: "tidlig-fuzz", dependencies: ["TidligTestSupport"], path: "Tests/Fuzz/Driver"))
}
