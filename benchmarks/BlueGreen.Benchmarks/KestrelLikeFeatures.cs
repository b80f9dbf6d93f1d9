using System.Collections;
using Microsoft.AspNetCore.Http.Features;

namespace BlueGreen.Benchmarks;

/// <summary>
/// A request's feature collection that finds the endpoint feature as Kestrel's does: Kestrel's connection object is
/// its own feature collection and answers a lookup of one of its features with a type check and a field, where
/// <see cref="FeatureCollection"/> (<c>DefaultHttpContext</c>'s) looks every feature up in a dictionary. The endpoint
/// is set and read on every proxied request; other features, looked up through <c>DefaultHttpContext</c>'s own cache,
/// stay in a <see cref="FeatureCollection"/>.
/// </summary>
internal sealed class KestrelLikeFeatures : IFeatureCollection
{
    private readonly FeatureCollection _others = new();
    private IEndpointFeature? _endpoint;
    private int _endpointRevision;

    public bool IsReadOnly => false;

    public int Revision => _others.Revision + _endpointRevision;

    public object? this[Type key]
    {
        get => key == typeof(IEndpointFeature) ? _endpoint : _others[key];
        set
        {
            if (key == typeof(IEndpointFeature))
            {
                _endpoint = (IEndpointFeature?)value;
                _endpointRevision++;
            }
            else
            {
                _others[key] = value;
            }
        }
    }

    public TFeature? Get<TFeature>() =>
        typeof(TFeature) == typeof(IEndpointFeature) ? (TFeature?)_endpoint : _others.Get<TFeature>();

    public void Set<TFeature>(TFeature? instance) => this[typeof(TFeature)] = instance;

    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator()
    {
        if (_endpoint is not null)
        {
            yield return new KeyValuePair<Type, object>(typeof(IEndpointFeature), _endpoint);
        }

        foreach (var feature in _others)
        {
            yield return feature;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
