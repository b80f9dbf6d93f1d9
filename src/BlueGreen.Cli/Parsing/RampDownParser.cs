using System.Globalization;

namespace BlueGreen.Cli.Parsing;

/// <summary>Reads <c>--ramp-down PERCENT/INTERVAL</c>, e.g. <c>50/5s</c>.</summary>
public static class RampDownParser
{
    /// <summary>Reads <paramref name="text"/>.</summary>
    public static bool TryParse(string? text, out RampDown rampDown, out string error)
    {
        rampDown = new RampDown(0, TimeSpan.Zero);
        error = $"'{text}' is not a ramp down; write PERCENT/INTERVAL, e.g. 50/5s.";
        if (text?.Split('/', StringSplitOptions.TrimEntries) is not [var percentText, var intervalText] ||
            !decimal.TryParse(percentText.TrimEnd('%'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) ||
            percent <= 0 || percent > 100)
        {
            return false;
        }

        if (!DurationParser.TryParse(intervalText, out var interval, out var durationError))
        {
            error = $"--ramp-down: {durationError}";
            return false;
        }

        rampDown = new RampDown(percent, interval);
        return true;
    }
}
