import { useState } from 'react';

/** The disposition form of the call on screen. */
export type WrapUp = {
  callId: string | null;
  disposition: string | null;
  notes: string;
  callbackLocal: string;
  consent: boolean;
  pauseAfter: boolean;
};

const fresh = (callId: string | null): WrapUp => ({ callId, disposition: null, notes: '', callbackLocal: '', consent: false, pauseAfter: false });

/** The wrap-up form's state: a new call on screen starts a clean form. */
export function useWrapUp(callId: string | null) {
  const [form, setForm] = useState<WrapUp>(() => fresh(callId));
  const current = form.callId === callId ? form : null;
  if (!current) setForm(fresh(callId));

  const update = (patch: Partial<Omit<WrapUp, 'callId'>>) => setForm((f) => ({ ...f, ...patch }));
  return {
    form: current ?? fresh(callId),
    update,
    /** The disposition was saved. */
    saved: () => setForm(fresh(callId)),
  };
}
