using System.Diagnostics;

namespace BlueGreen.Core.Routing;

/// <summary>
/// The traffic split between the pools, in steps of 0.01 % (basis points), so that it is exact and
/// compares cheaply against a sticky bucket in <c>[0, 10000)</c>.
/// </summary>
public readonly record struct PoolWeights
{
    /// <summary>The number of basis points in 100 %.</summary>
    public const int Total = 10_000;

    private PoolWeights(int greenBasisPoints)
    {
        Debug.Assert(greenBasisPoints is >= 0 and <= Total);
        GreenBasisPoints = greenBasisPoints;
    }

    /// <summary>All traffic to blue.</summary>
    public static PoolWeights AllBlue { get; } = new(0);

    /// <summary>All traffic to green.</summary>
    public static PoolWeights AllGreen { get; } = new(Total);

    /// <summary>Green's share in basis points (0 to 10,000).</summary>
    public int GreenBasisPoints { get; }

    /// <summary>Blue's share in basis points (0 to 10,000).</summary>
    public int BlueBasisPoints => Total - GreenBasisPoints;

    /// <summary>Blue's share in percent, with at most two decimals.</summary>
    public decimal BluePercent => BlueBasisPoints / 100m;

    /// <summary>Green's share in percent, with at most two decimals.</summary>
    public decimal GreenPercent => GreenBasisPoints / 100m;

    /// <summary>Returns all traffic on <paramref name="pool"/>.</summary>
    public static PoolWeights AllOn(Pool pool) => pool == Pool.Green ? AllGreen : AllBlue;

    /// <summary>Creates weights from green's share in basis points.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The share is outside 0 to 10,000.</exception>
    public static PoolWeights FromGreenBasisPoints(int greenBasisPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(greenBasisPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(greenBasisPoints, Total);
        return new PoolWeights(greenBasisPoints);
    }

    /// <summary>
    /// Creates weights from two percentages; both must be within 0 to 100, have at most two decimals and
    /// sum to exactly 100.
    /// </summary>
    public static bool TryFromPercent(decimal blue, decimal green, out PoolWeights weights)
    {
        weights = default;
        if (!IsValidPercent(blue) || !IsValidPercent(green) || blue + green != 100m)
        {
            return false;
        }

        weights = new PoolWeights((int)(green * 100m));
        return true;
    }

    /// <summary>Whether <paramref name="percent"/> is within 0 to 100 with at most two decimals.</summary>
    public static bool IsValidPercent(decimal percent) =>
        percent is >= 0m and <= 100m && decimal.Round(percent, 2) == percent;

    /// <summary>Gives <paramref name="pool"/> <paramref name="basisPoints"/> of the traffic and the other pool the rest.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The share is outside 0 to 10,000.</exception>
    public static PoolWeights WithShare(Pool pool, int basisPoints) =>
        FromGreenBasisPoints(pool == Pool.Green ? basisPoints : Total - basisPoints);

    /// <summary>Returns the share of <paramref name="pool"/> in basis points.</summary>
    public int BasisPointsOf(Pool pool) => pool == Pool.Green ? GreenBasisPoints : BlueBasisPoints;

    /// <summary>Returns the share of <paramref name="pool"/> in percent.</summary>
    public decimal PercentOf(Pool pool) => pool == Pool.Green ? GreenPercent : BluePercent;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"blue={BluePercent:0.##},green={GreenPercent:0.##}");
}
