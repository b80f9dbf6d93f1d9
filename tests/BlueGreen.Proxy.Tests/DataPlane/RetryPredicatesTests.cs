using BlueGreen.Proxy.DataPlane;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class RetryPredicatesTests
{
    [Theory]
    [InlineData("GET", null, true)]
    [InlineData("HEAD", null, true)]
    [InlineData("OPTIONS", null, true)]
    [InlineData("TRACE", null, true)]
    [InlineData("POST", 0L, true)]
    [InlineData("DELETE", 0L, true)]
    [InlineData("POST", 12L, false)]
    [InlineData("PUT", 12L, false)]
    public void IsReplayable_MethodAndBody_OnlySafeOrBodiless(string method, long? contentLength, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.ContentLength = contentLength;

        Assert.Equal(expected, RetryMiddleware.IsReplayable(context.Request));
    }

    [Fact]
    public void IsReplayable_PostWithoutContentLengthThatCannotHaveABody_IsReplayable()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(canHaveBody: false));

        Assert.True(RetryMiddleware.IsReplayable(context.Request));
    }

    [Fact]
    public void IsReplayable_ChunkedPost_IsNot()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(canHaveBody: true));

        Assert.False(RetryMiddleware.IsReplayable(context.Request));
    }

    [Theory]
    [InlineData(ForwarderError.Request, false, true)]
    [InlineData(ForwarderError.Request, true, false)]
    [InlineData(ForwarderError.RequestTimedOut, false, false)]
    [InlineData(ForwarderError.ResponseBodyDestination, false, false)]
    [InlineData(ForwarderError.RequestCanceled, false, false)]
    [InlineData(ForwarderError.None, false, false)]
    public void FailedBeforeResponse_OnlyARefusedOrDroppedRequestBeforeAnyResponseByte(ForwarderError error, bool responseStarted, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseFeature>(new ResponseFeature(responseStarted));
        if (error != ForwarderError.None)
        {
            context.Features.Set<IForwarderErrorFeature>(new ErrorFeature(error));
        }

        Assert.Equal(expected, RetryMiddleware.FailedBeforeResponse(context));
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody { get; } = canHaveBody;
    }

    private sealed class ErrorFeature(ForwarderError error) : IForwarderErrorFeature
    {
        public ForwarderError Error { get; } = error;

        public Exception? Exception => null;
    }

    private sealed class ResponseFeature(bool hasStarted) : HttpResponseFeature
    {
        public override bool HasStarted { get; } = hasStarted;
    }
}
