using BlueGreen.Proxy.Admin.Requests;

namespace BlueGreen.Proxy.Tests.Admin;

/// <summary>A switch names one of the two pools, and nothing else.</summary>
public sealed class SwitchRequestValidatorTests
{
    [Theory]
    [InlineData("blue")]
    [InlineData("green")]
    [InlineData("Green")]
    public void Validate_APool_HasNoErrors(string to)
    {
        var result = CreateSut().Validate(new SwitchRequest { To = to, Reason = "release" });

        ValidationAssert.Valid(result);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("purple")]
    [InlineData(" green")]
    public void Validate_NotAPool_NamesTo(string? to)
    {
        var result = CreateSut().Validate(new SwitchRequest { To = to });

        ValidationAssert.OnlyField(result, "to");
    }

    [Fact]
    public void Validate_UnknownPool_SaysWhichPoolsExist()
    {
        var result = CreateSut().Validate(new SwitchRequest { To = "purple" });

        var error = Assert.Single(result.Errors);
        Assert.Contains("'purple' is not a pool", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownField_NamesIt()
    {
        var result = CreateSut().Validate(new SwitchRequest { To = "green", Unknown = UnknownFields.Named("pool") });

        var error = Assert.Single(result.Errors);
        Assert.Equal("pool", error.PropertyName);
        Assert.Contains("'pool' is not a field", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReasonOverTheLimit_NamesReason()
    {
        var result = CreateSut().Validate(new SwitchRequest { To = "green", Reason = new string('r', 201) });

        ValidationAssert.OnlyField(result, "reason");
    }

    private static SwitchRequestValidator CreateSut() => new();
}
