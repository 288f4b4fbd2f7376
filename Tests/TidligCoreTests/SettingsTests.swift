import Testing
@testable import TidligCore

/// Settings declared once, as descriptors: name, type, default, help, where they apply.
@Suite struct SettingsTests {
    @Test func eachDefaultIsWhatAFreshSessionShows() {
        let fresh = Settings()
        for setting in Settings.descriptors {
            #expect(setting.value(of: fresh) == setting.defaultValue, "\(setting.name)")
            #expect(!setting.help.isEmpty && !setting.appliesTo.isEmpty, "\(setting.name)")
        }
        #expect(Set(Settings.descriptors.map(\.name)).count == Settings.descriptors.count)
    }

    @Test func setReadsThroughTheDescriptorAndShowsTheNewValue() {
        var settings = Settings()
        #expect(settings.set("threshold", to: "10") == nil)
        #expect(settings.threshold == 10)
        #expect(
            settings.set("threshold", to: "0")
                == "expected a whole number of days (1 or more), found '0'")
        #expect(settings.threshold == 10)
        #expect(settings.set("retries", to: "7") == nil)  // a notify setting, lifted into Settings
        #expect(settings.notify.retries == 7)
        #expect(
            settings.set("retries", to: "70")
                == "expected a number of tries from 1 to 20, found '70'")
        #expect(settings.set("tresholds", to: "1") == "unknown setting 'tresholds'")
        let shown = Dictionary(uniqueKeysWithValues: settings.values(dataAsOf: Day("2024-10-18")))
        #expect(
            shown["threshold"] == "10" && shown["retries"] == "7"
                && shown["asof"] == "data (2024-10-18)")
        #expect(settings.apply(["timing=on", "format=csv"]) == nil)
        #expect(settings.timing && settings.format == .csv)
        #expect(
            settings.apply(["little=-1"])
                == "--set little=-1: expected a whole number of documents, found '-1'")
    }

    @Test func valuesCompleteFromTheType() {
        #expect(
            Settings.descriptor(named: "format")?.completions == [
                "table", "csv", "json", "markdown",
            ])
        #expect(Settings.descriptor(named: "timing")?.completions == ["on", "off"])
        #expect(Settings.descriptor(named: "asof")?.completions == ["data"])
        #expect(Settings.descriptor(named: "threshold")?.completions == [])
    }
}
