namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>The usual set-up: a blue and a green backend and a proxy over them, with its state in a temporary folder.</summary>
internal sealed class TwoPools : IAsyncDisposable
{
    private readonly TemporaryDirectory _temp;

    private TwoPools(TemporaryDirectory temp, TestBackend blue, TestBackend green, ProxyUnderTest proxy)
    {
        _temp = temp;
        Blue = blue;
        Green = green;
        Proxy = proxy;
    }

    public TestBackend Blue { get; }

    public TestBackend Green { get; }

    public ProxyUnderTest Proxy { get; }

    public void Deconstruct(out TestBackend blue, out TestBackend green, out ProxyUnderTest proxy) =>
        (blue, green, proxy) = (Blue, Green, Proxy);

    public static async Task<TwoPools> StartAsync(params string[] proxyArgs)
    {
        var temp = new TemporaryDirectory();
        var blue = await TestBackend.StartAsync("blue");
        var green = await TestBackend.StartAsync("green");
        var proxy = await ProxyUnderTest.StartAsync(blue, green, temp.File("state.json"), proxyArgs);
        return new TwoPools(temp, blue, green, proxy);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Green.DisposeAsync();
        await Blue.DisposeAsync();
        _temp.Dispose();
    }
}
