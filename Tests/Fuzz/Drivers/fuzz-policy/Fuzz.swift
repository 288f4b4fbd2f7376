// libFuzzer driver for the 'policy' target (built only by scripts/fuzz; see FuzzEntry).
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

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntry.policy(UnsafeBufferPointer(start: data, count: size))
    return 0
}

// SwiftPM links an executable's entry point as main, so libFuzzer is started from here.
@main enum Driver {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runDriver(&argc, &argv, testOneInput))
    }
}
