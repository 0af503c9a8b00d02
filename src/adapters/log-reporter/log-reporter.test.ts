import { describe, expect, it } from 'vitest';
import { createLogReporter } from './log-reporter';

const PHONE = '+14155552671';
const EMAIL = 'jane.doe@example.com';
const SESSION = 'better-auth.session_token=s3ss10nV4lue.sig';

function capture() {
  const lines: string[] = [];
  const reporter = createLogReporter({
    write: (line) => lines.push(line),
    now: () => new Date('2026-05-20T12:00:00Z'),
  });
  return { reporter, lines };
}

function failWhileDialingLead(): Error {
  return new Error(`Dial failed for ${PHONE} ((415) 555-2671), lead ${EMAIL}, ${SESSION}`, {
    cause: new Error(`carrier rejected ${PHONE}`),
  });
}

describe('log reporter', () => {
  it('writes one scrubbed JSON line with the stack trace', async () => {
    const { reporter, lines } = capture();
    reporter.captureException(failWhileDialingLead(), {
      route: '/api/calls/:id',
      extra: { lead: { phone: PHONE, email: EMAIL }, authorization: 'Bearer abc.def', attempt: 2 },
    });
    expect(await reporter.flush(100)).toBe(true);

    expect(lines).toHaveLength(1);
    const [line] = lines as [string];
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    for (const leak of ['4155552671', '555-2671', 'jane.doe', 's3ss10nV4lue', 'abc.def'])
      expect(line).not.toContain(leak);

    const entry = JSON.parse(line);
    expect(entry).toMatchObject({
      level: 50,
      time: Date.parse('2026-05-20T12:00:00Z'),
      msg: 'Dial failed for [phone] ([phone]), lead [email], better-auth.session_token=[token]',
      route: '/api/calls/:id',
      err: { type: 'Error', cause: { type: 'Error', message: 'carrier rejected [phone]' } },
      extra: { lead: { phone: '[phone]', email: '[email]' }, attempt: 2 },
    });
    expect(entry.extra).not.toHaveProperty('authorization');
    expect(entry.err.stack).toMatch(/at failWhileDialingLead .*log-reporter\.test\.ts:\d+:\d+/);
  });

  it('reports thrown strings and objects, scrubbed', () => {
    const { reporter, lines } = capture();
    reporter.captureException(`no lead for ${EMAIL}`);
    const cyclic: Record<string, unknown> = { phone: PHONE, token: 't' };
    cyclic.self = cyclic;
    reporter.captureException(cyclic);
    reporter.captureException(null);
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.map((e) => e.err)).toEqual([
      { type: 'string', message: 'no lead for [email]' },
      { type: 'object', message: '{"phone":"[phone]","self":"[circular]"}' },
      { type: 'null', message: 'null' },
    ]);
  });

  it('never throws, even when writing fails', () => {
    const reporter = createLogReporter({
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => reporter.captureException(new Error('x'))).not.toThrow();
  });
});
