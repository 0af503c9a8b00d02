import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { callIdFromUrl, parseAmdCallback, parseRecordingCallback, parseStatusCallback, withCallId } from './callbacks';

describe('call id in callback URLs', () => {
  it('adds our call id to a URL, keeping its own query, and reads it back', () => {
    const url = withCallId('https://dialer.example.com/hooks/status?team=7', 'call 1&2');
    expect(url).toBe('https://dialer.example.com/hooks/status?team=7&callId=call+1%262');
    expect(callIdFromUrl(url)).toBe('call 1&2');
  });

  it('replaces a call id already present rather than sending two', () => {
    const url = withCallId('https://dialer.example.com/s?callId=old', 'new');
    expect(new URL(url).searchParams.getAll('callId')).toEqual(['new']);
  });

  it('has no call id for a URL without one or no URL at all', () => {
    expect(callIdFromUrl('https://dialer.example.com/s')).toBeUndefined();
    expect(callIdFromUrl(undefined)).toBeUndefined();
    expect(callIdFromUrl('not a url')).toBeUndefined();
  });
});

describe('parseStatusCallback', () => {
  const completed = {
    AccountSid: 'AC1',
    CallSid: 'CA1',
    CallStatus: 'completed',
    Direction: 'outbound-api',
    From: '+12025550123',
    To: '+14155550100',
    Timestamp: 'Tue, 01 Jan 2030 12:00:10 GMT',
    SequenceNumber: '3',
    CallDuration: '42',
    AnsweredBy: 'machine_end_beep',
    RecordingSid: 'RE1',
  };

  it('turns SignalWire’s fields into a StatusEvent keyed for idempotency', () => {
    expect(parseStatusCallback(completed, 'https://d.example.com/status?callId=c-9')).toEqual({
      eventKey: 'CA1:completed',
      providerSid: 'CA1',
      callId: 'c-9',
      status: 'completed',
      sequenceNumber: 3,
      timestamp: new Date('2030-01-01T12:00:10Z'),
      durationSec: 42,
      answeredBy: 'machine',
      from: '+12025550123',
      to: '+14155550100',
      recordingSid: 'RE1',
    });
  });

  it('keeps only what was sent', () => {
    expect(parseStatusCallback({ CallSid: 'CA2', CallStatus: 'ringing' })).toEqual({
      eventKey: 'CA2:ringing',
      providerSid: 'CA2',
      status: 'ringing',
    });
  });

  it('rejects a callback it cannot trust the shape of', () => {
    const bad = [
      { CallStatus: 'ringing' },
      { CallSid: 'CA1' },
      { CallSid: 'CA1', CallStatus: 'answered' },
      { CallSid: 'CA1', CallStatus: 'completed', CallDuration: '4.5' },
      { CallSid: 'CA1', CallStatus: 'completed', SequenceNumber: '-1' },
      { CallSid: 'CA1', CallStatus: 'completed', Timestamp: 'yesterday-ish' },
    ];
    for (const params of bad) {
      expect(() => parseStatusCallback(params)).toThrow(AppError);
    }
  });
});

describe('parseRecordingCallback', () => {
  it('reads a completed recording', () => {
    const params = {
      CallSid: 'CA1',
      RecordingSid: 'RE1',
      RecordingStatus: 'completed',
      RecordingDuration: '61',
      RecordingChannels: '1',
      RecordingUrl: 'https://x/RE1',
    };
    expect(parseRecordingCallback(params, 'https://d.example.com/rec?callId=c-1')).toEqual({
      eventKey: 'RE1:completed',
      providerSid: 'CA1',
      callId: 'c-1',
      recordingSid: 'RE1',
      status: 'completed',
      durationSec: 61,
      channels: 1,
    });
  });

  it('rejects an unknown recording status or a missing recording sid', () => {
    expect(() => parseRecordingCallback({ CallSid: 'CA1', RecordingSid: 'RE1', RecordingStatus: 'paused' })).toThrow(
      AppError,
    );
    expect(() => parseRecordingCallback({ CallSid: 'CA1', RecordingStatus: 'completed' })).toThrow(AppError);
  });
});

describe('parseAmdCallback', () => {
  it('reads the verdict, counting anything but human as machine', () => {
    expect(parseAmdCallback({ CallSid: 'CA1', AnsweredBy: 'human', MachineDetectionDuration: '2400' })).toEqual({
      eventKey: 'CA1:amd',
      providerSid: 'CA1',
      answeredBy: 'human',
      detectionMs: 2400,
    });
    expect(parseAmdCallback({ CallSid: 'CA1', AnsweredBy: 'fax' }).answeredBy).toBe('machine');
    expect(() => parseAmdCallback({ CallSid: 'CA1' })).toThrow(AppError);
  });
});
