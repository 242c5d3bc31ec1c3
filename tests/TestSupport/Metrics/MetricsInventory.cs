namespace Dm.TestSupport.Metrics;

/// <summary>
/// The metric inventory of docs/metrics.md: every table row <c>| `name` | type | labels | help |</c> under a
/// <c>## Deployer</c>, <c>## Transitioner</c>, <c>## Aggregator</c> or <c>## Every daemon</c> heading.
/// </summary>
public static class MetricsInventory
{
    /// <summary>docs/metrics.md of the repository these tests were built from.</summary>
    public static string DocsPath => Path.Combine(SourceTree.Root, "docs", "metrics.md");

    public static IReadOnlyList<DocumentedMetric> Load() => Parse(File.ReadAllText(DocsPath));

    public static IReadOnlyList<DocumentedMetric> Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var metrics = new List<DocumentedMetric>();
        string? daemon = null;
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                daemon = null;
                continue;
            }

            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                var word = line[3..].Split(' ', ':')[0].ToLowerInvariant();
                daemon = word is "deployer" or "transitioner" or "aggregator" ? word : word == "every" ? DocumentedMetric.EveryDaemon : null;
                continue;
            }

            if (daemon is null || !line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length != 4)
            {
                throw new FormatException($"A metric row of docs/metrics.md needs 4 cells: {line}");
            }

            var labels = cells[2] == "—" ? [] : cells[2].Split(',').Select(l => l.Trim().Trim('`')).ToArray();
            metrics.Add(new DocumentedMetric(cells[0].Trim('`'), cells[1], labels, cells[3], daemon));
        }

        return metrics;
    }

    /// <summary>The families <paramref name="daemon"/> serves: its own and every daemon's.</summary>
    public static IReadOnlyList<DocumentedMetric> For(string daemon) =>
        [.. Load().Where(m => m.Daemon == daemon || m.Daemon == DocumentedMetric.EveryDaemon)];

    /// <summary>
    /// Scrapes with <paramref name="scrape"/> and <see cref="Check"/>s the answer. prometheus-net writes a histogram's
    /// buckets and its <c>_count</c> without one lock, so a scrape that overlaps an observation (a daemon's round ending
    /// meanwhile) can show <c>_count</c> one behind the <c>+Inf</c> bucket; such a scrape is taken again (5 at most).
    /// Every other format problem fails at once.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, ExpositionFamily>> ScrapeAndCheckAsync(Func<Task<string>> scrape, string daemon)
    {
        ArgumentNullException.ThrowIfNull(scrape);
        for (var attempt = 1; ; attempt++)
        {
            var exposition = await scrape();
            try
            {
                return Check(exposition, daemon);
            }
            catch (FormatException e) when (attempt < 5 && e.Message.Contains("is not the +Inf bucket's", StringComparison.Ordinal))
            {
                // A histogram caught mid-update: scrape again.
            }
        }
    }

    /// <summary>
    /// Parses <paramref name="exposition"/> with the text-format rules and checks it against the inventory of
    /// <paramref name="daemon"/>: the same family names, each with the documented type and help, and the documented
    /// label names on every sample. Returns the families by name, for the caller's own checks.
    /// </summary>
    public static IReadOnlyDictionary<string, ExpositionFamily> Check(string exposition, string daemon)
    {
        var families = PrometheusTextParser.Parse(exposition).ToDictionary(f => f.Name, StringComparer.Ordinal);
        var documented = For(daemon).ToDictionary(m => m.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        problems.AddRange(families.Keys.Except(documented.Keys).Select(n => $"{n} is served but not in docs/metrics.md for {daemon}"));
        problems.AddRange(documented.Keys.Except(families.Keys).Select(n => $"{n} is in docs/metrics.md for {daemon} but not served"));
        foreach (var (name, family) in families)
        {
            if (!documented.TryGetValue(name, out var doc))
            {
                continue;
            }

            if (family.Type != doc.Type)
            {
                problems.Add($"{name} is a {family.Type}, documented as a {doc.Type}");
            }

            if (family.Help != doc.Help)
            {
                problems.Add($"{name} has the help \"{family.Help}\", documented as \"{doc.Help}\"");
            }

            var expected = string.Join(",", doc.Labels.Order(StringComparer.Ordinal));
            foreach (var sample in family.Samples)
            {
                var labels = string.Join(",", sample.Labels.Select(l => l.Key).Where(k => k != "le").Order(StringComparer.Ordinal));
                if (labels != expected)
                {
                    problems.Add($"{sample.Name} has the labels ({labels}), documented ({expected})");
                    break;
                }
            }
        }

        return problems.Count == 0
            ? families
            : throw new InvalidOperationException($"/metrics of the {daemon} does not match docs/metrics.md:\n" + string.Join("\n", problems));
    }
}
