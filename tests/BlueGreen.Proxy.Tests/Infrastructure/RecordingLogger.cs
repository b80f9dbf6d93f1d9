using Microsoft.Extensions.Logging;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>A logger that keeps every line it is given (event id and formatted message), for tests of log output.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<(int EventId, string Message)> _lines = [];

    public IReadOnlyList<(int EventId, string Message)> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add((eventId.Id, formatter(state, exception)));
        }
    }
}
