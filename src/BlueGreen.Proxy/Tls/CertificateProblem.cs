namespace BlueGreen.Proxy.Tls;

/// <summary>Why a certificate cannot be used, named by the configuration key to fix (<c>BlueGreen:Tls:KeyPath</c>).</summary>
internal readonly record struct CertificateProblem(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}
