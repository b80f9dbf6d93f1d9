using System.Net;
using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Core.State;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy;

namespace BlueGreen.Proxy.Tests.DataPlane;

/// <summary>A change committed by another writer of the store reaches this proxy's YARP clusters and traffic.</summary>
public sealed class SharedStoreTests
{
    [Fact]
    public async Task RefreshAsync_ASecondSwitchAddedAndDrainedDestinations_YarpRoutesByItsChange()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Stickiness:Mode=None", "--BlueGreen:Health:Active:Enabled=false");
        await using var blue2 = await TestBackend.StartAsync("blue-2");
        var services = pools.Proxy.App.Services;
        var configured = new ConfiguredPools(new Dictionary<Pool, IReadOnlyDictionary<string, string>>
        {
            [Pool.Blue] = new Dictionary<string, string> { ["blue-1"] = pools.Blue.Address },
            [Pool.Green] = new Dictionary<string, string> { ["green-1"] = pools.Green.Address },
        });
        var other = new TrafficSwitch(
            new RoutingTable(services.GetRequiredService<RoutingTable>().Current with { Version = 0 }), services.GetRequiredService<IStateStore>(), TimeProvider.System);
        await other.LoadAsync(CancellationToken.None);
        var request = new ChangeRequest("operator", "from another proxy");
        await other.ChangeDestinationsAsync(
            "destination-add", c => MembershipChanges.Add(configured, c, Pool.Blue, "blue-2", blue2.Address, departing: null), request, CancellationToken.None);
        await other.ChangeDestinationsAsync(
            "destination-drain", c => MembershipChanges.SetMode(configured, c, Pool.Blue, "blue-1", DestinationMode.Draining, departing: null), request, CancellationToken.None);

        await services.GetRequiredService<TrafficSwitch>().RefreshAsync(CancellationToken.None);

        var yarp = services.GetRequiredService<IProxyStateLookup>();
        await Eventually.HoldsAsync(
            () => yarp.TryGetCluster("blue", out var blue) && blue.Destinations.Keys.SequenceEqual(["blue-2"]), "YARP's blue cluster holds blue-2 alone");
        for (var i = 0; i < 20; i++)
        {
            using var response = await pools.Proxy.Client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("blue-2", response.Headers.GetValues("X-Backend").Single());
        }

        var destinations = (await pools.Proxy.GetStateAsync()).GetProperty("pools").GetProperty("blue").GetProperty("destinations");
        Assert.Equal(
            [("blue-1", "draining"), ("blue-2", "active")],
            destinations.EnumerateArray().Select(d => (d.GetProperty("id").GetString(), d.GetProperty("mode").GetString())));
    }
}
