using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Hosting;

namespace BlueGreen.Proxy.Tests.Hosting;

/// <summary>BlueGreen's own flags may stand anywhere among the arguments and are taken out before .NET reads the rest.</summary>
public sealed class LaunchArgumentsTests
{
    [Fact]
    public void Parse_NoArguments_ReturnsNoFlagsAndNothingElse()
    {
        var launch = LaunchArguments.Parse([]);

        Assert.False(launch.Demo);
        Assert.Null(launch.ConfigPath);
        Assert.Empty(launch.ConfigurationArguments);
    }

    [Theory]
    [InlineData("--demo")]
    [InlineData("--demo", "--BlueGreen:Listen:Proxy=http://127.0.0.1:0")]
    [InlineData("--BlueGreen:Listen:Proxy=http://127.0.0.1:0", "--demo")]
    [InlineData("--BlueGreen:Listen:Proxy=http://127.0.0.1:0", "--demo", "--BlueGreen:Admin:Token=t")]
    public void Parse_DemoAnywhere_SetsDemoAndTakesItOut(params string[] args)
    {
        var launch = LaunchArguments.Parse(args);

        Assert.True(launch.Demo);
        Assert.DoesNotContain("--demo", launch.ConfigurationArguments);
        Assert.Equal(args.Where(a => a != "--demo"), launch.ConfigurationArguments);
    }

    [Fact]
    public void Parse_ConfigWithSeparatePath_SetsPathAndTakesBothOut()
    {
        var launch = LaunchArguments.Parse(["--config", "config/bluegreen.json", "--BlueGreen:Admin:Token=t"]);

        Assert.Equal("config/bluegreen.json", launch.ConfigPath);
        Assert.Equal(["--BlueGreen:Admin:Token=t"], launch.ConfigurationArguments);
        Assert.False(launch.Demo);
    }

    [Fact]
    public void Parse_ConfigWithEqualsPath_SetsPathAndTakesItOut()
    {
        var launch = LaunchArguments.Parse(["--BlueGreen:Admin:Token=t", "--config=/etc/bluegreen/bluegreen.json"]);

        Assert.Equal("/etc/bluegreen/bluegreen.json", launch.ConfigPath);
        Assert.Equal(["--BlueGreen:Admin:Token=t"], launch.ConfigurationArguments);
    }

    [Fact]
    public void Parse_ConfigPathWithSpacesAndEquals_KeepsItWhole()
    {
        var launch = LaunchArguments.Parse(["--config=my configs/a=b.json"]);

        Assert.Equal("my configs/a=b.json", launch.ConfigPath);
    }

    [Fact]
    public void Parse_ConfigAndDemoAfterOverrides_TakesBothOut()
    {
        var launch = LaunchArguments.Parse(["--BlueGreen:Listen:Proxy=http://127.0.0.1:0", "--config", "c.json", "--demo"]);

        Assert.True(launch.Demo);
        Assert.Equal("c.json", launch.ConfigPath);
        Assert.Equal(["--BlueGreen:Listen:Proxy=http://127.0.0.1:0"], launch.ConfigurationArguments);
    }

    [Fact]
    public void Parse_ConfigGivenTwice_TheLastWins()
    {
        var launch = LaunchArguments.Parse(["--config", "first.json", "--config=second.json"]);

        Assert.Equal("second.json", launch.ConfigPath);
    }

    [Fact]
    public void Parse_ConfigAsLastArgument_ThrowsNamingConfig()
    {
        var exception = Assert.Throws<InvalidConfigurationException>(() => LaunchArguments.Parse(["--demo", "--config"]));

        var problem = Assert.Single(exception.Problems);
        Assert.StartsWith("--config", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--demo")]
    [InlineData("--BlueGreen:Admin:Token=t")]
    public void Parse_ConfigFollowedByAnotherFlag_ThrowsNamingConfig(string next)
    {
        var exception = Assert.Throws<InvalidConfigurationException>(() => LaunchArguments.Parse(["--config", next]));

        Assert.StartsWith("--config", Assert.Single(exception.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--config=")]
    [InlineData("--config=  ")]
    public void Parse_ConfigWithEmptyPath_ThrowsNamingConfig(string arg)
    {
        var exception = Assert.Throws<InvalidConfigurationException>(() => LaunchArguments.Parse([arg]));

        Assert.StartsWith("--config:", Assert.Single(exception.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ConfigFollowedByEmptyPath_ThrowsNamingConfig()
    {
        var exception = Assert.Throws<InvalidConfigurationException>(() => LaunchArguments.Parse(["--config", ""]));

        Assert.StartsWith("--config:", Assert.Single(exception.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OtherArguments_KeepTheirOrder()
    {
        string[] overrides =
        [
            "--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:9001",
            "--BlueGreen:Admin:Token=t",
            "/BlueGreen:Stickiness:Mode=Header",
            "BlueGreen:Override:Enabled=false",
            "--BlueGreen:Shutdown:Timeout",
            "00:00:05",
        ];

        var launch = LaunchArguments.Parse([overrides[0], "--demo", overrides[1], overrides[2], "--config", "c.json", overrides[3], overrides[4], overrides[5]]);

        Assert.Equal(overrides, launch.ConfigurationArguments);
    }

    [Fact]
    public void Parse_ArgumentsThatOnlyStartLikeFlags_AreLeftAsConfiguration()
    {
        string[] args = ["--configuration=Release", "--configfile", "x.json", "--demonstration"];

        var launch = LaunchArguments.Parse(args);

        Assert.False(launch.Demo);
        Assert.Null(launch.ConfigPath);
        Assert.Equal(args, launch.ConfigurationArguments);
    }
}
