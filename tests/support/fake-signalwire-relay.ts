import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

// A small local stand-in for SignalWire's relay (the websocket the browser SDK talks JSON-RPC to), enough for the
// real `@signalwire/js` to connect with a subscriber token, dial an address, get its SDP answered and see its call
// joined — so a test in Chromium can run the pinned SDK offline. It speaks only what our use needs: connect,
// `webrtc.verto` (invite, bye, the rest acknowledged), mute, re-authentication and ping. The SDP answer comes from
// the test (a second peer connection in the browser), so the media negotiation is a real one.

type Rpc = { jsonrpc: '2.0'; id: string; method?: string; params?: Record<string, unknown>; result?: unknown };
export type RelayInvite = { callId: string; to: string; sdp: string };

export class FakeSignalWireRelay {
  readonly received: { method: string; params: Record<string, unknown> }[] = [];
  readonly invites: RelayInvite[] = [];
  readonly byes: string[] = [];
  readonly tokens: string[] = [];
  readonly mutes: string[] = [];
  private sockets = new Set<WebSocket>();

  private constructor(
    private readonly server: WebSocketServer,
    private readonly answer: (offer: string) => Promise<string>,
  ) {
    server.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (data) => void this.handle(ws, JSON.parse(String(data)) as Rpc));
    });
  }

  /** `answer` turns the browser's SDP offer into an answer (the far end of the call). */
  static async start(answer: (offer: string) => Promise<string>): Promise<FakeSignalWireRelay> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new FakeSignalWireRelay(server, answer);
  }

  /** The relay's address, as a token's `ch` claim names it. */
  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A subscriber token shaped like SignalWire's: a JWT whose header's `ch` sends the SDK to this relay. */
  token(subject = 'agent'): string {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 7200;
    return `${part({ typ: 'SAT', alg: 'none', ch: this.url })}.${part({ sub: subject, exp, jti: randomUUID() })}.fake`;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private send(ws: WebSocket, message: object) {
    ws.send(JSON.stringify({ jsonrpc: '2.0', ...message }));
  }

  private event(ws: WebSocket, eventType: string, params: object) {
    this.send(ws, { id: randomUUID(), method: 'signalwire.event', params: { event_type: eventType, params } });
  }

  private async handle(ws: WebSocket, rpc: Rpc): Promise<void> {
    if (!rpc.method) return; // the SDK acknowledging one of our events
    const params = rpc.params ?? {};
    this.received.push({ method: rpc.method, params });
    const reply = (result: unknown) => this.send(ws, { id: rpc.id, result });
    switch (rpc.method) {
      case 'signalwire.connect': {
        const auth = params.authentication as { jwt_token?: string } | undefined;
        if (auth?.jwt_token) this.tokens.push(auth.jwt_token);
        return reply({
          identity: `fake-identity-${randomUUID()}`,
          protocol: `fake-protocol-${randomUUID()}`,
          ice_servers: [],
          authorization: {
            jti: randomUUID(),
            project_id: 'fake-project',
            fabric_subscriber: {
              version: 1,
              expires_at: Math.floor(Date.now() / 1000) + 7200,
              subscriber_id: 'fake-subscriber',
              project_id: 'fake-project',
            },
          },
        });
      }
      case 'signalwire.reauthenticate': {
        const auth = params.authentication as { jwt_token?: string } | undefined;
        if (auth?.jwt_token) this.tokens.push(auth.jwt_token);
        return reply({});
      }
      case 'webrtc.verto':
        return this.verto(ws, rpc, params);
      case 'call.mute':
      case 'call.unmute':
        this.mutes.push(rpc.method);
        return reply({ code: '200', message: 'OK' });
      default:
        return reply({ code: '200', message: 'OK' });
    }
  }

  private async verto(ws: WebSocket, rpc: Rpc, params: Record<string, unknown>): Promise<void> {
    const message = (params.message ?? {}) as { id?: string; method?: string; params?: Record<string, unknown> };
    const dialog = (message.params?.dialogParams ?? {}) as { callID?: string; destination_number?: string };
    const callId = String(params.callID ?? dialog.callID ?? '');
    const ok = (result: object) =>
      this.send(ws, {
        id: rpc.id,
        result: { node_id: 'fake-node', result: { jsonrpc: '2.0', id: message.id, result } },
      });
    if (message.method === 'verto.bye') {
      this.byes.push(callId);
      return ok({ message: 'CALL ENDED', callID: callId });
    }
    if (message.method !== 'verto.invite') return ok({ message: 'OK', callID: callId });
    const sdp = String(message.params?.sdp ?? '');
    this.invites.push({ callId, to: String(dialog.destination_number ?? ''), sdp });
    ok({ message: 'CALL CREATED', callID: callId });
    // The far end answers, then the call is joined (what SignalWire sends once the resource's cXML runs).
    const answer = await this.answer(sdp);
    this.event(ws, 'webrtc.message', {
      jsonrpc: '2.0',
      id: randomUUID(),
      method: 'verto.answer',
      params: { callID: callId, sdp: answer },
    });
    const memberId = randomUUID();
    const roomSessionId = randomUUID();
    this.event(ws, 'call.joined', {
      call_id: callId,
      origin_call_id: callId,
      member_id: memberId,
      room_id: 'fake-room',
      room_session_id: roomSessionId,
      node_id: 'fake-node',
      // What a call may do to itself; a live space's grant for a cXML conference is one of the live checks.
      capabilities: ['self', 'end'],
      room_session: {
        id: roomSessionId,
        room_session_id: roomSessionId,
        room_id: 'fake-room',
        name: 'fake-room',
        members: [{ member_id: memberId, call_id: callId, type: 'member', name: 'agent', audio_muted: false }],
      },
    });
  }
}
