namespace BlueGreen.Cli.Parsing;

/// <summary>A staged return to the stable pool: the canary loses <see cref="Percent"/> % of its share every <see cref="Interval"/>.</summary>
public sealed record RampDown(decimal Percent, TimeSpan Interval);
