/// What the `notify` statements of one session have done, for the script's exit status.
public struct NotifyRunState: Sendable {
    /// Messages already tried in this run, so a later `notify` does not retry them again.
    public var tried: Set<String> = []
    /// Messages left pending by this run's deliveries.
    public var pending: Set<String> = []
    /// Messages refused in this run.
    public var failed: Set<String> = []

    public init() {}

    /// Takes in the outcomes of one `notify`'s deliveries; a later outcome replaces an earlier one.
    public mutating func record(_ counts: NotifyCounts) {
        tried.formUnion(counts.tried)
        pending.subtract(counts.tried)
        failed.subtract(counts.tried)
        pending.formUnion(counts.pendingIDs)
        failed.formUnion(counts.failedIDs)
    }

    /// 0 when everything tried went through; 75 when something stays pending; 76 when something was refused.
    public var exitStatus: Int32 {
        if !failed.isEmpty { return ExitStatus.refused }
        if !pending.isEmpty { return ExitStatus.undelivered }
        return ExitStatus.ok
    }
}
