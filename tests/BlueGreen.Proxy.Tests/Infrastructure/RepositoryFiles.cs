namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>Files of the repository itself (config/, ...), found by walking up to <c>BlueGreen.sln</c>.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BlueGreen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"BlueGreen.sln not found above {AppContext.BaseDirectory}");
    }
}
