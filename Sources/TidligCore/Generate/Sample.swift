/// The built-in sample: Nes, 2815 synthetic students, made by `SampleGenerator`.
public enum Sample {
    /// Generates and loads the sample (through the same loader as any file).
    public static func load() throws(LoadError) -> DataSet {
        let generator = SampleGenerator(
            students: SampleGenerator.sampleStudents, seed: SampleGenerator.sampleSeed)
        return try DataSetLoader.load(bytes: generator.json(), source: "<sample>")
    }

    /// The generator of one school year (`tidlig/1`, as the sample), or of several (`tidlig/2`).
    /// With `lines`, the generator writes JSON Lines: the header on line 1, then one student a line.
    public static func generator(students: Int, years: Int, seed: UInt64, lines: Bool = false)
        -> any DataGenerator
    {
        if years == 1 {
            var generator = SampleGenerator(students: students, seed: seed)
            generator.lines = lines
            return generator
        }
        var generator = MultiYearGenerator(students: students, years: years, seed: seed)
        generator.lines = lines
        return generator
    }

    /// Streams a generated data set to `path` (mode 0600, replaced atomically), or to standard output.
    public static func write(_ generator: some DataGenerator, to path: String?) throws {
        guard let path else {
            try generator.write { chunk in try SecureFile.writeAll(1, chunk) }
            return
        }
        try SecureFile.write(path: path) { sink in try generator.write(to: sink) }
    }
}
