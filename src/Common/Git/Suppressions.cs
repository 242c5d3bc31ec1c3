using System.Diagnostics.CodeAnalysis;

// Every log call in the git layer sits next to a git process that costs milliseconds; evaluating a property or boxing
// an exit code for a disabled log level is noise next to that, and guarding each call would hide the structure.
[assembly: SuppressMessage("Performance", "CA1873:Avoid potentially expensive logging", Scope = "namespaceanddescendants", Target = "~N:Dm.Git", Justification = "Log arguments are trivial next to the git process each call reports on.")]
