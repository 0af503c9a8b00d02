import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conferenceCxml, inboundMenuCxml, sayAndHangUpCxml } from '../signalwire/cxml';
import { verifySignalWireRequest } from '../signalwire/signature';
import { ManualScheduler } from './scheduler';
import { SimulatorTelephony } from './simulator-telephony';

// The simulator ringing one of our numbers: it fetches the voice URL signed as SignalWire signs, follows the
// document it gets (conference, one-key menu, or a message) and reports the end to the status callback.

const KEY = 'PSKinbound-test-key';
const OURS = '+12025550123';
type Hit = { path: string; params: Record<string, string>; valid: boolean };

let server: Server;
let base: string;
const hits: Hit[] = [];
/** What our voice URL answers, per caller. */
const documents = new Map<string, string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = base + (req.url ?? '/');
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const signature = req.headers['x-signalwire-signature'] as string | undefined;
      hits.push({
        path: new URL(url).pathname,
        params,
        valid: verifySignalWireRequest(KEY, { url, params, signature }),
      });
      const path = new URL(url).pathname;
      if (path === '/inbound') res.writeHead(200, { 'content-type': 'text/xml' }).end(documents.get(params.From ?? ''));
      else if (path === '/key') res.writeHead(200, { 'content-type': 'text/xml' }).end(sayAndHangUpCxml('Done.'));
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function simulator(withRoute = true) {
  const scheduler = new ManualScheduler(new Date('2030-01-08T16:00:00Z'));
  const sim = new SimulatorTelephony({
    signingKey: KEY,
    scheduler,
    seed: 1,
    numbers: [{ e164: OURS }],
    ...(withRoute ? { inbound: { voiceUrl: `${base}/inbound`, statusCallbackUrl: `${base}/status` } } : {}),
  });
  const elapse = async (sec: number) => {
    scheduler.advanceBy(sec * 1000);
    await sim.idle();
  };
  return { sim, elapse };
}

const forCall = (sid: string) => hits.filter((h) => h.params.CallSid === sid);

describe('inbound calls on the simulator', () => {
  it('refuses a call before a route is set, to a number it does not own, or from a non-number', async () => {
    await expect(simulator(false).sim.placeInboundCall({ from: '+12125550147', to: OURS })).rejects.toMatchObject({
      code: 'invalid_state',
    });
    const { sim } = simulator();
    await expect(sim.placeInboundCall({ from: 'anonymous', to: '+13125550123' })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { from: 'not an E.164 number', to: 'not a number of this account' } },
    });
  });

  it('follows a one-key menu: the key is posted to its action after the prompt, then the call ends', async () => {
    const caller = '+12125550101';
    documents.set(caller, inboundMenuCxml({ prompt: 'Press 9.', actionUrl: `${base}/key?callId=c-9`, noKey: 'Bye.' }));
    const { sim, elapse } = simulator();
    const { providerSid } = await sim.placeInboundCall({ from: caller, to: OURS, pressKey: '9' });
    await sim.idle();
    expect(forCall(providerSid).map((h) => h.path)).toEqual(['/inbound']);
    expect(forCall(providerSid)[0]).toMatchObject({
      valid: true,
      params: { From: caller, To: OURS, Direction: 'inbound', CallStatus: 'ringing' },
    });
    await elapse(5);
    expect(forCall(providerSid)).toHaveLength(1);
    await elapse(1);
    expect(forCall(providerSid).at(-1)).toMatchObject({ path: '/key', valid: true, params: { Digits: '9' } });
    await elapse(2);
    const end = forCall(providerSid).at(-1)!;
    expect(end).toMatchObject({ path: '/status', valid: true, params: { CallStatus: 'completed', CallDuration: '8' } });
    expect((await sim.getCall({ providerSid })).status).toBe('completed');
  });

  it('keeps a caller put through to a conference on until they hang up, or until we hang up', async () => {
    const caller = '+12125550102';
    documents.set(caller, conferenceCxml({ conferenceName: 'agent-x' }));
    const { sim, elapse } = simulator();
    const first = await sim.placeInboundCall({ from: caller, to: OURS, hangUpAfterSec: 30 });
    await sim.idle(); // our voice URL answered: the caller is on
    await elapse(29);
    expect((await sim.getCall({ providerSid: first.providerSid })).status).toBe('in-progress');
    await elapse(1);
    expect(forCall(first.providerSid).at(-1)).toMatchObject({
      path: '/status',
      params: { CallStatus: 'completed', CallDuration: '30' },
    });

    const second = await sim.placeInboundCall({ from: caller, to: OURS, hangUpAfterSec: 30 });
    await sim.idle();
    await elapse(10);
    await sim.hangUp({ providerSid: second.providerSid });
    await sim.idle();
    expect(forCall(second.providerSid).at(-1)).toMatchObject({
      path: '/status',
      params: { CallStatus: 'completed', CallDuration: '10' },
    });
  });

  it('hangs up with no key pressed after the menu times out', async () => {
    const caller = '+12125550103';
    documents.set(caller, inboundMenuCxml({ prompt: 'Press 9.', actionUrl: `${base}/key?callId=c-0`, noKey: 'Bye.' }));
    const { sim, elapse } = simulator();
    const { providerSid } = await sim.placeInboundCall({ from: caller, to: OURS });
    await sim.idle();
    await elapse(13);
    expect(forCall(providerSid).map((h) => h.path)).toEqual(['/inbound']);
    await elapse(1);
    expect(forCall(providerSid).map((h) => h.path)).toEqual(['/inbound', '/status']);
  });
});
