using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace BlueGreen.Cli.Api;

/// <summary>
/// The admin API over HTTP: sends a request with the bearer token and returns the answer, success or problem,
/// with its body unchanged. A server that cannot be reached is a <see cref="CliException"/> with exit code 3
/// naming the URL and why.
/// </summary>
public sealed class AdminApiClient : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;
    private readonly Uri _baseAddress;

    /// <summary>Creates a client for the admin plane at <paramref name="baseAddress"/>.</summary>
    public AdminApiClient(Uri baseAddress, string token)
    {
        _baseAddress = baseAddress;
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("bluegreen-cli/1");
    }

    /// <summary>GETs <paramref name="path"/>.</summary>
    public Task<ApiResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, body: null, cancellationToken);

    /// <summary>Sends <paramref name="body"/> (serialized as JSON, when given) to <paramref name="path"/>.</summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, CliJson.Options), Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new ApiResponse(response.StatusCode, text, TryParse(text));
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Unreachable, $"Cannot reach the BlueGreen admin API at {_baseAddress}: {Describe(ex)}");
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"Cannot reach the BlueGreen admin API at {_baseAddress}: no answer within {Timeout.TotalSeconds:0} s ({ex.Message}).");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static string Describe(HttpRequestException ex)
    {
        var socket = ex.InnerException as SocketException ?? ex.InnerException?.InnerException as SocketException;
        return socket is not null ? $"{ex.Message} ({socket.SocketErrorCode})" : ex.Message;
    }

    private static JsonElement? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
