using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Hosting;

RuntimeTuning.Apply();

try
{
    await using var app = BlueGreenApplication.Create(args);
    await app.RunAsync();
    return 0;
}
catch (InvalidConfigurationException ex)
{
    Console.Error.WriteLine("BlueGreen cannot start: the configuration has problems.");
    foreach (var problem in ex.Problems)
    {
        Console.Error.WriteLine($"  {problem}");
    }

    return 2;
}
catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // A taken port is the operator's to fix, not a crash: one line, no stack trace.
    Console.Error.WriteLine($"BlueGreen cannot start: {ex.Message}");
    return 1;
}
