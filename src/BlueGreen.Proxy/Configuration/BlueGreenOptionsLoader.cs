using FluentValidation.Results;

namespace BlueGreen.Proxy.Configuration;

/// <summary>Checks the keys, binds the <c>BlueGreen</c> section and validates it, turning every problem into one clear line.</summary>
internal static class BlueGreenOptionsLoader
{
    /// <summary>Binds and validates; <paramref name="adjust"/> runs between the two (the demo fills in its pools there).</summary>
    /// <exception cref="InvalidConfigurationException">Keys, values or rules have problems; every one is reported.</exception>
    public static BlueGreenOptions Load(IConfiguration configuration, Action<BlueGreenOptions>? adjust = null)
    {
        var section = configuration.GetSection(BlueGreenOptions.SectionName);
        var keyProblems = new BlueGreenKeysValidator().Validate(section).Errors;
        var problems = keyProblems.Select(Line).ToList();

        // The keys with problems are left out of binding, so the rules still check everything else in the same run.
        var options = new BlueGreenOptions();
        try
        {
            Without(section, keyProblems.Select(p => p.PropertyName).ToList()).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // Not expected after the key check, but a binder failure must still be one line, not a crash.
            problems.Add(ex.InnerException is null ? ex.Message : $"{ex.Message} {ex.InnerException.Message}");
        }

        adjust?.Invoke(options);

        problems.AddRange(new BlueGreenOptionsValidator().Validate(options).Errors.Select(Line));
        if (problems.Count > 0)
        {
            throw new InvalidConfigurationException(problems);
        }

        return options;
    }

    private static string Line(ValidationFailure failure) => $"{failure.PropertyName}: {failure.ErrorMessage}";

    private static IConfigurationSection Without(IConfigurationSection section, List<string> badKeys)
    {
        if (badKeys.Count == 0)
        {
            return section;
        }

        var kept = section.AsEnumerable().Where(setting => !badKeys.Exists(bad =>
            string.Equals(setting.Key, bad, StringComparison.OrdinalIgnoreCase) ||
            setting.Key.StartsWith(bad + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)));
        return new ConfigurationBuilder().AddInMemoryCollection(kept).Build().GetSection(section.Path);
    }
}
