using BlueGreen.Cli.Tests.Infrastructure;

namespace BlueGreen.Cli.Tests.Commands;

public sealed class TokenSourceTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    [Fact]
    public void Resolve_FlagGiven_WinsOverEnvironmentAndFile()
    {
        WriteTokenFile("from-file");
        Assert.Equal("from-flag", CreateSut("from-env").Resolve("from-flag"));
    }

    [Fact]
    public void Resolve_NoFlag_UsesEnvironmentOverFile()
    {
        WriteTokenFile("from-file");
        Assert.Equal("from-env", CreateSut("from-env").Resolve(null));
    }

    [Fact]
    public void Resolve_NoFlagNoEnvironment_ReadsTrimmedFile()
    {
        WriteTokenFile("from-file\n");
        Assert.Equal("from-file", CreateSut(null).Resolve(null));
    }

    [Fact]
    public void Resolve_NothingAnywhere_Exits2ListingWhereItLooked()
    {
        var ex = Assert.Throws<CliException>(() => CreateSut(null).Resolve(null));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains("--token", ex.Message);
        Assert.Contains("BLUEGREEN_TOKEN", ex.Message);
        Assert.Contains(Path.Combine(_folder.Path, "data", "admin.token"), ex.Message);
    }

    public void Dispose() => _folder.Dispose();

    private TokenSource CreateSut(string? environmentToken) =>
        new(name => name == TokenSource.EnvironmentVariable ? environmentToken : null, _folder.Path);

    private void WriteTokenFile(string token)
    {
        Directory.CreateDirectory(_folder.File("data"));
        File.WriteAllText(_folder.File("data/admin.token"), token);
    }
}
