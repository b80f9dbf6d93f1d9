using BlueGreen.Proxy.DataPlane;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class UpgradeRequestsTests
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void IsUpgrade_UpgradeHeader_AsKestrelJudgesIt(bool upgradable, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Upgrade = "websocket";
        context.Features.Set<IHttpUpgradeFeature>(new UpgradeFeature(upgradable));

        Assert.Equal(expected, UpgradeRequests.IsUpgrade(context));
    }

    [Fact]
    public void IsUpgrade_OrdinaryGet_IsNot()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Features.Set<IHttpUpgradeFeature>(new UpgradeFeature(upgradable: true));

        // Without an Upgrade header Kestrel never calls a request upgradable; the header settles it first.
        Assert.False(UpgradeRequests.IsUpgrade(context));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void IsUpgrade_Http2Connect_WhenExtended(bool extended, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Connect;
        context.Features.Set<IHttpExtendedConnectFeature>(new ConnectFeature(extended));

        Assert.Equal(expected, UpgradeRequests.IsUpgrade(context));
    }

    [Theory]
    [InlineData(101, "GET", true)]
    [InlineData(200, "CONNECT", true)]
    [InlineData(200, "GET", false)]
    [InlineData(404, "CONNECT", false)]
    [InlineData(502, "GET", false)]
    public void OpensTunnel_StatusAndMethod(int status, string method, bool expected) =>
        Assert.Equal(expected, UpgradeRequests.OpensTunnel(status, method));

    private sealed class UpgradeFeature(bool upgradable) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest { get; } = upgradable;

        public Task<Stream> UpgradeAsync() => throw new InvalidOperationException("The test never upgrades.");
    }

    private sealed class ConnectFeature(bool extended) : IHttpExtendedConnectFeature
    {
        public bool IsExtendedConnect { get; } = extended;

        public string? Protocol => "websocket";

        public ValueTask<Stream> AcceptAsync() => throw new InvalidOperationException("The test never accepts.");
    }
}
