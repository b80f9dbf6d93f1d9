using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BlueGreen.Core.Rollouts;
using BlueGreen.Proxy.Admin;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Configuration;

namespace BlueGreen.Proxy.Rollouts;

/// <summary>
/// POSTs a rollout document to a webhook, with <c>X-BlueGreen-Event</c> naming why and, when
/// <c>BlueGreen:Analysis:WebhookSecret</c> is set, <c>X-BlueGreen-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the
/// body with that key (as GitHub signs its webhooks), so a receiver can tell the call is BlueGreen's.
/// </summary>
internal sealed class WebhookSender
{
    /// <summary>The header naming the event or gate.</summary>
    public const string EventHeader = "X-BlueGreen-Event";

    /// <summary>The header carrying the body's signature.</summary>
    public const string SignatureHeader = "X-BlueGreen-Signature";

    private static readonly JsonSerializerOptions Json = AdminJson.Configure(new JsonSerializerOptions());

    private readonly HttpClient _http;
    private readonly byte[]? _secret;

    public WebhookSender(AnalysisHttpClient http, BlueGreenOptions options)
    {
        _http = http.Client;
        _secret = options.Analysis.WebhookSecret.Length > 0 ? Encoding.UTF8.GetBytes(options.Analysis.WebhookSecret) : null;
    }

    /// <summary>Sends <paramref name="document"/> to <paramref name="hook"/>; the answer is the caller's to judge.</summary>
    public async Task<HttpResponseMessage> SendAsync(RolloutWebhook hook, string eventName, RolloutDocument document, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(document, Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(EventHeader, eventName);
        if (_secret is not null)
        {
            request.Headers.Add(SignatureHeader, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, body)));
        }

        return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }
}
