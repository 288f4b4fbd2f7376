// TEMPORARY: replaced by the generator branch at merge.
public struct SampleGenerator: Sendable {
    public static let sampleStudents = 2815
    public static let sampleSeed: UInt64 = 2025
    public init(students: Int, seed: UInt64) {}
    public func write(to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {}
    public func json() -> [UInt8] { [] }
}
