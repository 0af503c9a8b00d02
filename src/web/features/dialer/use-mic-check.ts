import { useCallback, useEffect, useRef, useState } from 'react';
import {
  levelFrom,
  micFailed,
  micFailureFrom,
  micPrecondition,
  pickDevice,
  rememberDevices,
  rememberedDevices,
  type DeviceChoice,
  type MicCheck,
} from './mic-check';

export type AudioDevice = { deviceId: string; label: string };

/**
 * The microphone check before Ready: asks for the microphone, lists input and output devices (the choice remembered
 * in this browser), and reads a live input level from an AnalyserNode. Everything is released when the check is
 * switched off or the screen goes.
 */
export function useMicCheck(enabled: boolean) {
  const [check, setCheck] = useState<MicCheck>({ status: 'idle' });
  const [inputs, setInputs] = useState<AudioDevice[]>([]);
  const [outputs, setOutputs] = useState<AudioDevice[]>([]);
  const [choice, setChoice] = useState<DeviceChoice>(() => rememberedDevices(localStorage));
  const release = useRef<(() => void) | null>(null);

  const stop = useCallback(() => {
    release.current?.();
    release.current = null;
  }, []);

  const start = useCallback(
    async (input: string | null) => {
      stop();
      const blocked = micPrecondition({
        isSecureContext: window.isSecureContext,
        hasGetUserMedia: typeof navigator.mediaDevices?.getUserMedia === 'function',
      });
      if (blocked) return setCheck(micFailed(blocked));
      setCheck({ status: 'asking' });
      let stream: MediaStream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: input ? { deviceId: { exact: input } } : true,
        });
      } catch (e) {
        return setCheck(micFailed(micFailureFrom(e)));
      }
      // Labels are only readable once permission is granted, so the lists are read after getUserMedia.
      const devices = await navigator.mediaDevices.enumerateDevices();
      const named = (kind: MediaDeviceKind) =>
        devices
          .filter((d) => d.kind === kind && d.deviceId)
          .map((d, i) => ({
            deviceId: d.deviceId,
            label: d.label || `${kind === 'audioinput' ? 'Microphone' : 'Speaker'} ${i + 1}`,
          }));
      setInputs(named('audioinput'));
      setOutputs(named('audiooutput'));
      setChoice((c) => ({
        input: pickDevice(c.input, named('audioinput')) ?? input,
        output: pickDevice(c.output, named('audiooutput')),
      }));

      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 512;
      ctx.createMediaStreamSource(stream).connect(analyser);
      const samples = new Uint8Array(analyser.fftSize);
      let frame = 0;
      const tick = () => {
        analyser.getByteTimeDomainData(samples);
        setCheck({ status: 'live', level: levelFrom(samples) });
        frame = requestAnimationFrame(tick);
      };
      tick();
      release.current = () => {
        cancelAnimationFrame(frame);
        stream.getTracks().forEach((t) => t.stop());
        void ctx.close();
      };
    },
    [stop],
  );

  useEffect(() => {
    if (!enabled) {
      stop();
      // Switching the check off (another way to talk, or Ready) resets it to be asked again next time.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setCheck({ status: 'idle' });
    }
    return stop;
  }, [enabled, stop]);

  const choose = useCallback(
    (patch: Partial<DeviceChoice>) => {
      const next = { ...choice, ...patch };
      setChoice(next);
      rememberDevices(localStorage, next);
      if (patch.input !== undefined) void start(patch.input);
    },
    [choice, start],
  );

  return { check, inputs, outputs, choice, start: () => void start(choice.input), choose };
}

export type MicCheckApi = ReturnType<typeof useMicCheck>;
