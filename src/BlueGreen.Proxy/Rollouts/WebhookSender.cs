using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BlueGreen.Proxy.Configuration;

namespace BlueGreen.Proxy.Rollouts;

/// <summary>
/// POSTs a JSON document (a rollout, a rolling update's batch) to a webhook, with <c>X-BlueGreen-Event</c> naming why and, when
/// <c>BlueGreen:Analysis:WebhookSecret</c> is set, <c>X-BlueGreen-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the
/// body with that key (as GitHub signs its webhooks), so a receiver can tell the call is BlueGreen's.
/// </summary>
internal sealed class WebhookSender
{
    /// <summary>The header naming the event or gate.</summary>
    public const string EventHeader = "X-BlueGreen-Event";

    /// <summary>The header carrying the body's signature.</summary>
    public const string SignatureHeader = "X-BlueGreen-Signature";

    private const int AnswerExcerpt = 200;

    private readonly HttpClient _http;
    private readonly byte[]? _secret;

    public WebhookSender(AnalysisHttpClient http, BlueGreenOptions options)
    {
        _http = http.Client;
        _secret = options.Analysis.WebhookSecret.Length > 0 ? Encoding.UTF8.GetBytes(options.Analysis.WebhookSecret) : null;
    }

    /// <summary>
    /// Sends <paramref name="document"/>, written as <paramref name="json"/> describes it (an admin document, under the
    /// admin plane's rules), to <paramref name="url"/>; the answer is the caller's to judge.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync<T>(Uri url, string eventName, T document, JsonTypeInfo<T> json, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(document, json);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(EventHeader, eventName);
        if (_secret is not null)
        {
            request.Headers.Add(SignatureHeader, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, body)));
        }

        return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Calls a webhook that must agree (a gate, an update): null when it answered 2xx within <paramref name="timeout"/>,
    /// else why not, naming it as <paramref name="name"/>, with its status and the start of its answer.
    /// </summary>
    public async Task<string?> CallAsync<T>(
        Uri url, string name, string eventName, T document, JsonTypeInfo<T> json, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await SendAsync(url, eventName, document, json, deadline.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var answer = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            return $"{name} answered {(int)response.StatusCode}: {Excerpt(answer)}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{name} did not answer within {timeout}";
        }
        catch (HttpRequestException ex)
        {
            return $"{name} could not be called: {ex.Message}";
        }
    }

    private static string Excerpt(string answer)
    {
        var oneLine = new StringBuilder(answer.Length > AnswerExcerpt ? answer[..AnswerExcerpt] : answer).Replace('\r', ' ').Replace('\n', ' ');
        return oneLine.Length == 0 ? "(no body)" : oneLine.ToString();
    }
}
