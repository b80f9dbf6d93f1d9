using System.Globalization;

namespace BlueGreen.Cli.Parsing;

/// <summary>
/// Reads durations as operators write them — <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c> (also combined, <c>1m30s</c>)
/// or the API's own <c>hh:mm:ss[.fff]</c> — and writes them in the API's <c>hh:mm:ss[.fff]</c> form.
/// </summary>
public static class DurationParser
{
    /// <summary>
    /// Reads <paramref name="text"/>, a positive duration or, with <paramref name="allowZero"/>, also zero (<c>0s</c>);
    /// on failure <paramref name="error"/> says what is accepted.
    /// </summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string error, bool allowZero = false)
    {
        duration = TimeSpan.Zero;
        error = $"'{text}' is not a duration; write it as 500ms, 30s, 5m, 1h (or combined, 1m30s) or hh:mm:ss.";
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        if (value.Contains(':', StringComparison.Ordinal))
        {
            if (!TimeSpan.TryParseExact(value, ["c", @"hh\:mm\:ss", @"hh\:mm\:ss\.FFFFFFF"], CultureInfo.InvariantCulture, out duration) ||
                duration < TimeSpan.Zero || (duration == TimeSpan.Zero && !allowZero))
            {
                return false;
            }

            return true;
        }

        var total = TimeSpan.Zero;
        var i = 0;
        while (i < value.Length)
        {
            var start = i;
            while (i < value.Length && (char.IsAsciiDigit(value[i]) || value[i] == '.'))
            {
                i++;
            }

            var unitStart = i;
            while (i < value.Length && char.IsAsciiLetter(value[i]))
            {
                i++;
            }

            if (start == unitStart || unitStart == i ||
                !decimal.TryParse(value.AsSpan(start, unitStart - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unit = value[unitStart..i].ToLowerInvariant();
            decimal? milliseconds = unit switch
            {
                "ms" => number,
                "s" => number * 1000,
                "m" => number * 60_000,
                "h" => number * 3_600_000,
                _ => null,
            };
            if (milliseconds is not { } ms)
            {
                return false;
            }

            total += TimeSpan.FromTicks((long)(ms * TimeSpan.TicksPerMillisecond));
        }

        if (total == TimeSpan.Zero && !allowZero)
        {
            error = $"'{text}' is not a positive duration; write it as 500ms, 30s, 5m, 1h or hh:mm:ss.";
            return false;
        }

        duration = total;
        return true;
    }

    /// <summary>The API's form: <c>hh:mm:ss</c>, with <c>.fff</c> when there are milliseconds and <c>d.</c> beyond a day.</summary>
    public static string Format(TimeSpan duration)
    {
        var days = duration.Days > 0 ? string.Create(CultureInfo.InvariantCulture, $"{duration.Days}.") : "";
        var time = duration.Milliseconds > 0
            ? duration.ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture)
            : duration.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        return days + time;
    }
}
