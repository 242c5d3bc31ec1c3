using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Performance", "CA1873:Avoid potentially expensive logging", Scope = "namespaceanddescendants", Target = "~N:Dm.Aggregator", Justification = "Log arguments are trivial next to the git processes and HTTP calls each log line reports on.")]
