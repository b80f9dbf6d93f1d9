namespace BlueGreen.Proxy.Configuration;

/// <summary>The listening URLs of the two planes; several URLs are separated by <c>;</c>.</summary>
public sealed class ListenOptions
{
    /// <summary>The data plane: where clients send traffic.</summary>
    public string Proxy { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The admin plane: a separate listener, never reachable through the data plane.</summary>
    public string Admin { get; set; } = "http://127.0.0.1:8081";
}
