using Microsoft.Extensions.Options;

namespace Dm.Transitioner.Hosting;

/// <summary>Checks <see cref="TransitionerOptions"/> at start, naming every bad setting (<see cref="TransitionerOptions.Validate"/>).</summary>
internal sealed class TransitionerOptionsValidator : IValidateOptions<TransitionerOptions>
{
    public ValidateOptionsResult Validate(string? name, TransitionerOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
