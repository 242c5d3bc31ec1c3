using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Performance", "CA1873:Avoid potentially expensive logging", Scope = "namespaceanddescendants", Target = "~N:Dm.Hosting.Election", Justification = "Log arguments are fields and strings; each log line reports on an HTTP call to the API server.")]
