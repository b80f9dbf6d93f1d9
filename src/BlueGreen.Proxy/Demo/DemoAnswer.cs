namespace BlueGreen.Proxy.Demo;

/// <summary>What a demo backend answers: its pool and the path asked for.</summary>
internal sealed record DemoAnswer(string Pool, string Path);
