import { useEffect, useState } from 'react';

/** The disposition form of the call on screen. */
export type WrapUp = {
  callId: string | null;
  disposition: string | null;
  notes: string;
  callbackLocal: string;
  consent: boolean;
  pauseAfter: boolean;
};

// One draft per tab (sessionStorage: it survives a reload, not the tab), for one call: typed notes are not lost when
// the agent reloads during wrap-up, and never show up on another call's form.
const DRAFT_KEY = 'dialerseat:wrap-up-draft';
type Draft = { callId: string; disposition: string | null; notes: string };

function readDraft(callId: string | null): Pick<WrapUp, 'disposition' | 'notes'> {
  try {
    const d = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null') as Draft | null;
    if (callId && d?.callId === callId) return { disposition: d.disposition, notes: d.notes };
  } catch {
    // A draft that cannot be read is no draft.
  }
  return { disposition: null, notes: '' };
}

const fresh = (callId: string | null): WrapUp => ({
  callId,
  callbackLocal: '',
  consent: false,
  pauseAfter: false,
  ...readDraft(callId),
});

/** The wrap-up form's state: a new call on screen starts a clean form, or the draft kept for it across a reload. */
export function useWrapUp(callId: string | null) {
  const [form, setForm] = useState<WrapUp>(() => fresh(callId));
  const current = form.callId === callId ? form : null;
  if (!current) setForm(fresh(callId));
  const shown = current ?? fresh(callId);

  const { disposition, notes } = shown;
  useEffect(() => {
    if (!callId) return;
    if (!disposition && !notes) return sessionStorage.removeItem(DRAFT_KEY);
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ callId, disposition, notes } satisfies Draft));
  }, [callId, disposition, notes]);

  const update = (patch: Partial<Omit<WrapUp, 'callId'>>) => setForm((f) => ({ ...f, ...patch }));
  return {
    form: shown,
    update,
    /** The disposition was saved: the draft is done with. */
    saved: () => {
      sessionStorage.removeItem(DRAFT_KEY);
      setForm({ callId, disposition: null, notes: '', callbackLocal: '', consent: false, pauseAfter: false });
    },
  };
}
