// The libFuzzer driver of every fuzz target (built only by scripts/fuzz; see FuzzEntry): the
// target is named by TIDLIG_FUZZ_TARGET (loader, statement, policy, import).
#if canImport(Glibc)
    import Glibc
#endif
import TidligTestSupport

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The target, read once.
let target: String = getenv("TIDLIG_FUZZ_TARGET").map { String(cString: $0) } ?? ""

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntry.run(target, UnsafeBufferPointer(start: data, count: size))
    return 0
}

// SwiftPM links an executable's entry point as main, so libFuzzer is started from here.
@main enum Driver {
    static func main() {
        guard FuzzEntry.targets.contains(target) else {
            let message =
                "tidlig-fuzz: set TIDLIG_FUZZ_TARGET to one of \(FuzzEntry.targets.joined(separator: ", "))\n"
            _ = message.utf8CString.withUnsafeBufferPointer {
                write(2, $0.baseAddress, $0.count - 1)
            }
            exit(64)
        }
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runDriver(&argc, &argv, testOneInput))
    }
}
