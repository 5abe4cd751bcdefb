package io.livechat.http;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Aggregates request bodies up to a limit and answers larger ones with the JSON {@code message_too_large} error,
 * then closes without resetting the connection ({@link LingeringClose}).
 */
public final class BodyLimitAggregator extends HttpObjectAggregator {

    private final Runnable onOversized;

    public BodyLimitAggregator(int maxBodyBytes, Runnable onOversized) {
        super(maxBodyBytes);
        this.onOversized = onOversized;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        onOversized.run();
        var response = HttpResponses.error(new ChatException(ErrorCode.MESSAGE_TOO_LARGE,
                "request body larger than " + maxContentLength() + " bytes"));
        // the rest of the body may still be arriving: close after it, so that the answer is not lost to a reset
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        LingeringClose.writeAndClose(ctx, response);
    }
}
