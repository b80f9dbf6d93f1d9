// The proxy's tests run where it ships: Linux (token file modes, signals, loopback backends).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
