using System.Globalization;
using BlueGreen.Proxy.Hosting;

namespace BlueGreen.Proxy.Tests.Hosting;

public sealed class ConnectionCapTests
{
    [Theory]
    [InlineData(20_000L, 14_616L)]
    [InlineData(1_048_576L, 786_048L)]
    [InlineData(1_024L, 384L)]
    [InlineData(512L, 192L)]
    public void FromOpenFileLimit_ALimit_ThreeQuartersOfWhatTheProcessOwnFilesLeave(long openFiles, long expected)
    {
        var cap = ConnectionCap.FromOpenFileLimit(openFiles);

        Assert.Equal(expected, cap.Limit);
        Assert.Contains($"at most {expected} client connections", cap.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromOpenFileLimit_Unlimited_NoCap()
    {
        var cap = ConnectionCap.FromOpenFileLimit(null);

        Assert.Null(cap.Limit);
        Assert.StartsWith("no cap", cap.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void OpenFileLimit_Current_IsTheSoftLimitTheKernelReports()
    {
        // /proc/self/limits: "Max open files  <soft>  <hard>  files".
        var line = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

        Assert.Equal(soft == "unlimited" ? null : long.Parse(soft, CultureInfo.InvariantCulture), OpenFileLimit.Current());
    }
}
