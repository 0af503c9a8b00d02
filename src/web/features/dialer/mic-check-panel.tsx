import type { MicCheckApi } from './use-mic-check';

/** The microphone check on the Start card: ask, pick devices, watch the level move, or read what to fix. */
export function MicCheckPanel({ mic }: { mic: MicCheckApi }) {
  const { check, inputs, outputs, choice } = mic;
  const level = check.status === 'live' ? Math.round(check.level * 100) : 0;
  return (
    <div className="mic-check" role="group" aria-labelledby="mic-check-heading">
      <h3 id="mic-check-heading">Microphone check</h3>
      {check.status === 'idle' && (
        <p className="muted">
          Your browser will ask to use the microphone. Allow it, then speak to see the level move.
        </p>
      )}
      {check.status === 'asking' && <p aria-live="polite">Waiting for your browser’s permission…</p>}
      {check.status === 'failed' && (
        <p className="field__error" role="alert">
          {check.message}
        </p>
      )}
      {check.status === 'live' && (
        <>
          <div className="field">
            <label htmlFor="mic-input">Microphone</label>
            <select
              id="mic-input"
              value={choice.input ?? ''}
              onChange={(e) => mic.choose({ input: e.target.value || null })}
            >
              <option value="">Browser default</option>
              {inputs.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="mic-output">Speaker or headset</label>
            <select
              id="mic-output"
              value={choice.output ?? ''}
              onChange={(e) => mic.choose({ output: e.target.value || null })}
            >
              <option value="">Browser default</option>
              {outputs.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
          <div
            className="mic-check__meter"
            role="meter"
            aria-label="Microphone level"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={level}
          >
            <span style={{ width: `${level}%` }} />
          </div>
          <p className="alert alert--ok">Your microphone works. Speak and watch the level move.</p>
        </>
      )}
      {check.status !== 'live' && (
        <button type="button" className="btn" onClick={mic.start} disabled={check.status === 'asking'}>
          {check.status === 'failed' ? 'Check again' : 'Check my microphone'}
        </button>
      )}
    </div>
  );
}
