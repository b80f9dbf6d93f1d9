using System.Globalization;

namespace BlueGreen.Cli.Parsing;

/// <summary>
/// Rollout steps: a list such as <c>5,25,50,100</c> (percentages, at most two decimals, strictly increasing, ending at
/// 100), or the CodeDeploy-style shorthands <c>--linear 10</c> (10, 20, …, 100) and <c>--canary 10</c> (10, 100).
/// </summary>
public static class StepsParser
{
    /// <summary>Reads a comma-separated list of steps.</summary>
    public static bool TryParse(string? text, out IReadOnlyList<decimal> steps, out string error)
    {
        steps = [];
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "--steps needs a list of percentages such as 5,25,50,100.";
            return false;
        }

        var list = new List<decimal>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TryPercent(part, out var step))
            {
                error = $"'{part}' in --steps is not a percentage (0.01 to 100, at most two decimals).";
                return false;
            }

            if (list.Count > 0 && step <= list[^1])
            {
                error = $"--steps must be strictly increasing: {step.ToString(CultureInfo.InvariantCulture)} follows {list[^1].ToString(CultureInfo.InvariantCulture)}.";
                return false;
            }

            list.Add(step);
        }

        if (list[^1] != 100)
        {
            error = "--steps must end at 100 (the promotion).";
            return false;
        }

        steps = list;
        return true;
    }

    /// <summary><c>--linear N</c>: N, 2N, … up to 100 (100 is always the last step).</summary>
    public static bool TryLinear(string? text, out IReadOnlyList<decimal> steps, out string error)
    {
        steps = [];
        error = $"--linear takes the percentage added at each step (0.01 to 100, at most two decimals), not '{text}'.";
        if (!TryPercent(text, out var increment))
        {
            return false;
        }

        var list = new List<decimal>();
        for (var step = increment; step < 100; step += increment)
        {
            list.Add(step);
        }

        list.Add(100);
        steps = list;
        return true;
    }

    /// <summary><c>--canary N</c>: N, then 100.</summary>
    public static bool TryCanary(string? text, out IReadOnlyList<decimal> steps, out string error)
    {
        steps = [];
        error = $"--canary takes the canary's percentage before the promotion (0.01 to 99.99, at most two decimals), not '{text}'.";
        if (!TryPercent(text, out var first) || first >= 100)
        {
            return false;
        }

        steps = [first, 100];
        return true;
    }

    private static bool TryPercent(string? text, out decimal value) =>
        decimal.TryParse(text?.Trim().TrimEnd('%'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) &&
        value > 0 && value <= 100 && decimal.Round(value, 2) == value;
}
