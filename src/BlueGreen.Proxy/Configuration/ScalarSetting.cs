using System.Globalization;

namespace BlueGreen.Proxy.Configuration;

/// <summary>
/// The value types an options property may have, and whether a configuration string reads as one. Written out rather
/// than asked of <c>TypeDescriptor</c>, whose converters are trimmed away in the Native AOT build; the rules are the
/// binder's: invariant culture, enum names case-insensitive.
/// </summary>
internal static class ScalarSetting
{
    /// <summary>Whether <paramref name="type"/> is set from one string rather than from a section of keys.</summary>
    public static bool Is(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsEnum || type == typeof(string) || type == typeof(bool) || type == typeof(TimeSpan) || IsNumber(type);
    }

    /// <summary>Why <paramref name="value"/> does not read as <paramref name="type"/>, or <see langword="null"/> when it does.</summary>
    public static string? Problem(string value, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            // Names only: the binder would also take numbers and comma-joined names, which no operator means.
            var names = Enum.GetNames(type);
            return names.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase)
                ? null
                : $"'{value}' is not valid; valid values: {string.Join(", ", names)}";
        }

        var invariant = CultureInfo.InvariantCulture;
        return type == typeof(string) ? null
            : type == typeof(bool) ? bool.TryParse(value, out _) ? null : $"'{value}' is not valid; valid values: true, false"
            : type == typeof(TimeSpan) ? TimeSpan.TryParse(value, invariant, out _) ? null : $"'{value}' is not a duration; write hh:mm:ss, e.g. 00:00:05"
            : type == typeof(int) ? int.TryParse(value, NumberStyles.Integer, invariant, out _) ? null : NotANumber(value)
            : type == typeof(long) ? long.TryParse(value, NumberStyles.Integer, invariant, out _) ? null : NotANumber(value)
            : type == typeof(decimal) ? decimal.TryParse(value, NumberStyles.Float, invariant, out _) ? null : NotANumber(value)
            : type == typeof(double) ? double.TryParse(value, NumberStyles.Float, invariant, out _) ? null : NotANumber(value)
            : throw new ArgumentException($"{type.Name} is not a setting type", nameof(type));
    }

    private static bool IsNumber(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double);

    private static string NotANumber(string value) => $"'{value}' is not a number";
}
