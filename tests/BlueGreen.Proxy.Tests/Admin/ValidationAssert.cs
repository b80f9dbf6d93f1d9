using FluentValidation.Results;

namespace BlueGreen.Proxy.Tests.Admin;

/// <summary>Assertions on validation results by field name, the way the admin plane reports them in <c>errors</c>.</summary>
internal static class ValidationAssert
{
    /// <summary>Asserts that the result has no errors, listing them when it has.</summary>
    public static void Valid(ValidationResult result) =>
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));

    /// <summary>Asserts that the result is invalid and every error names <paramref name="field"/>.</summary>
    public static void OnlyField(ValidationResult result, string field)
    {
        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal(field, e.PropertyName));
    }

    /// <summary>Asserts that the errors name exactly <paramref name="fields"/>, in any order.</summary>
    public static void Fields(ValidationResult result, params string[] fields) =>
        Assert.Equal(
            fields.Order(StringComparer.Ordinal),
            result.Errors.Select(e => e.PropertyName).Distinct().Order(StringComparer.Ordinal));
}
