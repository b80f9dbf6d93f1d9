using System.Diagnostics.CodeAnalysis;
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
    // The Native AOT build trims the property lists this check reads unless each options type is named here;
    // BlueGreenKeysValidatorTests fails when an options type reachable from BlueGreenOptions is missing.
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(BlueGreenOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(ListenOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(AdminOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(TlsOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(PoolOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(InitialWeightsOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(StickinessOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(OverrideOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(HealthOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(ActiveHealthOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(PassiveHealthOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(FailoverOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(DrainOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(StateOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(LoggingOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(AnalysisOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(DemoOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(MirrorOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(ShutdownOptions))]
    public BlueGreenKeysValidator()
    {
        RuleFor(section => section).Custom((section, context) => CheckSection(section, typeof(BlueGreenOptions), context));
    }

    /// <summary>A section bound to an options class: every child must be one of its settable properties.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Every options type is kept by the constructor's DynamicDependency list.")]
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
        else if (ScalarSetting.Is(type))
        {
            foreach (var child in section.GetChildren())
            {
                context.AddFailure(child.Path, $"unknown key; {section.Path} takes a value, not keys.");
            }

            if (section.Value is { } value && ScalarSetting.Problem(value, type) is { } problem)
            {
                context.AddFailure(section.Path, problem);
            }
        }
        else
        {
            CheckSection(section, type, context);
        }
    }
}
