using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.Mirroring;

/// <summary>A copy of a client's request, ready to send to a destination of <paramref name="Pool"/>.</summary>
/// <param name="Pool">The pool the copy goes to: the one that does not serve the original.</param>
/// <param name="Request">The copy, addressed to one of the pool's destinations; its answer is discarded.</param>
/// <param name="Client">The pool's own YARP client, so the copy travels as the pool's requests do (TLS settings, HTTP version).</param>
internal readonly record struct MirroredRequest(Pool Pool, HttpRequestMessage Request, HttpMessageInvoker Client);
