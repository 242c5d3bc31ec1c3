using System.Reflection;
using Dm.Benchmarks;

// Usage: dotnet run -c Release --project tests/Benchmarks [-- <name> ...]
// Without names, every benchmark runs. Each prints its figures and the target it is measured against.
// Every IBenchmark in this assembly is registered (e.g. cold-start: the published daemons' start to ready and RSS).
var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Contains("--list"))
{
    foreach (var b in benchmarks)
    {
        Console.WriteLine($"{b.Name,-24} {b.Description}");
    }

    return 0;
}

var unknown = args.Where(a => benchmarks.All(b => b.Name != a)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown benchmark(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}

var selected = args.Length == 0 ? benchmarks : benchmarks.Where(b => args.Contains(b.Name)).ToList();
foreach (var benchmark in selected)
{
    Console.WriteLine($"== {benchmark.Name}: {benchmark.Description}");
    await benchmark.RunAsync(Console.Out, CancellationToken.None);
    Console.WriteLine();
}

return 0;
