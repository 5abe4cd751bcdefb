package io.livechat.http;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.util.ReferenceCountUtil;

import java.util.List;

/**
 * Answers a request the HTTP decoder could not read cleanly (a malformed head, two different
 * {@code Content-Length} headers) with {@code 400 bad_request} and closes the connection: where such a request ends
 * is ambiguous, so nothing after it on the connection can be trusted (the request-smuggling rule of RFC 9112 §6.3).
 *
 * <p>Runs on the channel's event loop.
 */
@ChannelHandler.Sharable
public final class MalformedRequestFilter extends ChannelInboundHandlerAdapter {

    public static final MalformedRequestFilter INSTANCE = new MalformedRequestFilter();

    private MalformedRequestFilter() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req && malformed(req)) {
            ReferenceCountUtil.release(msg);
            ctx.channel().config().setAutoRead(false);
            var response = HttpResponses.error(new ChatException(ErrorCode.BAD_REQUEST,
                    "malformed request head (e.g. two different Content-Length headers)"));
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            LingeringClose.writeAndClose(ctx, response);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean malformed(FullHttpRequest req) {
        if (req.decoderResult().isFailure()) {
            return true;
        }
        List<String> lengths = req.headers().getAll(HttpHeaderNames.CONTENT_LENGTH);
        return lengths.size() > 1 && lengths.stream().map(String::trim).distinct().count() > 1;
    }
}
