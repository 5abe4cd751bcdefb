package io.livechat.http;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * Aggregates request bodies up to a limit and answers larger ones with the JSON {@code message_too_large} error,
 * then closes without resetting the connection ({@link LingeringClose}).
 */
public final class BodyLimitAggregator extends HttpObjectAggregator {

    private final Runnable onOversized;

    public BodyLimitAggregator(int maxBodyBytes, Runnable onOversized) {
        // closeOnExpectationFailed: after refusing an announced body (Expect: 100-continue) the connection is closed,
        // since the decoder would otherwise take the client's next request for that body
        super(maxBodyBytes, true);
        this.onOversized = onOversized;
    }

    /** A body announced with {@code Expect: 100-continue} and too large gets our JSON 413, not Netty's empty one. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse r && r.status().code() == 413) {
            ReferenceCountUtil.release(response);
            onOversized.run();
            FullHttpResponse json = tooLarge();
            json.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return json;
        }
        return response;
    }

    private FullHttpResponse tooLarge() {
        return HttpResponses.error(new ChatException(ErrorCode.MESSAGE_TOO_LARGE,
                "request body larger than " + maxContentLength() + " bytes"));
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        onOversized.run();
        FullHttpResponse response = tooLarge();
        // the rest of the body may still be arriving: close after it, so that the answer is not lost to a reset
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        LingeringClose.writeAndClose(ctx, response);
    }
}
