using BlueGreen.Proxy.Admin.Requests;

namespace BlueGreen.Proxy.Tests.Admin;

/// <summary>Weights are both present, 0 to 100 in 0.01 steps, sum to 100, and name no other pool.</summary>
public sealed class WeightsRequestValidatorTests
{
    [Theory]
    [InlineData(100, 0)]
    [InlineData(0, 100)]
    [InlineData(95, 5)]
    [InlineData(66.67, 33.33)]
    [InlineData(99.99, 0.01)]
    public void Validate_ValidWeights_HasNoErrors(double blue, double green)
    {
        var result = CreateSut().Validate(new WeightsRequest { Blue = (decimal)blue, Green = (decimal)green });

        ValidationAssert.Valid(result);
    }

    [Fact]
    public void Validate_NoBlue_NamesBlue()
    {
        var result = CreateSut().Validate(new WeightsRequest { Green = 100 });

        ValidationAssert.OnlyField(result, "blue");
    }

    [Fact]
    public void Validate_NoGreen_NamesGreen()
    {
        var result = CreateSut().Validate(new WeightsRequest { Blue = 100 });

        ValidationAssert.OnlyField(result, "green");
    }

    [Fact]
    public void Validate_NeitherWeight_NamesBoth()
    {
        var result = CreateSut().Validate(new WeightsRequest());

        ValidationAssert.Fields(result, "blue", "green");
    }

    [Theory]
    [InlineData(60, 30)]
    [InlineData(60, 60)]
    [InlineData(50.01, 50)]
    public void Validate_NotSummingTo100_NamesWeights(double blue, double green)
    {
        var result = CreateSut().Validate(new WeightsRequest { Blue = (decimal)blue, Green = (decimal)green });

        ValidationAssert.OnlyField(result, "weights");
    }

    [Theory]
    [InlineData(-5, 105, "blue", "green")]
    [InlineData(95.001, 4.999, "blue", "green")]
    [InlineData(101, -1, "blue", "green")]
    [InlineData(95, 5.001, "green", null)]
    public void Validate_WeightOutOfRangeOrTooPrecise_NamesThatWeightOnly(double blue, double green, string field, string? alsoField)
    {
        var result = CreateSut().Validate(new WeightsRequest { Blue = (decimal)blue, Green = (decimal)green });

        ValidationAssert.Fields(result, alsoField is null ? [field] : [field, alsoField]);
    }

    [Fact]
    public void Validate_UnknownField_NamesIt()
    {
        var request = new WeightsRequest { Blue = 95, Green = 5, Unknown = UnknownFields.Named("purple") };

        var result = CreateSut().Validate(request);

        var error = Assert.Single(result.Errors);
        Assert.Equal("purple", error.PropertyName);
        Assert.Contains("'purple' is not a pool", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralUnknownFields_NamesEach()
    {
        var request = new WeightsRequest { Blue = 95, Green = 5, Unknown = UnknownFields.Named("purple", "red") };

        var result = CreateSut().Validate(request);

        ValidationAssert.Fields(result, "purple", "red");
    }

    [Fact]
    public void Validate_UnknownFieldInsteadOfGreen_NamesBothGreenAndTheField()
    {
        var request = new WeightsRequest { Blue = 95, Unknown = UnknownFields.Named("purple") };

        var result = CreateSut().Validate(request);

        ValidationAssert.Fields(result, "green", "purple");
    }

    [Fact]
    public void Validate_ReasonAtTheLimit_HasNoErrors()
    {
        var result = CreateSut().Validate(new WeightsRequest { Blue = 95, Green = 5, Reason = new string('r', 200) });

        ValidationAssert.Valid(result);
    }

    [Fact]
    public void Validate_ReasonOverTheLimit_NamesReason()
    {
        var result = CreateSut().Validate(new WeightsRequest { Blue = 95, Green = 5, Reason = new string('r', 201) });

        ValidationAssert.OnlyField(result, "reason");
    }

    private static WeightsRequestValidator CreateSut() => new();
}
