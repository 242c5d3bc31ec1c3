namespace Dm.Benchmarks;

/// <summary>A benchmark run on demand: measures and prints its figures (with the target next to each) and returns normally.</summary>
public interface IBenchmark
{
    /// <summary>Short name used on the command line, e.g. <c>repo-read</c>.</summary>
    string Name { get; }

    string Description { get; }

    Task RunAsync(TextWriter output, CancellationToken cancellationToken);
}
