namespace BlueGreen.Cli.Tests.Infrastructure;

/// <summary>Temporary folders that tests own and delete.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("bluegreen-cli-test-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that still holds a file only delays the clean-up of a temp folder.
        }
    }
}
