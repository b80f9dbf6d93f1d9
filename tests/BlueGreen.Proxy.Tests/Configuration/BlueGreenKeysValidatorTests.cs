using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using BlueGreen.Proxy.Configuration;

namespace BlueGreen.Proxy.Tests.Configuration;

/// <summary>
/// The key check reads the options types' properties, which the Native AOT build keeps only for the types the
/// validator names; these tests walk the options tree on the JIT, where nothing is trimmed, and fail on a gap.
/// </summary>
public sealed class BlueGreenKeysValidatorTests
{
    [Fact]
    public void Constructor_NamesEveryOptionsTypeReachableFromBlueGreenOptions()
    {
        var kept = typeof(BlueGreenKeysValidator).GetConstructor(Type.EmptyTypes)!
            .GetCustomAttributes<DynamicDependencyAttribute>()
            .Where(d => d.MemberTypes.HasFlag(DynamicallyAccessedMemberTypes.PublicProperties))
            .Select(d => d.Type)
            .ToHashSet();

        var missing = OptionsTypes(typeof(BlueGreenOptions)).Where(t => !kept.Contains(t)).Select(t => t.Name).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void EveryValueSetting_IsATypeTheCheckCanRead()
    {
        var unreadable = OptionsTypes(typeof(BlueGreenOptions))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            .Select(p => ValueType(p.PropertyType))
            .Where(t => !IsOptionsType(t) && !ScalarSetting.Is(t))
            .Select(t => t.Name)
            .ToList();

        Assert.Empty(unreadable);
    }

    [Theory]
    [InlineData(typeof(int), "12", null)]
    [InlineData(typeof(int), "1.5", "'1.5' is not a number")]
    [InlineData(typeof(decimal), "2.5", null)]
    [InlineData(typeof(TimeSpan?), "00:00:05", null)]
    [InlineData(typeof(TimeSpan?), "5s", "'5s' is not a duration; write hh:mm:ss, e.g. 00:00:05")]
    [InlineData(typeof(bool), "yes", "'yes' is not valid; valid values: true, false")]
    [InlineData(typeof(LoadBalancingMode), "roundrobin", null)]
    [InlineData(typeof(LoadBalancingMode), "1", "'1' is not valid; valid values: RoundRobin, LeastRequests, PowerOfTwoChoices, Random, ConsistentHash")]
    public void Problem_SaysWhyAValueDoesNotRead(Type type, string value, string? expected)
    {
        Assert.Equal(expected, ScalarSetting.Problem(value, type));
    }

    private static IEnumerable<Type> OptionsTypes(Type root)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([root]);
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                if (ValueType(property.PropertyType) is var child && IsOptionsType(child))
                {
                    pending.Push(child);
                }
            }
        }

        return seen;
    }

    /// <summary>A dictionary's entries are checked as its value type.</summary>
    private static Type ValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) ? type.GetGenericArguments()[1] : type;

    private static bool IsOptionsType(Type type) => type.IsClass && type != typeof(string);
}
