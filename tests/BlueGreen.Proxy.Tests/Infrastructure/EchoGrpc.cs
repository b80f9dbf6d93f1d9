using System.Text;
using Grpc.Core;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>
/// A gRPC service defined by hand (no .proto, no code generation): UTF-8 strings as messages, one unary method and one
/// server-streaming method. Each answer names the backend that gave it.
/// </summary>
internal static class EchoGrpc
{
    private const string ServiceName = "bluegreen.test.Echo";

    private static readonly Marshaller<string> Utf8 = Marshallers.Create(Encoding.UTF8.GetBytes, Encoding.UTF8.GetString);

    /// <summary><c>Echo("x")</c> answers <c>"backend:x"</c>.</summary>
    public static readonly Method<string, string> Echo = new(MethodType.Unary, ServiceName, nameof(EchoServiceBase.Echo), Utf8, Utf8);

    /// <summary><c>Count("3")</c> streams <c>"backend:1"</c>, <c>"backend:2"</c>, <c>"backend:3"</c>.</summary>
    public static readonly Method<string, string> Count = new(MethodType.ServerStreaming, ServiceName, nameof(EchoServiceBase.Count), Utf8, Utf8);
}

/// <summary>
/// The service base that generated code would be: gRPC for ASP.NET Core binds the methods a service overrides from the
/// type its <see cref="BindServiceMethodAttribute"/> names.
/// </summary>
[BindServiceMethod(typeof(EchoServiceBase), nameof(BindService))]
internal abstract class EchoServiceBase
{
    public static void BindService(ServiceBinderBase binder, EchoServiceBase? service)
    {
        binder.AddMethod(EchoGrpc.Echo, service is null ? null : service.Echo);
        binder.AddMethod(EchoGrpc.Count, service is null ? null : service.Count);
    }

    public abstract Task<string> Echo(string request, ServerCallContext context);

    public abstract Task Count(string request, IServerStreamWriter<string> responseStream, ServerCallContext context);
}

/// <summary>
/// The server side of <see cref="EchoGrpc"/>. <c>Count</c> holds every message after the first until
/// <see cref="ReleaseStream"/>, so a test sees the first one cross the proxy on its own.
/// </summary>
internal sealed class EchoService : EchoServiceBase
{
    private readonly TaskCompletionSource _streamGate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EchoService(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public void ReleaseStream() => _streamGate.TrySetResult();

    public override Task<string> Echo(string request, ServerCallContext context) => Task.FromResult($"{Name}:{request}");

    public override async Task Count(string request, IServerStreamWriter<string> responseStream, ServerCallContext context)
    {
        var count = int.Parse(request, System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 1; i <= count; i++)
        {
            await responseStream.WriteAsync($"{Name}:{i}", context.CancellationToken);
            if (i == 1)
            {
                await _streamGate.Task.WaitAsync(context.CancellationToken);
            }
        }
    }
}
