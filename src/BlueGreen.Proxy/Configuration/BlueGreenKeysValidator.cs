using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using FluentValidation;

namespace BlueGreen.Proxy.Configuration;

/// <summary>
/// Checks the raw <c>BlueGreen</c> section before it is bound, so that every key an operator wrote is either used or
/// reported: an unknown key (a typo such as <c>Destination</c>), a value where a section belongs, and a value that
/// does not convert (naming the valid values) are each one problem, all reported together. The binder alone would
/// stop at the first value it cannot convert and silently ignore unknown keys.
/// </summary>
internal sealed class BlueGreenKeysValidator : AbstractValidator<IConfigurationSection>
{
    public BlueGreenKeysValidator()
    {
        RuleFor(section => section).Custom((section, context) => CheckSection(section, typeof(BlueGreenOptions), context));
    }

    /// <summary>A section bound to an options class: every child must be one of its settable properties.</summary>
    private static void CheckSection(IConfigurationSection section, Type type, ValidationContext<IConfigurationSection> context)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        var known = string.Join(", ", properties.Select(p => p.Name));
        if (!string.IsNullOrEmpty(section.Value))
        {
            context.AddFailure(section.Path, $"'{section.Value}' is a value, but this key is a section; its keys are {known}.");
        }

        foreach (var child in section.GetChildren())
        {
            var property = properties.Find(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                context.AddFailure(child.Path, $"unknown key; the keys under {section.Path} are {known}.");
                continue;
            }

            CheckValue(child, property.PropertyType, context);
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, ValidationContext<IConfigurationSection> context)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            // Dictionary keys are free-form names (pools, destination ids); the rules decide which names are valid.
            if (!string.IsNullOrEmpty(section.Value))
            {
                context.AddFailure(section.Path, $"'{section.Value}' is a value, but this key is a section of named entries.");
            }

            foreach (var child in section.GetChildren())
            {
                CheckValue(child, type.GetGenericArguments()[1], context);
            }
        }
        else if (TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string)))
        {
            foreach (var child in section.GetChildren())
            {
                context.AddFailure(child.Path, $"unknown key; {section.Path} takes a value, not keys.");
            }

            if (section.Value is { } value && Problem(value, type) is { } problem)
            {
                context.AddFailure(section.Path, problem);
            }
        }
        else
        {
            CheckSection(section, type, context);
        }
    }

    /// <summary>Why <paramref name="value"/> does not convert to <paramref name="type"/>, or <see langword="null"/> when it does.</summary>
    private static string? Problem(string value, Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsEnum)
        {
            // Names only: the enum converter would also take numbers and comma-joined names, which no operator means.
            var names = Enum.GetNames(type);
            return names.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase)
                ? null
                : $"'{value}' is not valid; valid values: {string.Join(", ", names)}";
        }

        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            return type == typeof(bool) ? $"'{value}' is not valid; valid values: true, false"
                : type == typeof(TimeSpan) ? $"'{value}' is not a duration; write hh:mm:ss, e.g. 00:00:05"
                : type == typeof(decimal) || type == typeof(int) || type == typeof(long) || type == typeof(double)
                    ? $"'{value}' is not a number"
                : $"'{value}' cannot be read as {type.Name.ToLower(CultureInfo.InvariantCulture)}";
        }
    }
}
