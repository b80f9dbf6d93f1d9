using BlueGreen.Proxy.Admin.Requests;

namespace BlueGreen.Proxy.Tests.Admin;

/// <summary>A rollback takes only an optional reason.</summary>
public sealed class ReasonOnlyRequestValidatorTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("error rate too high")]
    public void Validate_OptionalReason_HasNoErrors(string? reason)
    {
        var result = CreateSut().Validate(new ReasonOnlyRequest { Reason = reason });

        ValidationAssert.Valid(result);
    }

    [Fact]
    public void Validate_ReasonAtTheLimit_HasNoErrors()
    {
        var result = CreateSut().Validate(new ReasonOnlyRequest { Reason = new string('r', 200) });

        ValidationAssert.Valid(result);
    }

    [Fact]
    public void Validate_ReasonOverTheLimit_NamesReason()
    {
        var result = CreateSut().Validate(new ReasonOnlyRequest { Reason = new string('r', 201) });

        ValidationAssert.OnlyField(result, "reason");
    }

    [Fact]
    public void Validate_AnyOtherField_NamesIt()
    {
        var result = CreateSut().Validate(new ReasonOnlyRequest { Unknown = UnknownFields.Named("to") });

        var error = Assert.Single(result.Errors);
        Assert.Equal("to", error.PropertyName);
        Assert.Contains("it takes only 'reason'", error.ErrorMessage, StringComparison.Ordinal);
    }

    private static ReasonOnlyRequestValidator CreateSut() => new();
}
