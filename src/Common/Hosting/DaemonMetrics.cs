using Prometheus;

namespace Dm.Hosting;

/// <summary>
/// The Prometheus registry of one daemon (prometheus-net): its own families plus the process and .NET GC figures. Each
/// daemon has a registry of its own, so the playground's three daemons in one process keep separate <c>/metrics</c>;
/// the process and GC figures are the process's, the same in each.
/// </summary>
public static class DaemonMetrics
{
    /// <summary>The content type of the Prometheus text exposition format that <c>/metrics</c> answers with.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// A new registry with prometheus-net's process collector (<c>process_cpu_seconds_total</c>,
    /// <c>process_working_set_bytes</c>, <c>dotnet_collection_count_total</c>, ...) and the GC heap figures the library
    /// does not give (<c>dotnet_gc_heap_size_bytes</c>, <c>dotnet_gc_committed_bytes</c>,
    /// <c>dotnet_gc_allocated_bytes_total</c>), all sampled when <c>/metrics</c> is read.
    /// </summary>
    public static CollectorRegistry NewRegistry()
    {
        var registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        var factory = Metrics.WithCustomRegistry(registry);
        var heap = factory.CreateGauge("dotnet_gc_heap_size_bytes", "GC heap size at the end of the last collection, in bytes.");
        var committed = factory.CreateGauge("dotnet_gc_committed_bytes", "Memory the GC has committed, in bytes.");
        var allocated = factory.CreateCounter("dotnet_gc_allocated_bytes_total", "Bytes allocated on the GC heap since the process started.");
        registry.AddBeforeCollectCallback(() =>
        {
            var memory = GC.GetGCMemoryInfo();
            heap.Set(memory.HeapSizeBytes);
            committed.Set(memory.TotalCommittedBytes);
            allocated.IncTo(GC.GetTotalAllocatedBytes());
        });
        return registry;
    }
}
