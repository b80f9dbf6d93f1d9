namespace BlueGreen.Core.Tests.Analysis;

/// <summary>
/// Draws binomial counts of up to a fixed number of trials by inversion (one uniform and about mean + 1 steps), so a
/// simulation draws a window's counts rather than every request.
/// </summary>
internal sealed class BinomialSampler
{
    private readonly double[] _noneOf;
    private readonly double _odds;

    public BinomialSampler(double probability, int maxTrials)
    {
        _noneOf = new double[maxTrials + 1];
        for (var trials = 0; trials <= maxTrials; trials++)
        {
            _noneOf[trials] = Math.Pow(1 - probability, trials);
        }

        _odds = probability / (1 - probability);
    }

    /// <summary>How many of <paramref name="trials"/> trials succeed.</summary>
    public int Next(Random random, int trials)
    {
        var u = random.NextDouble();
        var pmf = _noneOf[trials];
        var successes = 0;
        while (u > pmf && successes < trials)
        {
            u -= pmf;
            successes++;
            pmf *= _odds * (trials - successes + 1) / successes;
        }

        return successes;
    }
}
