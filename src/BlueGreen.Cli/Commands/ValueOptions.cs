using System.CommandLine;
using System.CommandLine.Parsing;
using BlueGreen.Cli.Parsing;

namespace BlueGreen.Cli.Commands;

/// <summary>Options whose values are checked while parsing, so a bad value is a usage error (exit 2) naming the option.</summary>
public static class ValueOptions
{
    /// <summary>A duration option (<c>30s</c>, <c>5m</c>, <c>00:00:30</c>); positive, or with <paramref name="allowZero"/> also <c>0s</c>.</summary>
    public static Option<TimeSpan?> Duration(string name, string description, bool allowZero = false) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = result => Parse(result, name, (string? text, out TimeSpan? value, out string error) =>
        {
            var ok = DurationParser.TryParse(text, out var duration, out error, allowZero);
            value = duration;
            return ok;
        }),
    };

    /// <summary>A steps option read by <paramref name="parser"/>.</summary>
    public static Option<IReadOnlyList<decimal>?> Steps(string name, string description, string helpName, TryParser<IReadOnlyList<decimal>> parser) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result => Parse(result, name, (string? text, out IReadOnlyList<decimal>? value, out string error) =>
        {
            var ok = parser(text, out var steps, out error);
            value = steps;
            return ok;
        }),
    };

    /// <summary>The <c>--ramp-down PERCENT/INTERVAL</c> option.</summary>
    public static Option<RampDown?> RampDown(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "PERCENT/INTERVAL",
        CustomParser = result => Parse(result, name, (string? text, out RampDown? value, out string error) =>
        {
            var ok = RampDownParser.TryParse(text, out var rampDown, out error);
            value = rampDown;
            return ok;
        }),
    };

    /// <summary>A rolling update's batch option: a count (<c>2</c>) or a share of the pool (<c>20%</c>).</summary>
    public static Option<BatchSize?> Batch(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "COUNT|PERCENT%",
        CustomParser = result => Parse(result, name, (string? text, out BatchSize? value, out string error) =>
        {
            var ok = BatchSizeParser.TryParse(text, out var batch, out error);
            value = batch;
            return ok;
        }),
    };

    /// <summary>A parser in the <c>TryParse</c> shape.</summary>
    public delegate bool TryParser<T>(string? text, out T value, out string error);

    private delegate bool NullableParser<T>(string? text, out T? value, out string error);

    private static T? Parse<T>(ArgumentResult result, string name, NullableParser<T> parser)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (parser(text, out var value, out var error))
        {
            return value;
        }

        result.AddError(error.StartsWith("--", StringComparison.Ordinal) ? error : $"{name}: {error}");
        return default;
    }
}
