using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Yarp.ReverseProxy.Configuration;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class ProxyConfigApplierTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly InMemoryConfigProvider _provider;
    private readonly ProxyConfigApplier _sut;
    private readonly FakeTimeProvider _time = new();

    public ProxyConfigApplierTests()
    {
        var options = MembershipRig.OptionsWith(("b1", "http://127.0.0.1:9001"));
        _provider = new InMemoryConfigProvider(ProxyConfigFactory.CreateRoutes(), ProxyConfigFactory.CreateClusters(options, ProxyConfigFactory.ConfiguredDestinations(options)));
        _sut = new ProxyConfigApplier(_provider, options);
    }

    [Fact]
    public void Submit_QuickUpdatesYarpCoalesces_EveryEarlierOneCompletesWithTheLastApplied()
    {
        var first = _sut.Submit(Blue("b1"));
        var second = _sut.Submit(Blue("b1", "b2"));
        var third = _sut.Submit(Blue("b2"));

        _sut.ConfigurationApplied([_provider.GetConfig()]);

        Assert.True(first.IsCompletedSuccessfully && second.IsCompletedSuccessfully && third.IsCompletedSuccessfully);
        Assert.Equal(0, _sut.Pending);
    }

    [Fact]
    public void Submit_AnEarlierConfigurationApplied_CompletesOnlyUpToIt()
    {
        var first = _sut.Submit(Blue("b1"));
        var firstConfig = _provider.GetConfig();
        var second = _sut.Submit(Blue("b2"));

        _sut.ConfigurationApplied([firstConfig]);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        Assert.Equal(1, _sut.Pending);
    }

    [Fact]
    public void Submit_YarpAppliedItBeforeSubmitReturned_IsCompletedAtOnce()
    {
        // YARP applies on the thread that signals the change when nothing else is reloading.
        using var apply = Microsoft.Extensions.Primitives.ChangeToken.OnChange(
            () => _provider.GetConfig().ChangeToken, () => _sut.ConfigurationApplied([_provider.GetConfig()]));

        var applied = _sut.Submit(Blue("b2"));

        Assert.True(applied.IsCompletedSuccessfully);
        Assert.Equal(0, _sut.Pending);
    }

    [Fact]
    public async Task WaitAsync_NotAppliedInTime_ReturnsFalseAndDropsTheWaiter()
    {
        var applied = _sut.Submit(Blue("b2"));

        var waiting = _sut.WaitAsync(applied, Timeout, _time);
        _time.Advance(Timeout);

        Assert.False(await waiting);
        Assert.Equal(0, _sut.Pending);
    }

    [Fact]
    public async Task WaitAsync_YarpFailsToApply_Throws()
    {
        var applied = _sut.Submit(Blue("b2"));

        _sut.ConfigurationApplyingFailed([_provider.GetConfig()], new InvalidOperationException("refused"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _sut.WaitAsync(applied, Timeout, _time));
        Assert.Equal("refused", error.Message);
        Assert.Equal(0, _sut.Pending);
    }

    [Fact]
    public void Submit_HandsYarpTheActiveDestinations()
    {
        _sut.Submit(Blue("b7"));

        var blue = Assert.Single(_provider.GetConfig().Clusters, c => c.ClusterId == "blue");
        Assert.Equal(["b7"], blue.Destinations!.Keys);
    }

    private static Dictionary<Pool, IReadOnlyDictionary<string, string>> Blue(params string[] ids) => new()
    {
        [Pool.Blue] = ids.ToDictionary(id => id, id => $"http://127.0.0.1:{9000 + ids.Length}"),
        [Pool.Green] = new Dictionary<string, string> { ["g1"] = "http://127.0.0.1:9101" },
    };
}
