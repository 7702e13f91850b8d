import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Connection limits: what Hummingbird 2 offers is used as it is, the rest is done here at the
/// NIO channel level.
///
/// - idle: Hummingbird's `HTTP1Channel.Configuration.idleTimeout` closes a connection on which no
///   request part arrived for this long while no response is being written (between keep-alive
///   requests, and a request head that never completes).
/// - header: from the first byte of a request to the end of its head (Hummingbird has no such
///   limit; ``RequestDeadlineHandler``). A client trickling one header byte a second is cut off.
/// - body: from the end of the head to the end of the body, however steadily it trickles
///   (``RequestDeadlineHandler``).
/// - connections: Hummingbird's `MaximumAvailableConnections` stops accepting past the cap (the
///   kernel's backlog holds the rest until a connection closes).
public struct ConnectionLimits: Sendable {
    /// Seconds a keep-alive connection may sit idle.
    public var idleTimeoutSeconds: Int64 = 30
    /// Seconds from a request's first byte to the end of its head.
    public var headerTimeoutSeconds: Int64 = 10
    /// Seconds from the end of a request's head to the end of its body.
    public var bodyTimeoutSeconds: Int64 = 60
    /// Connections served at once.
    public var maxConnections: Int = 2_000

    /// Defaults.
    public init() {}
}

/// Sits at the head of the pipeline, before the HTTP decoder, and tells ``RequestDeadlineHandler``
/// (after the decoder) that bytes arrived, so the header deadline can start at a request's first
/// byte rather than when the connection opened.
final class BytesArrivedHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The event passed down the pipeline.
    struct BytesArrived {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(BytesArrived())
        context.fireChannelRead(data)
    }
}

/// Closes a connection whose request head does not complete within the header timeout of its
/// first byte, or whose body does not complete within the body timeout of its head.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Phase { case waiting, head, body, responding }
    private let headerTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private var phase = Phase.waiting
    private var deadline: Scheduled<Void>?

    init(headerTimeout: TimeAmount, bodyTimeout: TimeAmount) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is BytesArrivedHandler.BytesArrived {
            if phase == .waiting {
                phase = .head
                arm(context, headerTimeout)
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            phase = .body
            arm(context, bodyTimeout)
        case .body:
            break
        case .end:
            phase = .responding
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), phase == .responding { phase = .waiting }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    private func arm(_ context: ChannelHandlerContext, _ after: TimeAmount) {
        disarm()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: after) { loopBound.value.close(promise: nil) }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

/// Hummingbird's HTTP/1.1 channel with ``BytesArrivedHandler`` in front of its decoder and
/// ``RequestDeadlineHandler`` behind it.
struct DeadlineHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let inner: HTTP1Channel

    init(responder: @escaping HTTPChannelHandler.Responder, limits: ConnectionLimits) {
        let header = TimeAmount.seconds(limits.headerTimeoutSeconds), body = TimeAmount.seconds(limits.bodyTimeoutSeconds)
        inner = HTTP1Channel(responder: responder, configuration: .init(
            additionalChannelHandlers: [RequestDeadlineHandler(headerTimeout: header, bodyTimeout: body)],
            idleTimeout: .seconds(limits.idleTimeoutSeconds)))
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(BytesArrivedHandler())
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with ``ConnectionLimits``' header and body deadlines and idle timeout.
    static func http1(limits: ConnectionLimits) -> HTTPServerBuilder {
        .init { responder in DeadlineHTTP1Channel(responder: responder, limits: limits) }
    }
}
