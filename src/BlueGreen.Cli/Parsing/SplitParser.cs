using System.Globalization;

namespace BlueGreen.Cli.Parsing;

/// <summary>
/// Reads <c>BLUE/GREEN</c> weights such as <c>95/5</c> or <c>99.5/0.5</c>. Only the form is checked here; whether they
/// sum to 100 is the server's rule, and its refusal names the field.
/// </summary>
public static class SplitParser
{
    /// <summary>Reads <paramref name="text"/>.</summary>
    public static bool TryParse(string? text, out Split split, out string error)
    {
        split = new Split(0, 0);
        error = $"'{text}' is not a split; write the weights as BLUE/GREEN, e.g. 95/5.";
        var parts = text?.Split('/', StringSplitOptions.TrimEntries);
        if (parts is not [var blue, var green] ||
            !decimal.TryParse(blue, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var b) ||
            !decimal.TryParse(green, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var g))
        {
            return false;
        }

        split = new Split(b, g);
        return true;
    }
}
