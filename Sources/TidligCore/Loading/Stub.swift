// TEMPORARY: replaced by the loader and generator branches at merge.
public struct LoadError: Error, Sendable, CustomStringConvertible {
    public var source = "", line = 0, column = 0, path = "", message = "", isIOError = false
    public var description: String { message }
}
public enum DataSetLoader {
    public static func load(path: String) throws(LoadError) -> DataSet { throw LoadError(message: "stub") }
    public static func load(bytes: [UInt8], source: String) throws(LoadError) -> DataSet { throw LoadError(message: "stub") }
}
public struct SampleGenerator: Sendable {
    public static let sampleStudents = 2815
    public static let sampleSeed: UInt64 = 2025
    public init(students: Int, seed: UInt64) {}
    public func write(to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {}
    public func json() -> [UInt8] { [] }
}
