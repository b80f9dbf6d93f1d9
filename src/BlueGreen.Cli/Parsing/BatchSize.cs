using System.Globalization;

namespace BlueGreen.Cli.Parsing;

/// <summary>How many destinations each batch of a rolling update takes: a count (<c>2</c>) or a share of the pool (<c>20%</c>).</summary>
public sealed record BatchSize(int? Count, decimal? Percent)
{
    /// <summary>The API's form: a count as a number, a share as a string such as <c>"20%"</c>.</summary>
    public object ToApi() => Count is { } count ? count : string.Create(CultureInfo.InvariantCulture, $"{Percent}%");
}
