using System.Globalization;

namespace BlueGreen.Cli.Parsing;

/// <summary>
/// Reads a rolling update's batch: a whole count of at least 1 (<c>2</c>) or a percentage above 0 and at most 100
/// (<c>20%</c>). Whether it leaves a destination of the pool in rotation is the server's rule (it knows the pool).
/// </summary>
public static class BatchSizeParser
{
    /// <summary>Reads <paramref name="text"/>.</summary>
    public static bool TryParse(string? text, out BatchSize batch, out string error)
    {
        batch = new BatchSize(null, null);
        error = $"'{text}' is not a batch; write a count of destinations such as 2 or a share of the pool such as 20%.";
        var value = text?.Trim() ?? "";
        if (value.EndsWith('%'))
        {
            if (!decimal.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
            {
                return false;
            }

            if (percent is <= 0 or > 100)
            {
                error = $"'{text}' is not a share of the pool; it must be above 0 % and at most 100 %.";
                return false;
            }

            batch = new BatchSize(null, percent);
            return true;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        if (count < 1)
        {
            error = $"'{text}' is not a count of destinations; a batch takes at least 1.";
            return false;
        }

        batch = new BatchSize(count, null);
        return true;
    }
}
