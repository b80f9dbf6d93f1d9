using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace BlueGreen.Proxy.Tests.Configuration;

/// <summary>Start-up configuration: contract defaults, and every problem reported at once, each naming its key.</summary>
public sealed class BlueGreenOptionsLoaderTests
{
    private const string BlueDestinationKey = "BlueGreen:Pools:blue:Destinations:b1";
    private const string BlueDestination = "http://127.0.0.1:9001";

    [Fact]
    public void Load_OneBlueDestination_LoadsWithContractDefaults()
    {
        var options = BlueGreenOptionsLoader.Load(CreateConfiguration((BlueDestinationKey, BlueDestination)));

        Assert.Equal("http://127.0.0.1:8080", options.Listen.Proxy);
        Assert.Equal("http://127.0.0.1:8081", options.Listen.Admin);
        Assert.Equal("", options.Admin.Token);
        Assert.Equal("", options.Admin.ViewerToken);
        Assert.Equal(StickinessMode.Cookie, options.Stickiness.Mode);
        Assert.Equal("bg-id", options.Stickiness.Name);
        Assert.True(options.Override.Enabled);
        Assert.True(options.Health.Active.Enabled);
        Assert.Equal("/", options.Health.Active.Path);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Health.Active.Interval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Health.Active.Timeout);
        Assert.True(options.Health.Passive.Enabled);
        Assert.Equal("File", options.State.Store);
        Assert.Equal("data/state.json", options.State.Path);
        Assert.Equal("localhost:6379", options.State.Redis);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Shutdown.Timeout);
        Assert.Equal(100m, options.InitialWeights.Blue);
        Assert.Equal(0m, options.InitialWeights.Green);
        Assert.Equal(0m, options.Mirror.Percent);
        Assert.Equal(65536, options.Mirror.MaxBodyBytes);
    }

    [Fact]
    public void Load_OneBlueDestination_BindsItAsTheOnlyDestination()
    {
        var options = BlueGreenOptionsLoader.Load(CreateConfiguration((BlueDestinationKey, BlueDestination)));

        var (name, pool) = Assert.Single(options.Pools);
        Assert.Equal("blue", name);
        var (id, address) = Assert.Single(pool.Destinations);
        Assert.Equal("b1", id);
        Assert.Equal(BlueDestination, address);
    }

    [Fact]
    public void Load_EverySettingGiven_BindsThem()
    {
        var configuration = CreateConfiguration(
            (BlueDestinationKey, BlueDestination),
            ("BlueGreen:Pools:green:Destinations:g1", "https://10.0.0.6:8443"),
            ("BlueGreen:Listen:Proxy", "http://127.0.0.1:9080;http://[::1]:9080"),
            ("BlueGreen:Listen:Admin", "http://127.0.0.1:9081"),
            ("BlueGreen:Admin:Token", "op-secret"),
            ("BlueGreen:Admin:ViewerToken", "view-secret"),
            ("BlueGreen:InitialWeights:Blue", "66.67"),
            ("BlueGreen:InitialWeights:Green", "33.33"),
            ("BlueGreen:Stickiness:Mode", "Header"),
            ("BlueGreen:Stickiness:Name", "x-user"),
            ("BlueGreen:Override:Enabled", "false"),
            ("BlueGreen:Health:Active:Enabled", "false"),
            ("BlueGreen:Health:Active:Path", "/healthz"),
            ("BlueGreen:Health:Active:Interval", "00:00:10"),
            ("BlueGreen:Health:Active:Timeout", "00:00:01"),
            ("BlueGreen:Health:Passive:Enabled", "false"),
            ("BlueGreen:State:Path", "elsewhere/state.json"),
            ("BlueGreen:Shutdown:Timeout", "00:01:00"),
            ("BlueGreen:Mirror:Percent", "12.5"),
            ("BlueGreen:Mirror:MaxBodyBytes", "0"));

        var options = BlueGreenOptionsLoader.Load(configuration);

        Assert.Equal("https://10.0.0.6:8443", options.Pools["green"].Destinations["g1"]);
        Assert.Equal("http://127.0.0.1:9080;http://[::1]:9080", options.Listen.Proxy);
        Assert.Equal("http://127.0.0.1:9081", options.Listen.Admin);
        Assert.Equal("op-secret", options.Admin.Token);
        Assert.Equal("view-secret", options.Admin.ViewerToken);
        Assert.Equal(66.67m, options.InitialWeights.Blue);
        Assert.Equal(33.33m, options.InitialWeights.Green);
        Assert.Equal(StickinessMode.Header, options.Stickiness.Mode);
        Assert.Equal("x-user", options.Stickiness.Name);
        Assert.False(options.Override.Enabled);
        Assert.False(options.Health.Active.Enabled);
        Assert.Equal("/healthz", options.Health.Active.Path);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Health.Active.Interval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Health.Active.Timeout);
        Assert.False(options.Health.Passive.Enabled);
        Assert.Equal("elsewhere/state.json", options.State.Path);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Shutdown.Timeout);
        Assert.Equal(12.5m, options.Mirror.Percent);
        Assert.Equal(0, options.Mirror.MaxBodyBytes);
    }

    [Fact]
    public void Load_PoolNamesInOtherCase_AreAccepted()
    {
        var options = BlueGreenOptionsLoader.Load(CreateConfiguration(("BlueGreen:Pools:Green:Destinations:g1", BlueDestination)));

        Assert.True(options.Pools.ContainsKey("green"));
    }

    [Fact]
    public void Load_ManyProblems_ReportsEveryOneAtOnceNamingItsKey()
    {
        var configuration = CreateConfiguration(
            (BlueDestinationKey, "ftp://x"),
            ("BlueGreen:Pools:blue:Destinations:b2", "not-a-url"),
            ("BlueGreen:Pools:purple:Destinations:p1", BlueDestination),
            ("BlueGreen:InitialWeights:Blue", "60"),
            ("BlueGreen:InitialWeights:Green", "30"),
            ("BlueGreen:Stickiness:Name", ""),
            ("BlueGreen:Listen:Proxy", "not-a-url"),
            ("BlueGreen:State:Store", "Etcd"));

        var problems = LoadProblems(configuration);

        AssertNamesKey(problems, "BlueGreen:Pools:blue:Destinations:b1", "ftp://x");
        AssertNamesKey(problems, "BlueGreen:Pools:blue:Destinations:b2", "not-a-url");
        AssertNamesKey(problems, "BlueGreen:Pools:purple", "purple");
        AssertNamesKey(problems, "BlueGreen:InitialWeights");
        AssertNamesKey(problems, "BlueGreen:Stickiness:Name");
        AssertNamesKey(problems, "BlueGreen:Listen:Proxy", "not-a-url");
        AssertNamesKey(problems, "BlueGreen:State:Store", "Etcd");
        Assert.Equal(7, problems.Count);
    }

    [Theory]
    [InlineData(BlueDestinationKey, "ftp://x", BlueDestinationKey)]
    [InlineData(BlueDestinationKey, "not-a-url", BlueDestinationKey)]
    [InlineData(BlueDestinationKey, "10.0.0.5:8000", BlueDestinationKey)]
    [InlineData(BlueDestinationKey, "/var/run/app.sock", BlueDestinationKey)]
    [InlineData("BlueGreen:Pools:purple:Destinations:p1", BlueDestination, "BlueGreen:Pools:purple")]
    [InlineData("BlueGreen:Stickiness:Name", "", "BlueGreen:Stickiness:Name")]
    [InlineData("BlueGreen:Stickiness:Name", "bg id", "BlueGreen:Stickiness:Name")]
    [InlineData("BlueGreen:Stickiness:Mode", "7", "BlueGreen:Stickiness:Mode")]
    [InlineData("BlueGreen:Listen:Proxy", "not-a-url", "BlueGreen:Listen:Proxy")]
    [InlineData("BlueGreen:Listen:Proxy", "", "BlueGreen:Listen:Proxy")]
    [InlineData("BlueGreen:Listen:Admin", "ftp://127.0.0.1:8081", "BlueGreen:Listen:Admin")]
    [InlineData("BlueGreen:Listen:Admin", "http://127.0.0.1:8081;not-a-url", "BlueGreen:Listen:Admin")]
    [InlineData("BlueGreen:Listen:Admin", "http://127.0.0.1:8080", "BlueGreen:Listen:Admin")]
    [InlineData("BlueGreen:Admin:ViewerToken", "same", "BlueGreen:Admin:ViewerToken")]
    [InlineData("BlueGreen:Health:Active:Path", "healthz", "BlueGreen:Health:Active:Path")]
    [InlineData("BlueGreen:Health:Active:Interval", "00:00:00", "BlueGreen:Health:Active:Interval")]
    [InlineData("BlueGreen:Health:Active:Timeout", "-00:00:01", "BlueGreen:Health:Active:Timeout")]
    [InlineData("BlueGreen:State:Store", "Etcd", "BlueGreen:State:Store")]
    [InlineData("BlueGreen:State:Store", "Postgres", "BlueGreen:State:Store")]
    [InlineData("BlueGreen:Shutdown:Timeout", "-00:00:01", "BlueGreen:Shutdown:Timeout")]
    [InlineData("BlueGreen:Mirror:Percent", "101", "BlueGreen:Mirror:Percent")]
    [InlineData("BlueGreen:Mirror:Percent", "-1", "BlueGreen:Mirror:Percent")]
    [InlineData("BlueGreen:Mirror:Percent", "10.555", "BlueGreen:Mirror:Percent")]
    [InlineData("BlueGreen:Mirror:Percent", "ten", "BlueGreen:Mirror:Percent")]
    [InlineData("BlueGreen:Mirror:MaxBodyBytes", "-1", "BlueGreen:Mirror:MaxBodyBytes")]
    [InlineData("BlueGreen:Mirror:MaxBodyBytes", "1048577", "BlueGreen:Mirror:MaxBodyBytes")]
    public void Load_OneBadSetting_ReportsExactlyThatKey(string key, string value, string expectedKey)
    {
        var configuration = CreateConfiguration(
            ("BlueGreen:Pools:green:Destinations:g1", "http://127.0.0.1:9002"),
            ("BlueGreen:Admin:Token", "same"),
            (key, value));

        var problems = LoadProblems(configuration);

        var problem = Assert.Single(problems);
        Assert.StartsWith(expectedKey + ": ", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("60", "30")]
    [InlineData("100", "5")]
    [InlineData("-5", "105")]
    [InlineData("99.999", "0.001")]
    [InlineData("50.005", "49.995")]
    public void Load_InvalidInitialWeights_ReportsInitialWeightsWithBothValues(string blue, string green)
    {
        var configuration = CreateConfiguration(
            (BlueDestinationKey, BlueDestination),
            ("BlueGreen:InitialWeights:Blue", blue),
            ("BlueGreen:InitialWeights:Green", green));

        var problem = Assert.Single(LoadProblems(configuration));

        Assert.StartsWith("BlueGreen:InitialWeights: ", problem, StringComparison.Ordinal);
        Assert.Contains(blue, problem, StringComparison.Ordinal);
        Assert.Contains(green, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "100")]
    [InlineData("99.99", "0.01")]
    [InlineData("12.5", "87.5")]
    public void Load_ValidInitialWeights_Loads(string blue, string green)
    {
        var configuration = CreateConfiguration(
            (BlueDestinationKey, BlueDestination),
            ("BlueGreen:InitialWeights:Blue", blue),
            ("BlueGreen:InitialWeights:Green", green));

        var options = BlueGreenOptionsLoader.Load(configuration);

        Assert.Equal(100m, options.InitialWeights.Blue + options.InitialWeights.Green);
    }

    [Fact]
    public void Load_NoPoolsAtAll_ReportsPools()
    {
        var problem = Assert.Single(LoadProblems(CreateConfiguration()));

        Assert.StartsWith("BlueGreen:Pools: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PoolsWithoutDestinations_ReportsPools()
    {
        var configuration = CreateConfiguration(("BlueGreen:Pools:blue:Destinations", ""), ("BlueGreen:Pools:green", ""));

        var problem = Assert.Single(LoadProblems(configuration));

        Assert.StartsWith("BlueGreen:Pools: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OnlyAnUnknownPool_ReportsTheUnknownPoolAndThatNoDestinationIsConfigured()
    {
        var configuration = CreateConfiguration(("BlueGreen:Pools:purple:Destinations:p1", BlueDestination));

        var problems = LoadProblems(configuration);

        Assert.Equal(2, problems.Count);
        AssertNamesKey(problems, "BlueGreen:Pools:purple");
        AssertNamesKey(problems, "BlueGreen:Pools");
    }

    [Fact]
    public void Load_SameFixedUrlForProxyAndAdmin_ReportsAdmin()
    {
        var configuration = CreateConfiguration(
            (BlueDestinationKey, BlueDestination),
            ("BlueGreen:Listen:Proxy", "http://127.0.0.1:9000"),
            ("BlueGreen:Listen:Admin", "http://127.0.0.1:9000"));

        var problem = Assert.Single(LoadProblems(configuration));

        Assert.StartsWith("BlueGreen:Listen:Admin: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SharedUrlAmongSeveral_ReportsAdmin()
    {
        var configuration = CreateConfiguration(
            (BlueDestinationKey, BlueDestination),
            ("BlueGreen:Listen:Proxy", "http://127.0.0.1:9000;http://[::1]:9000"),
            ("BlueGreen:Listen:Admin", "http://127.0.0.1:9001; http://[::1]:9000"));

        var problem = Assert.Single(LoadProblems(configuration));

        Assert.StartsWith("BlueGreen:Listen:Admin: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PortZeroForProxyAndAdmin_Loads()
    {
        var configuration = CreateConfiguration(
            (BlueDestinationKey, BlueDestination),
            ("BlueGreen:Listen:Proxy", "http://127.0.0.1:0"),
            ("BlueGreen:Listen:Admin", "http://127.0.0.1:0"));

        var options = BlueGreenOptionsLoader.Load(configuration);

        Assert.Equal("http://127.0.0.1:0", options.Listen.Proxy);
        Assert.Equal("http://127.0.0.1:0", options.Listen.Admin);
    }

    [Fact]
    public void Load_UnknownStateStore_ReportsItNamingTheKeyAndTheValidValues()
    {
        var configuration = CreateConfiguration((BlueDestinationKey, BlueDestination), ("BlueGreen:State:Store", "Etcd"));

        var problem = Assert.Single(LoadProblems(configuration));

        Assert.StartsWith("BlueGreen:State:Store: ", problem, StringComparison.Ordinal);
        Assert.Contains("'Etcd' is not a store; valid values: File, Redis", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("02:00:00")]
    public void Load_SlowStartOutOfRange_ReportsItNamingTheKey(string slowStart)
    {
        var configuration = CreateConfiguration((BlueDestinationKey, BlueDestination), ("BlueGreen:Pools:blue:SlowStart", slowStart));

        var problem = Assert.Single(LoadProblems(configuration));

        Assert.StartsWith("BlueGreen:Pools:blue:SlowStart: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RedisStoreWithABadConnectionString_ReportsItNamingTheKey()
    {
        var configuration = CreateConfiguration(
            (BlueDestinationKey, BlueDestination), ("BlueGreen:State:Store", "Redis"), ("BlueGreen:State:Redis", "redis://"));

        var problem = Assert.Single(LoadProblems(configuration));

        Assert.StartsWith("BlueGreen:State:Redis: ", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("FILE")]
    public void Load_StateStoreFileInAnyCase_Loads(string store)
    {
        var configuration = CreateConfiguration((BlueDestinationKey, BlueDestination), ("BlueGreen:State:Store", store));

        var options = BlueGreenOptionsLoader.Load(configuration);

        Assert.Equal(store, options.State.Store);
    }

    [Theory]
    [InlineData("BlueGreen:Health:Active:Interval", "abc")]
    [InlineData("BlueGreen:Health:Active:Timeout", "soon")]
    [InlineData("BlueGreen:Stickiness:Mode", "Sometimes")]
    [InlineData("BlueGreen:Override:Enabled", "maybe")]
    [InlineData("BlueGreen:InitialWeights:Blue", "lots")]
    [InlineData("BlueGreen:Shutdown:Timeout", "30s")]
    public void Load_ValueTheBinderCannotConvert_ThrowsWithOneLineNamingTheKey(string key, string value)
    {
        var configuration = CreateConfiguration((BlueDestinationKey, BlueDestination), (key, value));

        var problem = Assert.Single(LoadProblems(configuration));

        Assert.StartsWith($"{key}: '{value}' ", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Theory]
    [InlineData("BlueGreen:Stickiness:Mode", "Cookies", "BlueGreen:Stickiness:Mode: 'Cookies' is not valid; valid values: None, Cookie, Header, ClientIp")]
    [InlineData("BlueGreen:Stickiness:Mode", "2", "BlueGreen:Stickiness:Mode: '2' is not valid; valid values: None, Cookie, Header, ClientIp")]
    [InlineData("BlueGreen:Stickiness:Mode", "Cookie,Header", "BlueGreen:Stickiness:Mode: 'Cookie,Header' is not valid; valid values: None, Cookie, Header, ClientIp")]
    [InlineData("BlueGreen:Override:Enabled", "yes", "BlueGreen:Override:Enabled: 'yes' is not valid; valid values: true, false")]
    [InlineData("BlueGreen:Drain:Timeout", "30s", "BlueGreen:Drain:Timeout: '30s' is not a duration; write hh:mm:ss, e.g. 00:00:05")]
    [InlineData("BlueGreen:InitialWeights:Green", "five", "BlueGreen:InitialWeights:Green: 'five' is not a number")]
    public void Load_ValueThatDoesNotConvert_NamesTheKeyAndWhatIsValid(string key, string value, string expected)
    {
        var configuration = CreateConfiguration((BlueDestinationKey, BlueDestination), (key, value));

        var problem = Assert.Single(LoadProblems(configuration));

        Assert.Equal(expected, problem);
    }

    [Theory]
    [InlineData("header", StickinessMode.Header)]
    [InlineData(" ClientIp ", StickinessMode.ClientIp)]
    public void Load_EnumNameInAnyCase_Loads(string value, StickinessMode expected)
    {
        var configuration = CreateConfiguration((BlueDestinationKey, BlueDestination), ("BlueGreen:Stickiness:Mode", value));

        Assert.Equal(expected, BlueGreenOptionsLoader.Load(configuration).Stickiness.Mode);
    }

    [Theory]
    [InlineData("BlueGreen:Pools:blue:Destination:b2", "BlueGreen:Pools:blue:Destination", "Destinations")]
    [InlineData("BlueGreen:Stikiness:Mode", "BlueGreen:Stikiness", "Stickiness")]
    [InlineData("BlueGreen:Health:Active:Intervall", "BlueGreen:Health:Active:Intervall", "Interval")]
    [InlineData("BlueGreen:Override:Enabled:x", "BlueGreen:Override:Enabled:x", "takes a value")]
    [InlineData("BlueGreen:Mirror:Percentage", "BlueGreen:Mirror:Percentage", "Percent, MaxBodyBytes")]
    public void Load_UnknownKey_ReportsItNamingTheKeysThatExist(string key, string reportedKey, string hint)
    {
        var configuration = CreateConfiguration((BlueDestinationKey, BlueDestination), (key, "http://127.0.0.1:9002"));

        var problem = Assert.Single(LoadProblems(configuration));

        Assert.StartsWith(reportedKey + ": unknown key; ", problem, StringComparison.Ordinal);
        Assert.Contains(hint, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValueWhereASectionBelongs_ReportsIt()
    {
        var configuration = CreateConfiguration((BlueDestinationKey, BlueDestination), ("BlueGreen:Stickiness", "Cookie"));

        var problem = Assert.Single(LoadProblems(configuration));

        Assert.StartsWith("BlueGreen:Stickiness: 'Cookie' is a value", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FreeFormPoolAndDestinationNamesInAnyCase_AreNotUnknownKeys()
    {
        var configuration = CreateConfiguration(
            ("BlueGreen:Pools:BLUE:destinations:web-01.eu", BlueDestination),
            ("BlueGreen:pools:green:Destinations:0", "http://127.0.0.1:9002"),
            ("bluegreen:stickiness:mode", "None"));

        var options = BlueGreenOptionsLoader.Load(configuration);

        Assert.Equal(BlueDestination, options.Pools["blue"].Destinations["web-01.eu"]);
        Assert.Equal("http://127.0.0.1:9002", options.Pools["green"].Destinations["0"]);
        Assert.Equal(StickinessMode.None, options.Stickiness.Mode);
    }

    [Fact]
    public void Load_ThreeMistakesAndATypoedKey_ReportsAllFourTogetherAndBindsTheRest()
    {
        var configuration = CreateConfiguration(
            (BlueDestinationKey, BlueDestination),
            ("BlueGreen:Stickiness:Mode", "Cookies"),
            ("BlueGreen:Health:Active:Interval", "5s"),
            ("BlueGreen:Pools:green:Destinations:g1", "not-a-url"),
            ("BlueGreen:Pools:blue:Destination:b2", "http://127.0.0.1:9002"));

        var problems = LoadProblems(configuration);

        AssertNamesKey(problems, "BlueGreen:Stickiness:Mode", "valid values: None, Cookie, Header, ClientIp");
        AssertNamesKey(problems, "BlueGreen:Health:Active:Interval", "'5s'");
        AssertNamesKey(problems, "BlueGreen:Pools:green:Destinations:g1", "not-a-url");
        AssertNamesKey(problems, "BlueGreen:Pools:blue:Destination", "unknown key");
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void Load_ShippedConfigFile_HasNoProblems()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepositoryFiles.PathOf("config/bluegreen.json")).Build();

        var options = BlueGreenOptionsLoader.Load(configuration);

        Assert.Equal(2, options.Pools.Count);
    }

    [Fact]
    public void Load_Adjust_RunsBeforeValidation()
    {
        var configuration = CreateConfiguration();

        var options = BlueGreenOptionsLoader.Load(
            configuration,
            o => o.Pools["green"] = new PoolOptions { Destinations = { ["g1"] = "http://127.0.0.1:5002" } });

        Assert.Equal("http://127.0.0.1:5002", options.Pools["green"].Destinations["g1"]);
    }

    [Fact]
    public void Load_AdjustIntroducesAProblem_ReportsIt()
    {
        var configuration = CreateConfiguration((BlueDestinationKey, BlueDestination));

        var problems = LoadProblems(configuration, o => o.Stickiness.Name = "");

        var problem = Assert.Single(problems);
        Assert.StartsWith("BlueGreen:Stickiness:Name: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Adjust_SeesTheBoundValues()
    {
        var configuration = CreateConfiguration((BlueDestinationKey, BlueDestination), ("BlueGreen:Stickiness:Name", "x-user"));
        string? seen = null;

        BlueGreenOptionsLoader.Load(configuration, o => seen = o.Stickiness.Name);

        Assert.Equal("x-user", seen);
    }

    [Fact]
    public void Load_Problems_AreAlsoTheExceptionMessageOnePerLine()
    {
        var configuration = CreateConfiguration(
            (BlueDestinationKey, "ftp://x"),
            ("BlueGreen:Stickiness:Name", ""));

        var exception = Assert.Throws<InvalidConfigurationException>(() => BlueGreenOptionsLoader.Load(configuration));

        Assert.Equal(2, exception.Problems.Count);
        Assert.Equal(string.Join(Environment.NewLine, exception.Problems), exception.Message);
    }

    [Fact]
    public void Load_NoLoadBalancingKeys_DefaultsToPowerOfTwoChoicesOnThePath()
    {
        var options = BlueGreenOptionsLoader.Load(CreateConfiguration((BlueDestinationKey, BlueDestination)));

        var pool = options.Pools["blue"];
        Assert.Equal(LoadBalancingMode.PowerOfTwoChoices, pool.LoadBalancing);
        Assert.Equal("Path", pool.HashKey);
        Assert.Equal(1.25, pool.BalanceFactor);
    }

    [Fact]
    public void Load_ConsistentHashKeysGiven_BindsThem()
    {
        var options = BlueGreenOptionsLoader.Load(CreateConfiguration(
            (BlueDestinationKey, BlueDestination),
            ("BlueGreen:Pools:blue:LoadBalancing", "ConsistentHash"),
            ("BlueGreen:Pools:blue:HashKey", "Header:X-User"),
            ("BlueGreen:Pools:blue:BalanceFactor", "1.5")));

        var pool = options.Pools["blue"];
        Assert.Equal(LoadBalancingMode.ConsistentHash, pool.LoadBalancing);
        Assert.Equal("Header:X-User", pool.HashKey);
        Assert.Equal(1.5, pool.BalanceFactor);
    }

    [Fact]
    public void Load_BadLoadBalancingKeys_ReportsEachNamingItsKey()
    {
        var configuration = CreateConfiguration(
            (BlueDestinationKey, BlueDestination),
            ("BlueGreen:Pools:blue:LoadBalancing", "Sticky"),
            ("BlueGreen:Pools:blue:HashKey", "Header:"),
            ("BlueGreen:Pools:blue:BalanceFactor", "1"),
            ("BlueGreen:Pools:green:Destinations:g1", "http://127.0.0.1:9002"),
            ("BlueGreen:Pools:green:HashKey", "Query"),
            ("BlueGreen:Pools:green:BalanceFactor", "0.5"));

        var problems = LoadProblems(configuration);

        Assert.Equal(5, problems.Count);
        AssertNamesKey(problems, "BlueGreen:Pools:blue:LoadBalancing", "valid values: RoundRobin, LeastRequests, PowerOfTwoChoices, Random, ConsistentHash");
        AssertNamesKey(problems, "BlueGreen:Pools:blue:HashKey", "valid values: Path, PathAndQuery, Header:NAME, Cookie:NAME, ClientIp");
        AssertNamesKey(problems, "BlueGreen:Pools:blue:BalanceFactor", "above 1");
        AssertNamesKey(problems, "BlueGreen:Pools:green:HashKey", "'Query'");
        AssertNamesKey(problems, "BlueGreen:Pools:green:BalanceFactor", "'0.5'");
    }

    [Fact]
    public void Load_UnknownPoolKey_ListsEveryPoolKey()
    {
        var configuration = CreateConfiguration((BlueDestinationKey, BlueDestination), ("BlueGreen:Pools:blue:Destination:b2", BlueDestination));

        var problem = Assert.Single(LoadProblems(configuration));

        Assert.Equal("BlueGreen:Pools:blue:Destination: unknown key; the keys under BlueGreen:Pools:blue are Destinations, LoadBalancing, HashKey, SlowStart, BalanceFactor, HttpVersion, DangerousAcceptAnyServerCertificate.", problem);
    }

    [Fact]
    public void Load_BalanceFactorNotANumber_NamesTheKey()
    {
        var configuration = CreateConfiguration((BlueDestinationKey, BlueDestination), ("BlueGreen:Pools:blue:BalanceFactor", "lots"));

        var problem = Assert.Single(LoadProblems(configuration));

        Assert.Equal("BlueGreen:Pools:blue:BalanceFactor: 'lots' is not a number", problem);
    }

    private static IConfiguration CreateConfiguration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();

    private static IReadOnlyList<string> LoadProblems(IConfiguration configuration, Action<BlueGreenOptions>? adjust = null) =>
        Assert.Throws<InvalidConfigurationException>(() => BlueGreenOptionsLoader.Load(configuration, adjust)).Problems;

    private static void AssertNamesKey(IReadOnlyList<string> problems, string key, string? alsoContains = null)
    {
        var matching = problems.Where(p => p.StartsWith(key + ": ", StringComparison.Ordinal)).ToList();
        Assert.True(matching.Count == 1, $"expected one problem naming {key}, got:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        if (alsoContains is not null)
        {
            Assert.Contains(alsoContains, matching[0], StringComparison.Ordinal);
        }
    }
}
