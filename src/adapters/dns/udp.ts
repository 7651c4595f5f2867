import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { runAttempt, type AttemptContext, type AttemptIo, type AttemptResult } from './attempt.js';
import type { DropCode, DroppedReplies } from './dropped.js';
import { ServerFailure } from './errors.js';

/**
 * Sockets a pool keeps open per server. RFC 5452 §9.2 asks a resolver with several queries outstanding to spread them
 * over several source ports at once, each port unpredictable (the kernel picks an ephemeral port for a socket
 * connected without a bind, at random on Linux: net/ipv4/inet_hashtables.c), and each query's ID unpredictable too.
 */
const SOCKETS_PER_SERVER = 8;
/** Queries one socket carries before a fresh one (a new random port) takes its place: the ports keep changing. */
const QUERIES_PER_SOCKET = 512;
/**
 * Queries waiting on one socket at most; one more opens a fresh socket in its place. Their replies may queue in the
 * socket's receive buffer while the event loop is busy, and Linux's default buffer (net.core.rmem_default, 208 KiB,
 * about 2 KiB of it per datagram) would drop what does not fit: a query per socket never had that problem.
 */
const WAITING_PER_SOCKET = 64;
/**
 * IDs of the latest settled queries per socket, neither reused nor counted as strays when their reply comes late (a
 * reply after its query timed out and was retried under a new ID): a socket per query dropped such a reply with the
 * socket, and a shared one must not mistake it for a spoof aimed at the queries still waiting.
 */
const RECENT_IDS = 2048;

/** What a pooled attempt asks of its caller once the socket has chosen the query's ID: the query and its context. */
export type PreparedQuery = (id: number) => { query: Buffer; ctx: AttemptContext };

/**
 * UDP queries over a few long-lived sockets per server instead of one socket per query: opening, binding, connecting
 * and closing a socket cost more than the query (README, Performance). Each socket is connected to its server
 * (RFC 5452 §9.2: the kernel then drops datagrams from any other address or port; the source of each datagram is
 * checked again here), and a reply goes to the query waiting on that socket under the reply's ID, which then checks
 * it in full (message.ts screenReply: QR, opcode, ID, question). IDs are random and never in use twice at once on a
 * socket. Sockets are unreferenced: a query's own timer keeps the process alive while it waits, an idle pool does not.
 */
export class UdpSocketPool {
    private readonly servers = new Map<string, (UdpChannel | undefined)[]>();
    private closed = false;
    private last: { address: object; slots: (UdpChannel | undefined)[] } | undefined;
    private readonly queriesPerSocket: number;
    private readonly socketsPerServer: number;

    /** `queriesPerSocket`: 1 gives every attempt a socket (and a port) of its own, as a lone query wants. */
    constructor(opts: { queriesPerSocket?: number; socketsPerServer?: number } = {}) {
        this.queriesPerSocket = opts.queriesPerSocket ?? QUERIES_PER_SOCKET;
        this.socketsPerServer = opts.socketsPerServer ?? SOCKETS_PER_SERVER;
    }

    /** One attempt over UDP to `address`; resolves with the reply and the ID it was asked under. */
    attempt(address: { host: string; port: number }, prepare: PreparedQuery): Promise<AttemptResult> {
        const slots = this.slotsOf(address);
        const slot = randomInt(0, slots.length);
        let channel = slots[slot];
        if (channel?.waitingCount === WAITING_PER_SOCKET) channel.retire();
        if (!channel || channel.retired) {
            const fresh = new UdpChannel(address, () => {
                if (slots[slot] === fresh) slots[slot] = undefined;
            });
            slots[slot] = channel = fresh;
        }
        const done = channel.run(prepare);
        if (this.closed || channel.uses >= this.queriesPerSocket) channel.retire();
        return done;
    }

    /** The sockets of `address`'s server; the last server's are kept at hand (a check asks one server thousands of times). */
    private slotsOf(address: { host: string; port: number }): (UdpChannel | undefined)[] {
        if (this.last?.address === address) return this.last.slots;
        const key = `${address.host}|${address.port}`;
        let slots = this.servers.get(key);
        if (!slots) this.servers.set(key, (slots = new Array<UdpChannel | undefined>(this.socketsPerServer)));
        this.last = { address, slots };
        return slots;
    }

    /** Closes every socket; a query still waiting ends as aborted. Later attempts each get a socket of their own. */
    close(): void {
        this.closed = true;
        for (const slots of this.servers.values()) for (const c of slots) c?.retire(true);
        this.servers.clear();
        this.last = undefined;
    }
}

interface Waiter {
    io: AttemptIo;
    dropped: DroppedReplies;
    serverText: string;
    /** The query, until it is sent. */
    query: Buffer | null;
}

/** One connected socket and the queries waiting on it, by ID. */
class UdpChannel {
    uses = 0;
    retired = false;
    private readonly socket: Socket;
    private readonly waiting = new Map<number, Waiter>();
    private readonly recent = new Set<number>();
    private readonly recentRing: number[] = [];
    private recentNext = 0;
    /** The server's address as the kernel holds it once connected (null before): the source every reply must have. */
    private remote: { address: string; port: number } | null = null;
    /** Queries to send at the end of this turn of the event loop (see flush), by ID. */
    private outbox: number[] = [];
    private socketClosed = false;

    constructor(
        private readonly address: { host: string; port: number },
        private readonly onRetired: () => void,
    ) {
        this.socket = createSocket(isIP(address.host) === 6 ? 'udp6' : 'udp4');
        this.socket.unref();
        this.socket.on('error', (err: NodeJS.ErrnoException) => this.failAll(err));
        this.socket.on('message', (msg, rinfo) => this.receive(msg, rinfo));
        this.socket.connect(address.port, address.host, (err?: Error) => {
            if (err) return this.failAll(err as NodeJS.ErrnoException);
            this.remote = this.socket.remoteAddress();
            this.flush();
        });
    }

    get waitingCount(): number {
        return this.waiting.size;
    }

    run(prepare: PreparedQuery): Promise<AttemptResult> {
        const id = this.freeId();
        this.uses++;
        const { query, ctx } = prepare(id);
        return runAttempt(
            ctx,
            (io) => {
                this.waiting.set(id, { io, dropped: ctx.dropped, serverText: ctx.serverText, query });
                if (this.outbox.push(id) === 1 && this.remote) setImmediate(flushChannel, this);
            },
            () => this.settle(id),
        );
    }

    /** No new queries; the socket closes when the last one waiting settles (at once with `now`, ending them as aborted). */
    retire(now = false): void {
        if (!this.retired) {
            this.retired = true;
            this.onRetired();
        }
        if (now) for (const [, w] of [...this.waiting]) w.io.fail(new ServerFailure('aborted', `query to ${w.serverText} aborted`));
        if (this.waiting.size === 0) this.close();
    }

    /** A random ID that is neither waiting nor recently settled on this socket (RFC 5452 §9.2: unpredictable IDs). */
    private freeId(): number {
        for (;;) {
            const id = randomInt(0, 0x10000);
            if (!this.waiting.has(id) && !this.recent.has(id)) return id;
        }
    }

    /**
     * Sends what the outbox holds, back to back. A query is not sent the moment it is asked but once the event loop has
     * handled every reply that arrived with the one that freed its place (setImmediate runs after the poll phase): a
     * reply answered by a send at once leaves the server idle between sends, and on loopback each of those sends also
     * pays for waking it (the kernel delivers the datagram inside the sender's system call); sent together, the first
     * wakes it and the rest find it awake. In a profile of `check -A` (1,000 Services against Knot) the time inside
     * send fell from 1.3 s to 0.6 s (README, Performance).
     */
    flush(): void {
        if (!this.remote) return; // connect's callback flushes
        const batch = this.outbox;
        this.outbox = [];
        for (const id of batch) this.send(id);
    }

    private send(id: number): void {
        const w = this.waiting.get(id);
        if (!w?.query) return; // settled (timed out, aborted) before its turn came
        const query = w.query;
        w.query = null;
        w.io.sentAt();
        this.socket.send(query, (err) => {
            if (!err) return;
            // ECONNREFUSED: an earlier query's ICMP port-unreachable, reported on this send; it holds for every query.
            if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') this.failAll(err);
            else this.waiting.get(id)?.io.fail(udpFailure(err, w.serverText, this.address.port));
        });
    }

    /**
     * A datagram: to the query waiting under its ID, which screens it; a late reply to a settled query is let go; any
     * other is counted by every query waiting here, as each would have seen it on a socket of its own.
     */
    private receive(msg: Buffer, rinfo: { address: string; port: number }): void {
        if (!this.remote || rinfo.address !== this.remote.address || rinfo.port !== this.remote.port) return this.dropAll('wrong-source');
        if (msg.length >= 2) {
            const id = msg.readUInt16BE(0);
            const w = this.waiting.get(id);
            if (w) return w.io.offer(msg);
            if (this.recent.has(id)) return;
        }
        this.dropAll(msg.length < 12 ? 'short' : 'wrong-id');
    }

    private dropAll(code: DropCode): void {
        for (const w of this.waiting.values()) w.dropped.add(code);
    }

    /** The socket failed (a refused port, an unreachable network): every query waiting on it fails, and it retires. */
    private failAll(err: NodeJS.ErrnoException): void {
        for (const [, w] of [...this.waiting]) w.io.fail(udpFailure(err, w.serverText, this.address.port));
        this.retire();
    }

    private settle(id: number): void {
        this.waiting.delete(id);
        const old = this.recentRing[this.recentNext];
        if (old !== undefined) this.recent.delete(old);
        this.recentRing[this.recentNext] = id;
        this.recentNext = (this.recentNext + 1) % RECENT_IDS;
        this.recent.add(id);
        if (this.retired && this.waiting.size === 0) this.close();
    }

    private close(): void {
        if (this.socketClosed) return;
        this.socketClosed = true;
        this.socket.removeAllListeners('message');
        this.socket.removeAllListeners('error');
        this.socket.on('error', () => {});
        try {
            this.socket.close();
        } catch {
            // already closed
        }
    }
}

function flushChannel(channel: UdpChannel): void {
    channel.flush();
}

function udpFailure(err: NodeJS.ErrnoException, serverText: string, port: number): ServerFailure {
    if (err.code === 'ECONNREFUSED') return new ServerFailure('refused', `${serverText} refused the query (nothing listens on UDP port ${port})`);
    return new ServerFailure('network', `cannot query ${serverText} over UDP: ${err.code ?? err.message}`);
}
