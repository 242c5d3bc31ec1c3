namespace Dm.Common.Metrics;

/// <summary>
/// The process and .NET GC figures an operator watches a daemon's footprint with, under the names Prometheus client
/// libraries use: resident memory, CPU time, GC heap and committed bytes, collections per generation. Sampled when
/// <c>/metrics</c> is read; several daemons in one process (the playground) report the same process.
/// </summary>
public static class ProcessMetrics
{
    /// <summary>Registers the process families in <paramref name="registry"/> (once per registry; a second call is a no-op).</summary>
    public static void Register(MetricsRegistry registry)
    {
        var resident = registry.Gauge("process_resident_memory_bytes", "Resident memory size in bytes.");
        var cpu = registry.Counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        var heap = registry.Gauge("dotnet_gc_heap_size_bytes", "GC heap size at the end of the last collection, in bytes.");
        var committed = registry.Gauge("dotnet_gc_committed_bytes", "Memory the GC has committed, in bytes.");
        var allocated = registry.Counter("dotnet_gc_allocated_bytes_total", "Bytes allocated on the GC heap since the process started.");
        var collections = registry.Counter("dotnet_gc_collections_total", "Garbage collections since the process started, per generation.", "generation");
        registry.SampleOnRender(nameof(ProcessMetrics), () =>
        {
            resident.Set(Environment.WorkingSet);
            cpu.Sample(Environment.CpuUsage.TotalTime.TotalSeconds);
            var memory = GC.GetGCMemoryInfo();
            heap.Set(memory.HeapSizeBytes);
            committed.Set(memory.TotalCommittedBytes);
            allocated.Sample(GC.GetTotalAllocatedBytes());
            for (var generation = 0; generation <= GC.MaxGeneration; generation++)
            {
                collections.Sample(GC.CollectionCount(generation), generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        });
    }
}
