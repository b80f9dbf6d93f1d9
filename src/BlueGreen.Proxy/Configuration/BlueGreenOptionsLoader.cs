namespace BlueGreen.Proxy.Configuration;

/// <summary>Binds the <c>BlueGreen</c> section and validates it, turning every problem into one clear line.</summary>
internal static class BlueGreenOptionsLoader
{
    /// <summary>Binds and validates; <paramref name="adjust"/> runs between the two (the demo fills in its pools there).</summary>
    /// <exception cref="InvalidConfigurationException">Binding failed or validation found problems.</exception>
    public static BlueGreenOptions Load(IConfiguration configuration, Action<BlueGreenOptions>? adjust = null)
    {
        var options = new BlueGreenOptions();
        try
        {
            configuration.GetSection(BlueGreenOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the value it could not convert, e.g. a TimeSpan or an enum.
            throw new InvalidConfigurationException([ex.InnerException is null ? ex.Message : $"{ex.Message} {ex.InnerException.Message}"]);
        }

        adjust?.Invoke(options);

        var result = new BlueGreenOptionsValidator().Validate(options);
        if (!result.IsValid)
        {
            throw new InvalidConfigurationException(
                result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}").ToList());
        }

        return options;
    }
}
