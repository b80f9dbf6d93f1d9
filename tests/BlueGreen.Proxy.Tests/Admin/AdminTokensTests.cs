using BlueGreen.Proxy.Admin;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Admin;

/// <summary>The operator token is configured or generated into a 0600 file; presented tokens are named, never echoed.</summary>
public sealed class AdminTokensTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Create_NoToken_WritesTheGeneratedTokenToAFileWithMode0600()
    {
        var tokenFile = _temp.File("admin.token");

        var tokens = AdminTokens.Create(new AdminOptions { TokenFile = tokenFile });

        Assert.Equal(tokenFile, tokens.GeneratedTokenFile);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(tokenFile));
        Assert.Equal(tokens.OperatorToken, (await File.ReadAllTextAsync(tokenFile)).TrimEnd('\n'));
    }

    [Fact]
    public void Create_NoToken_GeneratesALongUrlSafeToken()
    {
        var tokens = AdminTokens.Create(new AdminOptions { TokenFile = _temp.File("admin.token") });

        Assert.True(tokens.OperatorToken.Length >= 32, tokens.OperatorToken);
        Assert.All(tokens.OperatorToken, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' in {tokens.OperatorToken}"));
    }

    [Fact]
    public void Create_NoTokenTwice_GeneratesDifferentTokens()
    {
        var first = AdminTokens.Create(new AdminOptions { TokenFile = _temp.File("first.token") });
        var second = AdminTokens.Create(new AdminOptions { TokenFile = _temp.File("second.token") });

        Assert.NotEqual(first.OperatorToken, second.OperatorToken);
    }

    [Fact]
    public void Create_TokenFileInMissingFolder_CreatesTheFolder()
    {
        var tokenFile = Path.Combine(_temp.Path, "data", "admin.token");

        var tokens = AdminTokens.Create(new AdminOptions { TokenFile = tokenFile });

        Assert.True(File.Exists(tokenFile));
        Assert.Equal(tokenFile, tokens.GeneratedTokenFile);
    }

    [Fact]
    public async Task Create_NoTokenTwiceWithOneFile_ReusesTheFirstToken()
    {
        var tokenFile = _temp.File("admin.token");
        var first = AdminTokens.Create(new AdminOptions { TokenFile = tokenFile });

        var second = AdminTokens.Create(new AdminOptions { TokenFile = tokenFile });

        Assert.Equal(first.OperatorToken, second.OperatorToken);
        Assert.Equal(tokenFile, second.GeneratedTokenFile);
        Assert.Equal(first.OperatorToken + "\n", await File.ReadAllTextAsync(tokenFile));
    }

    [Fact]
    public async Task Create_ExistingWorldReadableTokenFile_ReusesItAndTightensTheModeTo0600()
    {
        var tokenFile = _temp.File("admin.token");
        await File.WriteAllTextAsync(tokenFile, "old-token\n");
        File.SetUnixFileMode(tokenFile, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var tokens = AdminTokens.Create(new AdminOptions { TokenFile = tokenFile });

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(tokenFile));
        Assert.Equal("old-token", tokens.OperatorToken);
        Assert.Equal("operator", tokens.Identify("old-token"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n")]
    public async Task Create_EmptyTokenFile_WritesANewTokenWithMode0600(string content)
    {
        var tokenFile = _temp.File("admin.token");
        await File.WriteAllTextAsync(tokenFile, content);

        var tokens = AdminTokens.Create(new AdminOptions { TokenFile = tokenFile });

        Assert.True(tokens.OperatorToken.Length >= 32, tokens.OperatorToken);
        Assert.Equal(tokens.OperatorToken + "\n", await File.ReadAllTextAsync(tokenFile));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(tokenFile));
    }

    [Fact]
    public void Create_ConfiguredToken_UsesItAndWritesNothing()
    {
        var tokenFile = _temp.File("admin.token");

        var tokens = AdminTokens.Create(new AdminOptions { Token = "op-secret", TokenFile = tokenFile });

        Assert.Equal("op-secret", tokens.OperatorToken);
        Assert.Null(tokens.GeneratedTokenFile);
        Assert.False(File.Exists(tokenFile));
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void Identify_OperatorToken_ReturnsOperator()
    {
        var tokens = CreateSut(viewerToken: "view-secret");

        Assert.Equal("operator", tokens.Identify("op-secret"));
    }

    [Fact]
    public void Identify_ViewerToken_ReturnsViewer()
    {
        var tokens = CreateSut(viewerToken: "view-secret");

        Assert.Equal("viewer", tokens.Identify("view-secret"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("wrong")]
    [InlineData("op-secret ")]
    [InlineData("OP-SECRET")]
    [InlineData("op-secretx")]
    [InlineData("view-secre")]
    public void Identify_AnyOtherToken_ReturnsNull(string presented)
    {
        var tokens = CreateSut(viewerToken: "view-secret");

        Assert.Null(tokens.Identify(presented));
    }

    [Theory]
    [InlineData("")]
    [InlineData("view-secret")]
    public void Identify_NoViewerConfigured_NeverReturnsViewer(string presented)
    {
        var tokens = CreateSut(viewerToken: "");

        Assert.Null(tokens.Identify(presented));
        Assert.Equal("operator", tokens.Identify("op-secret"));
    }

    [Fact]
    public void Identify_GeneratedOperatorToken_ReturnsOperator()
    {
        var tokens = AdminTokens.Create(new AdminOptions { TokenFile = _temp.File("admin.token"), ViewerToken = "view-secret" });

        Assert.Equal("operator", tokens.Identify(tokens.OperatorToken));
        Assert.Equal("viewer", tokens.Identify("view-secret"));
    }

    private AdminTokens CreateSut(string viewerToken) =>
        AdminTokens.Create(new AdminOptions { Token = "op-secret", ViewerToken = viewerToken, TokenFile = _temp.File("never.token") });
}
